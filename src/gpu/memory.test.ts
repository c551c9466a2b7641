import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { isWedgeLabError } from '../core/errors.ts';
import { affineViews } from './geometry.ts';
import { estimateGpuMemory } from './memory.ts';

const MiB = 2 ** 20;

describe('estimateGpuMemory', () => {
  it('streams a 2k × 2k × 500 tomogram from 61 views in Y-slabs within the limits', () => {
    const dims = { nx: 2048, ny: 2048, nz: 500 };
    const plan = estimateGpuMemory(dims, 61, { maxBindingBytes: 128 * MiB, budgetBytes: 1024 * MiB });
    expect(plan.volumeBytes).toBe(4 * 2048 * 2048 * 500);
    expect(plan.slabCount).toBeGreaterThan(1);
    expect(plan.slabRows * plan.slabCount).toBeGreaterThanOrEqual(2048);
    expect(plan.volumeSlabBytes).toBeLessThanOrEqual(128 * MiB);
    expect(plan.projectionSlabBytes).toBeLessThanOrEqual(128 * MiB);
    expect(plan.totalBytes).toBeLessThanOrEqual(1024 * MiB);
    // halving search: the next larger power-of-two slab would not fit a binding
    expect(4 * 2048 * 2 * plan.slabRows * 500).toBeGreaterThan(128 * MiB);
  });

  it('keeps a small volume in one slab', () => {
    const plan = estimateGpuMemory({ nx: 64, ny: 64, nz: 32 }, 41);
    expect(plan.slabCount).toBe(1);
    expect(plan.slabRows).toBe(64);
  });

  it('widens the detector rows per slab when the tilt axis is rotated', () => {
    const dims = { nx: 256, ny: 256, nz: 64 };
    const det = { nu: 256, nv: 256 };
    const straight = affineViews(geometryFromTilts([-60, 0, 60]), dims, det);
    const rotated = affineViews(geometryFromTilts([-60, 0, 60], { axisRotationDeg: 30 }), dims, det);
    const a = estimateGpuMemory(dims, 3, { detector: det, views: straight, maxSlabRows: 16 });
    const b = estimateGpuMemory(dims, 3, { detector: det, views: rotated, maxSlabRows: 16 });
    expect(a.maxDetectorRows).toBeLessThanOrEqual(16 + 4);
    expect(b.maxDetectorRows).toBeGreaterThan(100); // sin 30° · 256 columns
  });

  it('refuses, with sizes and what to do, when not even one row fits', () => {
    let err: unknown;
    try {
      estimateGpuMemory({ nx: 60000, ny: 10, nz: 60000 }, 61, { maxBindingBytes: 128 * MiB });
    } catch (e) {
      err = e;
    }
    expect(isWedgeLabError(err) && err.code).toBe('too-large');
    expect((err as Error).message).toMatch(/60000×10×60000.*--bin 2.*--device cpu/);
  });
});
