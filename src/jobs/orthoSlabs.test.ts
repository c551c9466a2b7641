import { describe, expect, it } from 'vitest';
import { extractOrthoSlices, type OrthoSlices, type VoxelPos } from './orthoSlices.ts';
import { extractOrthoSlabs, slabRange } from './orthoSlabs.ts';

/** A deterministic, asymmetric volume: every voxel different, so a wrong axis or offset shows. */
function volume(nx: number, ny: number, nz: number) {
  const data = new Float32Array(nx * ny * nz);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 10 + (i % 7) - 0.01 * i;
  return { nx, ny, nz, data };
}

/** The straightforward reference: for each output texel, the mean of the voxels along the normal in the slab. */
function reference(v: ReturnType<typeof volume>, p: VoxelPos, n: number): OrthoSlices {
  const { nx, ny, nz, data } = v;
  const at = (x: number, y: number, z: number) => data[x + nx * (y + ny * z)];
  const mean = (lo: number, hi: number, f: (k: number) => number) => {
    let s = 0;
    let c = 0;
    for (let k = lo; k <= hi; k++) {
      s += f(k);
      c++;
    }
    return s / c;
  };
  const half = Math.floor(n / 2);
  const r = (c: number, len: number): [number, number] => [
    Math.max(0, c - half),
    Math.min(len - 1, c + half),
  ];
  const xy = new Float32Array(nx * ny);
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) xy[x + nx * y] = mean(...r(p.z, nz), (z) => at(x, y, z));
  const xz = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++)
    for (let x = 0; x < nx; x++) xz[x + nx * z] = mean(...r(p.y, ny), (y) => at(x, y, z));
  const yz = new Float32Array(nz * ny);
  for (let y = 0; y < ny; y++)
    for (let z = 0; z < nz; z++) yz[z + nz * y] = mean(...r(p.x, nx), (x) => at(x, y, z));
  return {
    dims: { nx, ny, nz },
    position: p,
    xy: { width: nx, height: ny, data: xy },
    xz: { width: nx, height: nz, data: xz },
    yz: { width: nz, height: ny, data: yz },
  };
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(1e-4);
}

describe('thick orthoslices', () => {
  const v = volume(13, 9, 11);

  it('N = 1 is the plain slice, bit for bit', () => {
    const p = { x: 4, y: 3, z: 6 };
    const thin = extractOrthoSlices(v, p);
    const slab = extractOrthoSlabs(v, p, 1);
    for (const axis of ['xy', 'xz', 'yz'] as const) expect(slab[axis].data).toEqual(thin[axis].data);
  });

  it.each([
    [3, { x: 6, y: 4, z: 5 }],
    [5, { x: 0, y: 8, z: 10 }], // at the faces: the slab is cut short
    [9, { x: 12, y: 1, z: 0 }],
    [15, { x: 6, y: 4, z: 5 }], // thicker than the volume along every axis
  ])('N = %i matches the reference at %o', (n, p) => {
    const got = extractOrthoSlabs(v, p, n);
    const want = reference(v, p, n);
    expect(got.position).toEqual(p);
    for (const axis of ['xy', 'xz', 'yz'] as const) {
      expect([got[axis].width, got[axis].height]).toEqual([want[axis].width, want[axis].height]);
      expectClose(got[axis].data, want[axis].data);
    }
  });

  it('averaging lowers the noise by about √N', () => {
    // white noise, seeded: the spread of an N-slab mean is σ/√N
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const noise = { nx: 64, ny: 64, nz: 64, data: Float32Array.from({ length: 64 ** 3 }, rand) };
    const sd = (a: Float32Array) => Math.sqrt(a.reduce((t, x) => t + x * x, 0) / a.length);
    const thin = sd(extractOrthoSlabs(noise, { x: 32, y: 32, z: 32 }, 1).xy.data);
    const thick = sd(extractOrthoSlabs(noise, { x: 32, y: 32, z: 32 }, 9).xy.data);
    expect(thin / thick).toBeGreaterThan(2.7);
    expect(thin / thick).toBeLessThan(3.3);
  });

  it('cuts slab ranges at the faces', () => {
    expect(slabRange(0, 5, 10)).toEqual([0, 2]);
    expect(slabRange(9, 5, 10)).toEqual([7, 9]);
    expect(slabRange(4, 1, 10)).toEqual([4, 4]);
  });
});
