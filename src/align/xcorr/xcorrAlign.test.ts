// The coarse aligner against simulated truth: accuracy with and without noise, the least-squares pass,
// excluded and blank views, warnings and cancel.
import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { misalignedSeries } from '../testing.testutil.ts';
import { xcorrAlign } from './xcorrAlign.ts';

describe('xcorrAlign', () => {
  it('aligns a noise-free series to well under a pixel, far better than no alignment', async () => {
    const { input, error } = await misalignedSeries();
    const r = await xcorrAlign(input);
    const e = error(r);
    // measured 0.28 px (rigid) at 96² with sd 3 px shifts; unaligned 4 px
    expect(e.rmsRigidPx!).toBeLessThan(0.5);
    const none = error({ transforms: r.transforms.map((t) => ({ ...t, dxPx: 0, dyPx: 0 })) });
    expect(none.rmsRigidPx!).toBeGreaterThan(2);
    expect(r.residualsPx.every((x) => x !== null && x < 1)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('keeps noisy data aligned: the least-squares pass beats the plain chain', async () => {
    const { input, error } = await misalignedSeries({ doseEA2: 4 });
    const lsq = error(await xcorrAlign(input));
    const chain = error(await xcorrAlign(input, { neighbours: 0 }));
    expect(lsq.rmsRigidPx!).toBeLessThan(1);
    expect(lsq.rmsRigidPx!).toBeLessThan(chain.rmsRigidPx!);
  });

  it('fits its band-pass to coloured noise too (a series smoothed before it reached us)', async () => {
    const { input, error } = await misalignedSeries({ doseEA2: 4 });
    const { nu, nv } = input.det;
    const data = Float32Array.from(input.data);
    const tmp = new Float32Array(nu * nv);
    for (let k = 0; k < input.anglesDeg.length; k++) {
      const v = data.subarray(k * nu * nv, (k + 1) * nu * nv);
      // a [1 2 1]/4 blur in x then y: the noise is no longer white
      for (let y = 0; y < nv; y++)
        for (let x = 0; x < nu; x++)
          tmp[x + nu * y] =
            0.25 * v[Math.max(0, x - 1) + nu * y] +
            0.5 * v[x + nu * y] +
            0.25 * v[Math.min(nu - 1, x + 1) + nu * y];
      for (let y = 0; y < nv; y++)
        for (let x = 0; x < nu; x++)
          v[x + nu * y] =
            0.25 * tmp[x + nu * Math.max(0, y - 1)] +
            0.5 * tmp[x + nu * y] +
            0.25 * tmp[x + nu * Math.min(nv - 1, y + 1)];
    }
    // measured 0.5 px here; at 256² a noise-floor band-pass gave 2 px on such data
    expect(error(await xcorrAlign({ ...input, data })).rmsRigidPx!).toBeLessThan(1);
  });

  it('excludes a blank view with a notice and gives it its neighbours’ interpolated shift', async () => {
    const { input, error } = await misalignedSeries();
    const plane = input.det.nu * input.det.nv;
    const data = Float32Array.from(input.data);
    data.fill(0.5, 10 * plane, 11 * plane);
    const r = await xcorrAlign({ ...input, data, excludedViews: [3] });
    expect(r.excludedViews).toEqual([3, 10]);
    expect(r.warnings.some((w) => /^view 11 \(-30°\) looks blank/.test(w))).toBe(true);
    expect(r.residualsPx[10]).toBeNull();
    const [a, b, c] = [r.shiftsPx[9], r.shiftsPx[10], r.shiftsPx[11]];
    expect(b[0]).toBeCloseTo((a[0] + c[0]) / 2, 6);
    expect(error(r, r.excludedViews).rmsRigidPx!).toBeLessThan(0.5);
  });

  it('is cancelled by its signal with a one-line error', async () => {
    const { input } = await misalignedSeries({ size: 64 });
    const ac = new AbortController();
    ac.abort();
    const e = await xcorrAlign(input, {}, { signal: ac.signal }).catch((x: unknown) => x);
    expect(isWedgeLabError(e) && e.code === 'cancelled' && e.message).toBe('alignment cancelled');
  });
});
