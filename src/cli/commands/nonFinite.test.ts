// NaN/±Inf in input data: `info` counts them and keeps its statistics finite; `reconstruct` refuses a
// series with one in a kept view, naming the view and the --exclude that would leave it out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMrc } from '../../io/mrc/index.ts';
import { expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { InfoJson } from './info.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const [N, NVIEWS] = [16, 20];

/** A float32 series with some values patched to NaN/Inf after writing (the writer refuses them). */
function seriesWithBadPixels(bad: { index: number; value: number }[]): Uint8Array {
  const data = Float32Array.from({ length: N * N * NVIEWS }, (_, i) => (i % 11) / 11);
  const bytes = writeMrc(
    { nx: N, ny: N, nz: NVIEWS, data, voxelSizeA: [2, 2, 2] },
    { mode: 2, program: 't' },
  );
  const view = new DataView(bytes.buffer);
  for (const b of bad) view.setFloat32(1024 + 4 * b.index, b.value, true);
  return bytes;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-nonfinite-'));
  const v17 = 16 * N * N; // first pixel of view 17 (1-based)
  writeFileSync(
    p('ts.mrc'),
    seriesWithBadPixels([
      { index: v17 + 3, value: NaN },
      { index: v17 + 40, value: Infinity },
      { index: v17 + 41, value: -Infinity },
    ]),
  );
  writeFileSync(p('ts.tlt'), Array.from({ length: NVIEWS }, (_, i) => -57 + 6 * i).join('\n') + '\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('non-finite input', () => {
  it('info: nonFinite counts them, min/max/mean/std are over the finite values', () => {
    const r = wedgelab('info', p('ts.mrc'), '--json');
    expectOk(r);
    const j = JSON.parse(r.stdout) as InfoJson;
    expect(j.nonFinite).toBe(3);
    expect(j.stats.min).toBe(0);
    expect(j.stats.max).toBeCloseTo(10 / 11, 6);
    expect(Number.isFinite(j.stats.mean) && Number.isFinite(j.stats.std)).toBe(true);
    const t = wedgelab('info', p('ts.mrc'));
    expect(t.stdout).toMatch(/non-finite\s+3 values are NaN or ±Inf/);
    expect(t.stdout).not.toMatch(/NaN ±/);
  });

  it('reconstruct refuses the series, naming the view; --exclude 17 reconstructs it', () => {
    const args = ['reconstruct', p('ts.mrc'), '--tilts', p('ts.tlt'), '--thickness', '8'];
    const more = ['--device', 'cpu', '--threads', '1', '--out', p('rec.mrc')];
    expectUsageError(
      wedgelab(...args, ...more),
      /ts\.mrc: 3 pixels in view 17 are NaN or infinite; fix or exclude the view \(--exclude 17\)$/,
    );
    expectOk(wedgelab(...args, ...more, '--exclude', '17'));
  });
});
