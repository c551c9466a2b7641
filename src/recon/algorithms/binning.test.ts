// Binning keeps the geometry exact: binned pixel i sits at unbinned (n − 1)/2 + (i − (m − 1)/2)·bin, for any n
// (multiple of bin or not), and a binned reconstruction puts a blob where the unbinned one does.
import { describe, expect, it } from 'vitest';
import type { TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { blobVolume } from '../reference/testVolumes.ts';
import { createJosephProjector, createReferenceProjector } from '../reference/index.ts';
import { binStack } from './binning.ts';
import { reconstruct } from './reconstruct.ts';
import { rangeGeometry } from './testUtils.ts';

/** Where binned sample i of n unbinned samples must sit, in unbinned pixel indices. */
const centreOf = (i: number, n: number, bin: number) =>
  (n - 1) / 2 + (i - (Math.floor(n / bin) - 1) / 2) * bin;

describe('binStack', () => {
  it.each([
    [33, 2],
    [34, 2],
    [31, 3],
    [34, 4],
    [35, 4],
  ])('average: binned pixels sit at the unbinned centre ± k·bin (n = %i, bin %i)', (n, bin) => {
    // a ramp along u (rows) and along v (columns): block averaging of a linear function samples it exactly
    const nu = n;
    const nv = n + 1;
    const ramp = new Float32Array(nu * nv * 2);
    for (let j = 0; j < nv; j++)
      for (let i = 0; i < nu; i++) {
        ramp[i + nu * j] = i;
        ramp[nu * nv + i + nu * j] = j;
      }
    const b = binStack(ramp, nu, nv, 2, bin);
    for (let j = 0; j < b.nv; j++)
      for (let i = 0; i < b.nu; i++) {
        expect(b.data[i + b.nu * j] * bin).toBeCloseTo(centreOf(i, nu, bin), 4);
        expect(b.data[b.nu * b.nv + i + b.nu * j] * bin).toBeCloseTo(centreOf(j, nv, bin), 4);
      }
  });

  it.each([
    [33, 2],
    [67, 4],
    [64, 3],
  ])('fourier: a smooth bump keeps its centroid (n = %i, bin %i)', (n, bin) => {
    const c = 0.43 * n; // off-centre
    const sigma = 2 * bin;
    const row = Float32Array.from({ length: n }, (_, i) => Math.exp(-((i - c) ** 2) / (2 * sigma ** 2)));
    const data = new Float32Array(n * 2 * bin);
    for (let j = 0; j < 2 * bin; j++) data.set(row, j * n);
    const b = binStack(data, n, 2 * bin, 1, bin, 'fourier');
    let s = 0;
    let su = 0;
    for (let i = 0; i < b.nu; i++) {
      s += b.data[i];
      su += b.data[i] * centreOf(i, n, bin);
    }
    expect(Math.abs(su / s - c)).toBeLessThan(0.02);
  });
});

/** Centroid of the positive part within `r` px (unbinned) of `near`, in unbinned px from the volume centre. */
function centroid(v: Float32Array, dims: VolumeDims, bin: number, near: number[], r: number): number[] {
  const { nx, ny, nz } = dims;
  const sum = [0, 0, 0];
  let w = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = [(x - (nx - 1) / 2) * bin, (y - (ny - 1) / 2) * bin, (z - (nz - 1) / 2) * bin];
        if (Math.hypot(p[0] - near[0], p[1] - near[1], p[2] - near[2]) > r) continue;
        const val = Math.max(0, v[x + nx * (y + ny * z)]);
        w += val;
        for (let a = 0; a < 3; a++) sum[a] += val * p[a];
      }
  return sum.map((s) => s / w);
}

describe('binned reconstruction', () => {
  // odd sizes: 41 and 33 leave one unbinned pixel over at bin 2
  const dims: VolumeDims = { nx: 41, ny: 33, nz: 20 };
  const blob = { c: [26.3, 13.6, 11.2] as [number, number, number], sigmaPx: 2.2, amplitude: 1 };
  const truthAt = [blob.c[0] - 20, blob.c[1] - 16, blob.c[2] - 9.5]; // from the volume centre
  const base = rangeGeometry(-60, 60, 31);

  it.each<[string, TiltGeometry]>([
    [
      'shifts',
      { views: base.views.map((v, k) => ({ ...v, shiftXPx: 0.37 * k - 4.1, shiftYPx: 1.3 - 0.11 * k })) },
    ],
    [
      'axis rotation + shifts',
      {
        views: base.views.map((v, k) => ({
          ...v,
          axisRotationDeg: 30,
          shiftXPx: 0.2 * k - 2.9,
          shiftYPx: -0.8,
        })),
      },
    ],
  ])('bin 2 of a 41 × 33 series puts a blob where bin 1 does (%s)', async (_, geometry) => {
    const truth = blobVolume(dims, [blob]);
    const det = { nu: dims.nx, nv: dims.ny };
    const data = await createJosephProjector(geometry, dims, det).forward(truth);
    const req = {
      data,
      nu: det.nu,
      nv: det.nv,
      nviews: geometry.views.length,
      geometry,
      method: 'sirt' as const,
      iterations: 15,
      thickness: dims.nz,
      prealign: false,
      createProjector: createReferenceProjector,
    };
    const one = await reconstruct(req);
    const two = await reconstruct({ ...req, bin: 2 });
    expect([two.volume.nx, two.volume.ny, two.volume.nz]).toEqual([21, 16, 10]);
    const c1 = centroid(one.volume.data, one.volume, 1, truthAt, 6);
    const c2 = centroid(two.volume.data, two.volume, 2, truthAt, 6);
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(c1[a] - truthAt[a])).toBeLessThan(0.1);
      expect(Math.abs(c2[a] - c1[a])).toBeLessThan(0.1);
    }
  });
});
