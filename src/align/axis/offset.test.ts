import { describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { Rng } from '../../core/phantoms/index.ts';
import { simulateTiltSeries } from '../../recon/simulate/index.ts';
import type { AlignInput } from '../types.ts';
import { searchTiltOffset } from './offset.ts';
import { fitSecantAt, intensityOffset } from './offsetIntensity.ts';

/** 128² shapes, nz 64, ±60° in 3° steps, shifts sd 3 px, axis 1.5°, with a tilt offset. */
async function offsetSeries(offsetDeg: number, doseEA2?: number) {
  const sim = await simulateTiltSeries({
    phantom: { name: 'shapes', nx: 128, ny: 128, nz: 64 },
    seed: 3,
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 3,
    shiftSigmaPx: 3,
    axisErrorDeg: 1.5,
    angleOffsetDeg: offsetDeg,
    doseEA2,
  });
  const ts = sim.tiltSeries;
  const input: AlignInput = {
    data: ts.data,
    det: { nu: ts.nx, nv: ts.ny },
    anglesDeg: sim.anglesDeg,
    axisRotationDeg: 1.5,
  };
  return { sim, input };
}

/** Tilt of the truth's mass about y (its principal axes in x–z), degrees: what "level" means for it. */
function principalTiltDeg(v: Volume): number {
  const { nx, ny, nz, data } = v;
  let m = 0;
  let sx = 0;
  let sz = 0;
  let sxx = 0;
  let szz = 0;
  let sxz = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const d = data[x + nx * (y + ny * z)];
        m += d;
        sx += d * x;
        sz += d * z;
        sxx += d * x * x;
        szz += d * z * z;
        sxz += d * x * z;
      }
  const ixx = sxx / m - (sx / m) ** 2;
  const izz = szz / m - (sz / m) ** 2;
  const ixz = sxz / m - (sx / m) * (sz / m);
  return (0.5 * Math.atan2(2 * ixz, ixx - izz) * 180) / Math.PI;
}

describe('searchTiltOffset, slab method', () => {
  // measured: the truth is tilted by 1.28° (seed 3); found 6.53° and −9.30° at 10 e/Å² (6.71°, −9.30° noise-free)
  it.each([8, -8])(
    'recovers an offset of %s° up to the specimen’s own tilt, which it measures to 0.5°',
    async (offset) => {
      const { sim, input } = await offsetSeries(offset, 10);
      const r = await searchTiltOffset(input);
      expect(r.method).toBe('slab');
      const tilt = principalTiltDeg(sim.truth);
      expect(Math.abs(tilt)).toBeGreaterThan(1);
      expect(Math.abs(r.tiltOffsetDeg - (offset - tilt))).toBeLessThan(0.5);
      expect(Math.abs(r.tiltOffsetDeg - offset)).toBeLessThan(2.5);
      expect(r.basis).toMatch(/as good as the specimen is flat/);
      // the plotted score peaks at the answer
      const best = r.scores.reduce((b, p) => (p.score > b.score ? p : b));
      expect(Math.abs(best.offsetDeg - r.tiltOffsetDeg)).toBeLessThanOrEqual(0.5);
    },
  );
});

describe('searchTiltOffset, intensity method', () => {
  // Counts through an ice slab of 0.3 mean free paths at 0° (Beer–Lambert, path t / cos θ) and the
  // specimen's projections (contrast 0.1), 200 counts per pixel, Gaussian shot noise.
  async function countsSeries(offsetDeg: number) {
    const { sim, input } = await offsetSeries(offsetDeg);
    const plane = input.det.nu * input.det.nv;
    let peak = 0;
    for (const v of input.data) peak = Math.max(peak, v);
    const rng = new Rng(7);
    const counts = new Float32Array(input.data.length);
    sim.trueAnglesDeg.forEach((a, k) => {
      const ice = 0.3 / Math.cos((a * Math.PI) / 180);
      for (let p = k * plane; p < (k + 1) * plane; p++) {
        const mean = 200 * Math.exp(-ice - (0.1 * input.data[p]) / peak);
        counts[p] = mean + Math.sqrt(mean) * rng.normal();
      }
    });
    return { ...input, data: counts };
  }

  it('reads the offset from the views’ mean log intensity (measured error 0.006°, standard error 0.023°)', async () => {
    const input = await countsSeries(4.3);
    const r = await searchTiltOffset(input);
    expect(r.method).toBe('intensity');
    expect(Math.abs(r.tiltOffsetDeg - 4.3)).toBeLessThan(0.1);
    expect(r.basis).toMatch(/log intensity follows a \+ c\/cos\(θ \+ offset\)/);
    expect(r.warnings).toEqual([]);
  });

  it('fits a + c/cos(θ + o) exactly and refuses a flat series', () => {
    const angles = Array.from({ length: 41 }, (_, i) => -60 + 3 * i);
    const y = angles.map((a) => 2 - 0.5 / Math.cos(((a - 2.7) * Math.PI) / 180));
    const r = intensityOffset(angles, y, 10);
    expect(r.fit.offsetDeg).toBeCloseTo(-2.7, 3);
    expect(r.fit.c).toBeCloseTo(-0.5, 3);
    expect(fitSecantAt(angles, y, -2.7).rss).toBeLessThan(1e-20);
    expect(r.significant).toBe(true);
    const rng = new Rng(3);
    const flat = intensityOffset(
      angles,
      angles.map(() => 5 + 0.01 * rng.normal()),
      10,
    );
    expect(flat.significant).toBe(false);
  });
});

describe('searchTiltOffset, arguments', () => {
  it('refuses a bad range, an unknown method and too few views in one line', async () => {
    const { input } = await offsetSeries(0);
    await expect(searchTiltOffset(input, { rangeDeg: 0 })).rejects.toThrow(/tilt offset range 0°/);
    await expect(searchTiltOffset(input, { method: 'stretch' as unknown as 'slab' })).rejects.toMatchObject({
      code: 'bad-argument',
    });
    const plane = input.det.nu * input.det.nv;
    const few = { ...input, data: input.data.slice(0, 4 * plane), anglesDeg: input.anglesDeg.slice(0, 4) };
    await expect(searchTiltOffset(few)).rejects.toThrow(/only 4 usable views/);
  });
});
