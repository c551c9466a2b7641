import { describe, expect, it } from 'vitest';
import { centre, clampPosition, extractOrthoSlices } from './orthoSlices.ts';

describe('extractOrthoSlices', () => {
  const nx = 4;
  const ny = 3;
  const nz = 2;
  // value = x + 10 y + 100 z, so every voxel says where it is
  const data = Float32Array.from({ length: nx * ny * nz }, (_, i) => {
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    return x + 10 * y + 100 * z;
  });

  it('cuts xy (x fastest), xz (x fastest, z up) and yz (z fastest, y up) through the position', () => {
    const s = extractOrthoSlices({ nx, ny, nz, data }, { x: 2, y: 1, z: 1 });
    expect(s.xy).toMatchObject({ width: 4, height: 3 });
    expect(Array.from(s.xy.data)).toEqual([100, 101, 102, 103, 110, 111, 112, 113, 120, 121, 122, 123]);
    expect(s.xz).toMatchObject({ width: 4, height: 2 });
    expect(Array.from(s.xz.data)).toEqual([10, 11, 12, 13, 110, 111, 112, 113]);
    expect(s.yz).toMatchObject({ width: 2, height: 3 });
    expect(Array.from(s.yz.data)).toEqual([2, 102, 12, 112, 22, 122]);
  });

  it('defaults to the centre, clamps positions and owns its buffers (transferable)', () => {
    expect(centre({ nx, ny, nz })).toEqual({ x: 2, y: 1, z: 1 });
    expect(clampPosition({ nx, ny, nz }, { x: -3, y: 9, z: 0.6 })).toEqual({ x: 0, y: 2, z: 1 });
    const s = extractOrthoSlices({ nx, ny, nz, data });
    expect(s.position).toEqual({ x: 2, y: 1, z: 1 });
    for (const img of [s.xy, s.xz, s.yz]) expect(img.data.buffer).not.toBe(data.buffer);
  });
});
