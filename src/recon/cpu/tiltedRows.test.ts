// The x-tilted views' fast path: which rows it takes, and that it equals the general kernel row by row.
import { describe, expect, it } from 'vitest';
import { geometryFromTilts, viewAffine } from '../../core/geometry/index.ts';
import { maxRelDiff, seeded } from '../reference/testVolumes.ts';
import { backRow, forwardRow, type SlabData } from './kernels.ts';
import { fullWindows, packCoefficients } from './plan.ts';
import { backRows, forwardRows } from './rows.ts';
import { FAST, GENERAL, isTilted, MISS, reserveTilted, setupTilted } from './tiltedRows.ts';

const angles = [-50, -20, 0, 10, 35, 55];
const geometry = geometryFromTilts(angles, {
  xTiltDeg: 6,
  shiftsPx: angles.map((_, i) => [0.4 * i - 1, 0.3 - 0.5 * i] as const),
});
const vol = { nx: 24, ny: 20, nz: 16 };
const det = { nu: 26, nv: 20 };
const views = angles.map((_, k) => k);
const coef = packCoefficients(
  geometry.views.map((v) => viewAffine(v, vol, det)),
  views,
);
const rnd = seeded(11);

function slab(volume: Float32Array, detector: Float32Array): SlabData {
  const win = fullWindows(det, views);
  return { nx: vol.nx, vol: volume, volY0: 0, volZStride: vol.nx * vol.ny, det: detector, coef, win };
}

describe('x-tilted views', () => {
  it('are recognised, and take the fast path except at the detector edges', () => {
    const s = slab(new Float32Array(0), new Float32Array(0));
    reserveTilted(views.length);
    expect(views.every((k) => isTilted(s, k))).toBe(true);
    const counts = [0, 0, 0]; // indexed by MISS, FAST, GENERAL
    for (const k of views)
      for (let y = 0; y < vol.ny; y++) for (let z = 0; z < vol.nz; z++) counts[setupTilted(s, y, z, k)]++;
    const rows = views.length * vol.ny * vol.nz;
    expect(counts[FAST]).toBeGreaterThan(0.8 * rows);
    expect(counts[GENERAL]).toBeGreaterThan(0); // rows on the first/last detector row
    expect(counts[MISS]).toBeGreaterThan(0); // rows tilted off the detector
  });

  it('back and forward equal the general kernel row by row', () => {
    const detector = Float32Array.from({ length: det.nu * det.nv * views.length }, rnd);
    const volume = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
    const fast = new Float32Array(volume.length);
    const slow = new Float32Array(volume.length);
    const sFast = slab(fast, detector);
    const sSlow = slab(slow, detector);
    for (let y = 0; y < vol.ny; y++) {
      backRows(sFast, y, 0, vol.nz);
      for (let z = 0; z < vol.nz; z++)
        for (const k of views) backRow(sSlow, vol.nx * (y + vol.ny * z), y, z, k * 9, k * 5);
    }
    expect(maxRelDiff(fast, slow)).toBeLessThan(1e-5);
    const pFast = new Float32Array(detector.length);
    const pSlow = new Float32Array(detector.length);
    const fFast = slab(volume, pFast);
    const fSlow = slab(volume, pSlow);
    for (let y = 0; y < vol.ny; y++) {
      forwardRows(fFast, y, 0, vol.nz);
      for (let z = 0; z < vol.nz; z++)
        for (const k of views) forwardRow(fSlow, vol.nx * (y + vol.ny * z), y, z, k * 9, k * 5);
    }
    expect(maxRelDiff(pFast, pSlow)).toBeLessThan(1e-5);
  });
});
