import { describe, expect, it } from 'vitest';
import { createReferenceProjector } from '../reference/index.ts';
import { binStack } from './binning.ts';
import { prepareSeries } from './prepare.ts';
import { reconstruct } from './reconstruct.ts';
import { correlation, phantomProblem, rangeGeometry } from './testUtils.ts';

const factory = createReferenceProjector;

describe('prepare', () => {
  const data = new Float32Array(16 * 8 * 3).fill(1);
  const input = { data, nu: 16, nv: 8, nviews: 3, geometry: rangeGeometry(-30, 30, 3) };

  it('gives one-line errors for bad input', () => {
    const cases: [() => unknown, string][] = [
      [
        () => prepareSeries({ ...input, geometry: rangeGeometry(-30, 30, 4) }, { thicknessPx: 8 }),
        '4 tilt angles for 3 sections',
      ],
      [() => prepareSeries(input, { thicknessPx: 0 }), 'thickness 0 px is impossible'],
      [() => prepareSeries(input, { thicknessPx: 1e6 }), 'is absurd'],
      [() => prepareSeries(input, { thicknessPx: 8, excludeViews: [0, 1, 2] }), 'all 3 views are excluded'],
      [() => prepareSeries(input, { thicknessPx: 8, excludeViews: [5] }), 'excluded view 5 does not exist'],
      [() => prepareSeries(input, { thicknessPx: 8, bin: 8 }), 'use a smaller bin'],
    ];
    for (const [run, text] of cases) {
      expect(run).toThrow(text);
      try {
        run();
      } catch (e) {
        expect((e as Error).message).not.toContain('\n');
      }
    }
  });

  it('excludes views, bins (both methods keep the density level), scales thickness by bin', () => {
    const ramp = new Float32Array(16 * 8 * 3).map((_, i) => 1 + (i % 16) * 0.1);
    const p = prepareSeries({ ...input, data: ramp }, { thicknessPx: 12, excludeViews: [1], bin: 2 });
    expect(p.keptViews).toEqual([0, 2]);
    expect(p.geometry.views.map((v) => v.angleDeg)).toEqual([-30, 30]);
    expect(p.volumeDims).toEqual({ nx: 8, ny: 4, nz: 6 });
    expect(p.detectorDims).toEqual({ nu: 8, nv: 4 });
    for (const method of ['average', 'fourier'] as const) {
      const b = binStack(new Float32Array(16 * 8).fill(3), 16, 8, 1, 2, method);
      for (const v of b.data) expect(v).toBeCloseTo(1.5, 5); // ÷ bin: line integrals in binned voxels
    }
    // average and Fourier binning sample the same centres: a smooth ramp bins to the same values
    const smooth = new Float32Array(32 * 4).map((_, i) => Math.sin(((i % 32) * 2 * Math.PI) / 32));
    const a = binStack(smooth, 32, 4, 1, 2, 'average').data;
    const f = binStack(smooth, 32, 4, 1, 2, 'fourier').data;
    expect(correlation(a, f)).toBeGreaterThan(0.999);
  });
});

describe('reconstruct', () => {
  it('z-offset shows the region higher up; results carry residuals, time and voxel updates', async () => {
    const dims = { nx: 32, ny: 4, nz: 32 };
    const geometry = rangeGeometry(-60, 60, 31);
    const { truth, projections } = await phantomProblem('shepp', dims, geometry);
    const base = { data: projections, nu: 32, nv: 4, nviews: 31, geometry, createProjector: factory };
    const full = await reconstruct({ ...base, method: 'wbp', thickness: 32, filter: 'ramp' });
    const offset = await reconstruct({ ...base, method: 'wbp', thickness: 16, zOffset: 6, filter: 'ramp' });
    expect(offset.volume.nz).toBe(16);
    // slab centre at z = 15.5 + 6 of the full volume: slices 14…29
    const slab = full.volume.data.subarray(32 * 4 * 14, 32 * 4 * 30);
    expect(correlation(offset.volume.data, slab)).toBeGreaterThan(0.98);
    expect(full.voxelUpdates).toBe(32 * 4 * 32 * 31);
    expect(correlation(full.volume.data, truth)).toBeGreaterThan(0.8);

    const it = await reconstruct({
      ...base,
      method: 'sirt',
      thickness: 32,
      iterations: 5,
      excludeViews: [0, 30],
    });
    expect(it.residuals.length).toBe(5);
    expect(it.keptViews.length).toBe(29);
    expect(it.seconds).toBeGreaterThan(0);
    expect(it.device).toBe('cpu-reference');
    const binned = await reconstruct({
      ...base,
      method: 'tv',
      thickness: 32,
      iterations: 3,
      bin: 2,
      lambda: 0.001,
    });
    expect([binned.volume.nx, binned.volume.ny, binned.volume.nz]).toEqual([16, 2, 16]);
    await expect(reconstruct({ ...base, method: 'art' as 'wbp', thickness: 32 })).rejects.toThrow(
      'valid methods',
    );
  });
});
