import { beforeAll, describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { alignmentError } from '../../core/metrics/alignment.ts';
import { makePhantom } from '../../core/phantoms/index.ts';
import { simulateTiltSeries, type SimulationResult } from '../../recon/simulate/index.ts';
import type { AlignInput } from '../types.ts';
import { beadAlign } from './index.ts';

/** 128² field, 8 gold beads (radius 5 px), ±60° in 3° steps, shifts sd 4 px, tilt axis 1.5° off. */
async function beadSeries(opts: { seed: number; doseEA2?: number; name?: string }) {
  const n = 128;
  const name = opts.name ?? 'beads';
  const ph = makePhantom(name, {
    nx: n,
    ny: n,
    nz: 64,
    seed: opts.seed,
    maxTiltDeg: 60,
    ...(name === 'beads' ? { count: 8 } : {}),
  });
  const sim = await simulateTiltSeries({
    volume: ph.volume,
    seed: opts.seed,
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 3,
    doseEA2: opts.doseEA2,
    shiftSigmaPx: 4,
    axisErrorDeg: 1.5,
  });
  const input: AlignInput = {
    data: sim.tiltSeries.data,
    det: { nu: n, nv: n },
    anglesDeg: sim.anglesDeg,
    axisRotationDeg: 0,
    pixelSizeA: sim.tiltSeries.pixelSizeA,
  };
  return { sim, input };
}

/** RMS alignment error after removing the specimen translation, over all views but `skip`. */
function rigidPx(
  sim: SimulationResult,
  transforms: Parameters<typeof alignmentError>[0],
  skip: number[] = [],
) {
  const keep = (_: unknown, k: number) => !skip.includes(k);
  const det = { nu: sim.tiltSeries.nx, nv: sim.tiltSeries.ny };
  return alignmentError(
    transforms.filter(keep),
    sim.truthXf.filter(keep),
    det,
    sim.trueAnglesDeg.filter(keep),
  ).rmsRigidPx!;
}

/** Beer–Lambert counts from projection units: gold turns dark, as in real data. */
const asCounts = (p: Float32Array) => p.map((v) => 200 * Math.exp(-0.001 * v));

describe('beadAlign on simulated gold', () => {
  let clean: Awaited<ReturnType<typeof beadSeries>>;
  beforeAll(async () => {
    clean = await beadSeries({ seed: 2 });
  });

  it('aligns a noise-free series to a small fraction of a pixel and finds the tilt-axis angle', async () => {
    const r = await beadAlign(clean.input);
    // measured 0.006–0.12 px over seeds 1–6 (xcorr at the given axis: 1.4 px)
    expect(rigidPx(clean.sim, r.transforms)).toBeLessThan(0.2);
    expect(r.method).toBe('beads');
    expect(Math.abs(r.axisRotationDeg - 1.5)).toBeLessThan(0.15);
    expect(r.beads.polarity).toBe('bright');
    expect(r.beads.tracked).toBeGreaterThanOrEqual(6);
    expect(r.beads.rmsResidualPx).toBeLessThan(0.3);
    for (const res of r.residualsPx) expect(res!).toBeLessThan(0.4);
    for (const s of r.scores) expect(s!).toBeGreaterThan(0.4);
    expect(r.warnings.filter((w) => !/tilt-axis angle refined/.test(w))).toEqual([]);
    // one transform per view: the fitted axis rotation and the shift
    const t = r.transforms[7];
    const a = (-r.axisRotationDeg * Math.PI) / 180;
    expect(t.a11).toBeCloseTo(Math.cos(a), 12);
    expect(t.a21).toBeCloseTo(Math.sin(a), 12);
    expect([t.dxPx, t.dyPx]).toEqual(r.shiftsPx[7]);
  });

  it('keeps the given axis without the axis fit, and honours a given bead radius', async () => {
    const r = await beadAlign({ ...clean.input, axisRotationDeg: 1.5 }, { fitAxis: false, beadRadiusPx: 5 });
    expect(r.axisRotationDeg).toBe(1.5);
    expect(r.beads.radiusPx).toBe(5);
    expect(rigidPx(clean.sim, r.transforms)).toBeLessThan(0.2);
  });

  it('names views with too few beads and keeps the user-excluded ones out', async () => {
    const { nu, nv } = clean.input.det;
    const data = clean.input.data.slice();
    // view 35 (45°): a smooth ramp, as bright and varied as a view, but without a single bead
    const k = 35;
    for (let y = 0; y < nv; y++) for (let x = 0; x < nu; x++) data[k * nu * nv + x + nu * y] = 0.2 * x;
    const r = await beadAlign({ ...clean.input, data, excludedViews: [0] });
    const bad = r.warnings.find((w) => /fewer than 3 beads/.test(w));
    // named from 1 in file order, as --exclude counts
    expect(bad).toMatch(/^view 36 \(45°\) has fewer than 3 beads \(0\)/);
    expect(r.residualsPx[k]).toBeNull();
    expect(r.scores[k]).toBe(0);
    expect(r.excludedViews).toEqual([0]);
    expect(r.residualsPx[0]).toBeNull();
    expect(r.scores[0]).toBeNull();
    expect(r.shiftsPx.every(([dx, dy]) => Number.isFinite(dx) && Number.isFinite(dy))).toBe(true);
    expect(rigidPx(clean.sim, r.transforms, [0, k])).toBeLessThan(0.2);
  });

  it('reports progress up to 1, and cancels within a second', async () => {
    const fractions: number[] = [];
    await beadAlign(clean.input, { fitAxis: false }, { onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12)).toBe(true);

    const ctl = new AbortController();
    let abortedAt = 0;
    const run = beadAlign(
      clean.input,
      {},
      {
        signal: ctl.signal,
        onProgress: (f) => {
          if (f > 0.5 && !abortedAt) {
            abortedAt = Date.now();
            ctl.abort();
          }
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  });
});

describe('beadAlign on noisy data and without beads', () => {
  it('aligns a noisy series in counts (dark gold, polarity from the data)', async () => {
    const { sim, input } = await beadSeries({ seed: 4, doseEA2: 8 });
    const r = await beadAlign({ ...input, data: asCounts(input.data) });
    expect(r.beads.polarity).toBe('dark');
    // measured 0.13–0.24 px over seeds 1–6 (xcorr at the given axis: 1.4 px)
    expect(rigidPx(sim, r.transforms)).toBeLessThan(0.45);
    expect(r.beads.tracked).toBeGreaterThanOrEqual(5);
    // forcing the wrong polarity finds no gold, and says so
    await expect(beadAlign({ ...input, data: asCounts(input.data) }, { polarity: 'bright' })).rejects.toThrow(
      /gold beads/,
    );
  });

  it('refuses a noisy series without beads, in one line', async () => {
    const noisy = await beadSeries({ seed: 1, doseEA2: 4, name: 'shapes' });
    const err = await beadAlign(noisy.input).catch((e: unknown) => e);
    expect(isWedgeLabError(err) && err.code).toBe('not-found');
    expect((err as Error).message).toMatch(/gold beads.*align with xcorr/);
    expect((err as Error).message).not.toMatch(/\n/);
  });

  it('refuses or warns on a noise-free specimen without beads', async () => {
    // noise-free, the specimen's small round features are found, but they neither track through the series
    // nor move as rigid points: either way the user is told
    const clean = await beadSeries({ seed: 1, name: 'shapes' });
    const out = await beadAlign(clean.input).catch((e: Error) => e);
    if (out instanceof Error) {
      expect(isWedgeLabError(out) && out.code).toBe('not-found');
      expect(out.message).toMatch(/^too few gold beads: \d+ of \d+ tracked/);
    } else {
      expect(out.warnings.some((w) => /not rigid gold beads/.test(w))).toBe(true);
    }
  });
});
