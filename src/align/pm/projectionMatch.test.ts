import { beforeAll, describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { alignmentError } from '../../core/metrics/alignment.ts';
import { simulateTiltSeries, type SimulationResult } from '../../recon/simulate/index.ts';
import type { AlignInput, AlignResult } from '../types.ts';
import { xcorrAlign } from '../xcorr/xcorrAlign.ts';
import { projectionMatch } from './projectionMatch.ts';

// 128² 'shapes' (mass over ≈ 35 of its 64 planes), ±60° every 3°, shifts sd 3 px, axis 1.5° (given)
const N = 128;
async function series(seed: number, doseEA2?: number) {
  const sim = await simulateTiltSeries({
    phantom: { name: 'shapes', nx: N, ny: N, nz: N / 2 },
    seed,
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 3,
    doseEA2,
    shiftSigmaPx: 3,
    axisErrorDeg: 1.5,
  });
  const input: AlignInput = {
    data: sim.tiltSeries.data,
    det: { nu: N, nv: N },
    anglesDeg: sim.anglesDeg,
    axisRotationDeg: 1.5,
  };
  return { sim, input };
}

const rigid = (r: AlignResult, sim: SimulationResult) =>
  alignmentError(r.transforms, sim.truthXf, { nu: N, nv: N }, sim.trueAnglesDeg).rmsRigidPx!;

describe('projectionMatch, noise-free', () => {
  let sim: SimulationResult;
  let input: AlignInput;
  let start: AlignResult;
  beforeAll(async () => {
    ({ sim, input } = await series(2));
    start = await xcorrAlign(input);
  }, 20000);

  it('beats xcorr (measured 0.24 → 0.12 px rigid) and converges', async () => {
    const steps: number[] = [];
    const pm = await projectionMatch(input, start, {}, { onProgress: (f) => steps.push(f) });
    expect(pm.method).toBe('pm');
    expect(pm.converged).toBe(true);
    expect(pm.warnings).toEqual([]);
    const before = rigid(start, sim);
    const after = rigid(pm, sim);
    expect(after).toBeLessThan(0.18);
    expect(after).toBeLessThan(0.7 * before);
    // progress rises to 1; per-view results are complete and in pixels
    expect(steps.at(-1)).toBe(1);
    expect(steps.every((f, i) => i === 0 || f >= steps[i - 1])).toBe(true);
    expect(pm.residualsPx.every((r) => r !== null && r < 0.1)).toBe(true);
    expect(pm.scores.every((s) => s !== null && s > 0.5)).toBe(true);
    expect(pm.transforms[0].a11).toBeCloseTo(Math.cos((1.5 * Math.PI) / 180), 12);
  }, 10000);

  it('stays at the truth when started there (the leave-one-out reference does not drift)', async () => {
    const truthStart: AlignResult = {
      ...start,
      shiftsPx: sim.truthXf.map((t) => [t.dxPx, t.dyPx] as [number, number]),
      transforms: sim.truthXf,
    };
    const pm = await projectionMatch(input, truthStart, { binnings: [2] });
    expect(rigid(pm, sim)).toBeLessThan(0.12); // measured 0.08
  }, 10000);

  it('says when it stops at the round limit', async () => {
    const pm = await projectionMatch(input, start, { binnings: [2], maxRounds: 1 });
    expect(pm.converged).toBe(false);
    expect(pm.iterations).toBe(1);
    expect(pm.warnings.join('\n')).toMatch(/round limit/);
  }, 10000);

  it('cancels within a round', async () => {
    const ac = new AbortController();
    let seen = 0;
    const t0 = Date.now();
    const run = projectionMatch(
      input,
      start,
      {},
      {
        signal: ac.signal,
        onProgress: () => {
          if (++seen === 2) ac.abort();
        },
      },
    );
    await expect(run).rejects.toSatisfy((e) => isWedgeLabError(e) && e.code === 'cancelled');
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 10000);

  it('refuses a start alignment of another series', async () => {
    const wrong = { ...start, shiftsPx: start.shiftsPx.slice(1) };
    await expect(projectionMatch(input, wrong)).rejects.toSatisfy(
      (e) => isWedgeLabError(e) && e.code === 'mismatch',
    );
  });
});

describe('projectionMatch, noisy (10 e/Å² per view)', () => {
  it('beats xcorr (measured 0.28 → 0.16 px rigid) and keeps an excluded view out', async () => {
    const { sim, input } = await series(3, 10);
    const blank = 20;
    const data = Float32Array.from(input.data);
    data.fill(0, blank * N * N, (blank + 1) * N * N);
    const holed = { ...input, data };
    const start = await xcorrAlign(holed);
    const pm = await projectionMatch(holed, start);
    expect(pm.excludedViews).toContain(blank);
    expect(pm.residualsPx[blank]).toBeNull();
    expect(pm.scores[blank]).toBeNull();
    const kept = sim.anglesDeg.map((_, k) => k).filter((k) => k !== blank);
    const pick = <T>(a: T[]) => kept.map((k) => a[k]);
    const err = (r: AlignResult) =>
      alignmentError(pick(r.transforms), pick(sim.truthXf), { nu: N, nv: N }, pick(sim.trueAnglesDeg))
        .rmsRigidPx!;
    expect(err(pm)).toBeLessThan(0.22);
    expect(err(pm)).toBeLessThan(0.8 * err(start));
  }, 15000);
});
