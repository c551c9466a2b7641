/**
 * Progress for a compute job: fraction (monotone), elapsed time and ETA, iteration and residual. Sends at
 * most every `minIntervalMs`, and a heartbeat every `heartbeatMs` while the thread is free, so the UI hears
 * from a job at least every 250 ms even while a step reports nothing (e.g. the CPU projector's threads
 * computing, or a preparation step).
 */
import type { JobProgress, ProgressCallback } from './reconTypes.ts';

export type ProgressUpdate = Omit<JobProgress, 'elapsedS' | 'etaS'>;

export interface ProgressReporter {
  update(p: ProgressUpdate, force?: boolean): void;
  /** the last update, for results and previews */
  readonly last: ProgressUpdate;
  stop(): void;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function progressReporter(
  send: ProgressCallback | undefined,
  minIntervalMs = 100,
  heartbeatMs = 200,
): ProgressReporter {
  const t0 = now();
  let last: ProgressUpdate = { fraction: 0, stage: 'starting' };
  let lastSent = -Infinity;
  let stopped = false;
  const emit = (): void => {
    if (!send || stopped) return;
    lastSent = now();
    const elapsedS = (lastSent - t0) / 1000;
    const f = last.fraction;
    const etaS = f > 0.02 && elapsedS > 0.2 ? (elapsedS * (1 - f)) / f : null;
    void send({ ...last, elapsedS, etaS });
  };
  const timer = setInterval(() => {
    if (now() - lastSent >= heartbeatMs) emit();
  }, heartbeatMs / 2);
  return {
    update(p, force = false) {
      last = { ...p, fraction: Math.min(1, Math.max(last.fraction, p.fraction)) };
      if (force || now() - lastSent >= minIntervalMs) emit();
    },
    get last() {
      return last;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
