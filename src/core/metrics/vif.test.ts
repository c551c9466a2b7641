import { describe, expect, it } from 'vitest';
import { vif } from './vif.ts';
import { addNoise, blobPhantom, vol } from './testVolumes.ts';
import type { VolumeInput } from './volumeInput.ts';

/** Permute axes so that new (x, y, z) = old (a0, a1, a2). */
function permute(v: VolumeInput, order: [number, number, number]): VolumeInput {
  const dims = [v.nx, v.ny, v.nz];
  const [nx, ny, nz] = order.map((o) => dims[o]);
  const out = vol(nx, ny, nz);
  const c = [0, 0, 0];
  for (c[2] = 0; c[2] < v.nz; c[2]++)
    for (c[1] = 0; c[1] < v.ny; c[1]++)
      for (c[0] = 0; c[0] < v.nx; c[0]++)
        out.data[c[order[0]] + nx * (c[order[1]] + ny * c[order[2]])] =
          v.data[c[0] + v.nx * (c[1] + v.ny * c[2])];
  return out;
}

describe('vif', () => {
  const a = blobPhantom(28, 24, 20, 3);
  const b = addNoise(a, 0.1, 4);

  it('is 1 for identical volumes and < 1 with noise', () => {
    expect(vif(a, a)).toBeCloseTo(1, 6); // not exact: the reference clamps the residual variance at 1e-10
    // σ²ₙ = 2 assumes 0–255 intensities: on unit-range data the noise hides below it
    const v = vif(a, b, { scaleTo255: true });
    expect(v).toBeLessThan(0.9);
    expect(v).toBeGreaterThan(0.05);
    expect(vif(a, addNoise(a, 0.3, 5), { scaleTo255: true })).toBeLessThan(v);
  });

  it('slices along x and y the same way as along z after permuting axes', () => {
    // sliceAxis 'y' → slices (x, z); 'x' → slices (y, z)
    expect(vif(a, b, { sliceAxis: 'y' })).toBeCloseTo(vif(permute(a, [0, 2, 1]), permute(b, [0, 2, 1])), 10);
    expect(vif(a, b, { sliceAxis: 'x' })).toBeCloseTo(vif(permute(a, [1, 2, 0]), permute(b, [1, 2, 0])), 10);
  });

  it('throws for a constant truth', () => {
    expect(() => vif(vol(24, 24, 4), vol(24, 24, 4))).toThrow(/no local variance/);
  });
});
