// withSharedArrays must not change a single number: same forward/back (full, subsets, given outputs).
import { afterAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { allocateSharedFloat32, createCpuProjector } from './index.ts';
import { withSharedArrays } from './sharedArrays.ts';

const dims = { nx: 20, ny: 12, nz: 8 };
const g = geometryFromTilts([-50, -20, 0, 25, 55]);
const plain = createCpuProjector(g, dims, undefined, { threads: 2 });
const shared = withSharedArrays(
  createCpuProjector(g, dims, undefined, { threads: 2 }),
  allocateSharedFloat32,
);
const vol = Float32Array.from({ length: 20 * 12 * 8 }, (_, i) => Math.sin(i * 0.37));
const proj = Float32Array.from({ length: 20 * 12 * 5 }, (_, i) => Math.cos(i * 0.21));

afterAll(() => {
  plain.dispose();
  shared.dispose();
});

describe('withSharedArrays', () => {
  it('back: no output, a plain output, a view subset', async () => {
    expect(await shared.back(proj)).toEqual(await plain.back(proj));
    const out = new Float32Array(vol.length).fill(7);
    const got = await shared.back(proj, out, [1, 3]);
    expect(got).toBe(out);
    expect(out).toEqual(await plain.back(proj, undefined, [1, 3]));
  });

  it('forward: views outside the subset keep the caller values', async () => {
    const a = new Float32Array(proj.length).fill(3);
    const b = new Float32Array(proj.length).fill(3);
    await shared.forward(vol, a, [0, 4]);
    await plain.forward(vol, b, [0, 4]);
    expect(a).toEqual(b);
  });
});
