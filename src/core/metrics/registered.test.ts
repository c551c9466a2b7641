import { describe, expect, it } from 'vitest';
import { registeredCorrelation } from './registered.ts';

describe('registeredCorrelation', () => {
  it('finds a whole-voxel translation and scores the shifted copy as identical', () => {
    const dims = { nx: 20, ny: 16, nz: 12 };
    const at = (x: number, y: number, z: number) =>
      Math.exp(-((x - 9) ** 2 / 8 + (y - 7) ** 2 / 5 + (z - 6) ** 2 / 3)) +
      0.5 * Math.exp(-((x - 4) ** 2 + (y - 11) ** 2 + (z - 3) ** 2) / 2);
    const ref = new Float32Array(20 * 16 * 12);
    const moved = new Float32Array(ref.length);
    for (let z = 0; z < 12; z++)
      for (let y = 0; y < 16; y++)
        for (let x = 0; x < 20; x++) {
          ref[x + 20 * (y + 16 * z)] = at(x, y, z);
          moved[x + 20 * (y + 16 * z)] = at(x - 2, y + 1, z - 1);
        }
    const r = registeredCorrelation(moved, ref, dims);
    expect(r.shiftVoxels).toEqual([2, -1, 1]);
    expect(r.correlation).toBeGreaterThan(0.999);
    const plain = registeredCorrelation(moved, ref, dims, 0);
    expect(plain.correlation).toBeLessThan(0.8);
  });
});
