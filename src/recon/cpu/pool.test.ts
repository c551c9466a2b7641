// Thread pools outlive their projector briefly: the next CPU projector with the same thread count takes them.
import { afterAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { maxRelDiff, seeded } from '../reference/testVolumes.ts';
import { createCpuProjector, type CpuProjector } from './cpuProjector.ts';
import { threadStarts } from './pool.ts';

const geometry = geometryFromTilts([-50, -20, 10, 40]);
const det = { nu: 24, nv: 16 };
const rnd = seeded(5);
const proj = Float32Array.from({ length: det.nu * det.nv * 4 }, rnd);
const projectors: CpuProjector[] = [];
const make = (ny: number) => {
  const p = createCpuProjector(geometry, { nx: 24, ny, nz: 10 }, { ...det, nv: ny }, { threads: 2 });
  projectors.push(p);
  return p;
};
afterAll(() => projectors.forEach((p) => p.dispose()));

describe('CPU thread pools', () => {
  it('a disposed projector hands its threads to the next one; a pool in use is never shared', async () => {
    const a = make(16);
    await a.back(proj);
    const started = threadStarts();
    a.dispose();
    // another size (the last, shorter slab of a slab job): same threads, right answer
    const b = make(12);
    const part = proj.subarray(0, det.nu * 12 * 4);
    const ref = await createReferenceProjector(geometry, b.volumeDims, b.detectorDims).back(part);
    expect(maxRelDiff(await b.back(part), ref)).toBeLessThan(1e-4);
    expect(threadStarts()).toBe(started);
    // b still holds its pool: c starts its own
    const c = make(16);
    await c.back(proj);
    expect(threadStarts()).toBe(started + 2);
    // and a disposed projector stays usable
    expect(maxRelDiff(await a.back(proj), await c.back(proj))).toBe(0);
  });
});
