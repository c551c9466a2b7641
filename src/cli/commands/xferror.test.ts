// Spawn tests of `wedgelab xferror`: a simulated misaligned series' true .xf against itself and against an
// estimate off by a known shift.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeXf, formatXf, makeXf, type XfTransform } from '../../io/meta/index.ts';
import { expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { XfErrorJson } from './xferror.ts';

let dir = '';
const p = (name: string) => join(dir, name);
let truth: XfTransform[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-xferror-'));
  truth = [-60, -30, 0, 30, 60].map((_, k) => makeXf(84 + 0.3 * k, 1, 2 * Math.sin(k), -1.5 * k));
  writeFileSync(p('true.xf'), formatXf(truth));
  // view 3 (1-based) is off by (3, 4) px after alignment; all views share a (1, 0) px offset
  const est = truth.map((t, k) => composeXf(t, makeXf(0, 1, 1 + (k === 2 ? 3 : 0), k === 2 ? 4 : 0)));
  writeFileSync(p('est.xf'), formatXf(est));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wedgelab xferror', () => {
  it('reports per-view error in px, the worst view 1-based, and the common offset apart', () => {
    const r = wedgelab('xferror', p('est.xf'), '--ref', p('true.xf'), '--size', '64,48', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as XfErrorJson;
    expect(j.views).toBe(5);
    // .xf files hold 3 decimals of shift and 7 of the matrix: errors to ~1e-3 px
    expect(j.perViewPx[2]).toBeCloseTo(Math.hypot(4, 4), 2);
    for (const k of [0, 1, 3, 4]) expect(j.perViewPx[k]).toBeCloseTo(1, 2);
    expect(j.worstView).toBe(3);
    expect(j.commonShiftPx[0]).toBeCloseTo(1 + 3 / 5, 2);
    expect(j.commonShiftPx[1]).toBeCloseTo(4 / 5, 2);
    expect(j.rmsRelativePx).toBeLessThan(j.rmsPx);
  });

  it('is zero for the truth against itself', () => {
    const r = wedgelab('xferror', p('true.xf'), '--ref', p('true.xf'), '--size', '64,48', '--json');
    expect((JSON.parse(r.stdout) as XfErrorJson).rmsPx).toBeLessThan(1e-9);
  });

  it('bad input: different view counts, a directory, a missing --size → exit 2, one line', () => {
    writeFileSync(p('short.xf'), formatXf(truth.slice(0, 4)));
    expectUsageError(
      wedgelab('xferror', p('est.xf'), '--ref', p('short.xf'), '--size', '64,48'),
      /5 estimated transforms but 4 true ones/,
    );
    expectUsageError(wedgelab('xferror', p('est.xf'), '--ref', dir, '--size', '64,48'), /is a directory/);
    expectUsageError(wedgelab('xferror', p('est.xf'), '--ref', p('true.xf')), /--size is required/);
  });
});
