import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { createCpuProjector } from './cpuProjector.ts';
import { checkCpuMemory, estimateCpuMemory, estimateCpuMemoryBytes } from './memory.ts';

const GiB = 2 ** 30;

describe('CPU projector memory', () => {
  it('estimates the volume, the stack and the threads’ working copies', () => {
    const e = estimateCpuMemory({ nx: 512, ny: 512, nz: 256 }, { nu: 512, nv: 512 }, 61, 2);
    expect(e.volumeBytes).toBe(4 * 512 * 512 * 256);
    expect(e.projectionBytes).toBe(4 * 512 * 512 * 61);
    expect(e.workingBytes).toBeGreaterThan(0);
    expect(e.workingBytes).toBeLessThan(0.75 * e.volumeBytes);
    expect(estimateCpuMemoryBytes({ nx: 64, ny: 64, nz: 32 }, { nu: 64, nv: 64 }, 41, 1)).toBe(
      4 * (64 * 64 * 32 + 64 * 64 * 41),
    );
  });

  it('a 2k × 2k × 500 tomogram from 2k² × 61 fits Node’s arrays, and is refused with numbers when memory is short', () => {
    const vol = { nx: 2048, ny: 2048, nz: 500 };
    const det = { nu: 2048, nv: 2048 };
    const e = checkCpuMemory(vol, det, 61, 2, { maxElements: 2 ** 32, availableBytes: 24 * GiB });
    expect(e.totalBytes).toBeLessThan(12 * GiB);
    expect(() => checkCpuMemory(vol, det, 61, 2, { maxElements: 2 ** 32, availableBytes: 4 * GiB })).toThrow(
      /2048 × 2048 × 500 from 2048 × 2048 × 61 needs about .* GiB .* bin the tilt series/,
    );
    expect(() =>
      checkCpuMemory({ ...vol, nz: 1024 }, det, 61, 2, {
        maxElements: 2 ** 31 - 1,
        availableBytes: Infinity,
      }),
    ).toThrow(/typed-array limit of 2147483647/);
  });

  it('the projector refuses a job that cannot fit with WedgeLabError("too-large")', async () => {
    const g = geometryFromTilts([-30, 0, 30]);
    const p = createCpuProjector(g, { nx: 16, ny: 16, nz: 8 }, undefined, {
      threads: 1,
      limits: { maxElements: 1000 },
    });
    await expect(p.back(new Float32Array(16 * 16 * 3))).rejects.toMatchObject({ code: 'too-large' });
  });
});
