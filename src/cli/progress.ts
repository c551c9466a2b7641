// A progress bar on stderr, only when stderr is a terminal; quick jobs (< 250 ms) print nothing.
import type { Progress } from './spec.ts';

const WIDTH = 28;
const FIRST_DRAW_MS = 250;
const REDRAW_MS = 100;

export function makeProgress(
  label: string,
  enabled: boolean,
  write: (text: string) => void,
  now = () => Date.now(),
): Progress {
  const start = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(fraction: number, detail = '') {
      if (!enabled) return;
      const t = now();
      if (t - start < FIRST_DRAW_MS || t - last < REDRAW_MS) return;
      last = t;
      const f = Math.min(1, Math.max(0, fraction));
      const fill = Math.round(f * WIDTH);
      const eta = f > 0.01 ? ` ETA ${Math.round((((t - start) / f) * (1 - f)) / 1000)} s` : '';
      write(
        `\r${label} [${'#'.repeat(fill)}${' '.repeat(WIDTH - fill)}] ${(f * 100).toFixed(0).padStart(3)}%${eta} ${detail}\x1b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}
