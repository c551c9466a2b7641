import { describe, expect, it } from 'vitest';
import { specimenExtent } from './thickness.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Blobs (5×5×3 voxels, cut at the slab's faces) in planes [z0, z1], white noise of sd `noise` everywhere. */
function slab(dims: { nx: number; ny: number; nz: number }, z0: number, z1: number, noise: number) {
  const { nx, ny, nz } = dims;
  const r = rng(11);
  const vol = new Float32Array(nx * ny * nz);
  for (let i = 0; i < vol.length; i++) vol[i] = noise * r();
  for (let b = 0; b < 120; b++) {
    const cx = Math.floor((0.5 + 0.5 * r()) * (nx - 5));
    const cy = Math.floor((0.5 + 0.5 * r()) * (ny - 5));
    // centres from z0 − 2, clipped to [z0, z1], so the end planes are as full as the inner ones
    const cz = z0 - 2 + Math.floor((0.5 + 0.5 * r()) * (z1 - z0 + 3));
    for (let z = Math.max(z0, cz); z < cz + 3 && z <= z1; z++)
      for (let y = cy; y < cy + 5; y++) for (let x = cx; x < cx + 5; x++) vol[x + nx * (y + ny * z)] += 1;
  }
  return vol;
}

describe('specimenExtent', () => {
  const dims = { nx: 64, ny: 32, nz: 48 };

  it('finds a centred slab through white noise', () => {
    const e = specimenExtent(slab(dims, 14, 33, 0.3), dims);
    expect(Math.abs(e.thicknessVox - 20)).toBeLessThanOrEqual(2);
    expect(Math.abs(e.centreVox)).toBeLessThanOrEqual(1.5);
    expect(e.inside).toBe(true);
  });

  it('finds an off-centre slab and ignores the padding columns', () => {
    const vol = slab(dims, 4, 19, 0.3);
    // padding columns (8 each side) full of strong structure that must not count
    for (let z = 0; z < dims.nz; z++)
      for (let y = 0; y < dims.ny; y++)
        for (const x of [0, 1, 2, 3, 4, 5, 6, 7, 56, 57, 58, 59, 60, 61, 62, 63])
          vol[x + dims.nx * (y + dims.ny * z)] = ((x * 7 + y * 3 + z * 5) % 11) - 5;
    const e = specimenExtent(vol, dims, 8);
    expect(Math.abs(e.thicknessVox - 16)).toBeLessThanOrEqual(2);
    expect(Math.abs(e.centreVox - (11.5 - 23.5))).toBeLessThanOrEqual(1.5);
  });

  it('says when the specimen reaches the box', () => {
    expect(specimenExtent(slab(dims, 0, 30, 0.1), dims).inside).toBe(false);
  });
});
