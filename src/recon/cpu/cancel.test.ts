import { afterAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { createCpuProjector, type CpuProjector } from './cpuProjector.ts';

// 256 × 256 × 128 against 61 views: 0.5 G voxel updates, several seconds on this machine's cores
const angles = Array.from({ length: 61 }, (_, i) => -60 + 2 * i);
const geometry = geometryFromTilts(angles, { xTiltDeg: 1 });
const vol = { nx: 256, ny: 256, nz: 128 };
const proj = Float32Array.from({ length: 256 * 256 * 61 }, (_, i) => (i % 101) / 101);

const projectors: CpuProjector[] = [];
afterAll(() => projectors.forEach((p) => p.dispose()));

describe.each([1, 2])('CpuProjector cancel and progress, threads = %i', (threads) => {
  it('reports progress and rejects with "cancelled" within 1 s of the abort', async () => {
    const p = createCpuProjector(geometry, vol, undefined, { threads });
    projectors.push(p);
    const ac = new AbortController();
    const fractions: number[] = [];
    const times: number[] = [];
    let abortedAt = 0;
    const job = p.back(proj, undefined, undefined, {
      signal: ac.signal,
      onProgress: (f) => {
        fractions.push(f);
        times.push(performance.now());
        if (fractions.length >= 3 && f > 0 && !abortedAt) {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    });
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(fractions.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...fractions)).toBeGreaterThan(0);
    expect(Math.max(...fractions)).toBeLessThan(0.9); // it really stopped early
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(Math.max(...gaps)).toBeLessThan(250);
    // still usable afterwards (fresh threads): one view is quick
    const one = await p.back(proj, undefined, [30]);
    expect(one.some((v) => v !== 0)).toBe(true);
  });
});
