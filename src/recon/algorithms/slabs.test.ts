// Slab reconstruction equals the in-memory one (WBP, SIRT), directly or via the aligned-stack prepass.
import { describe, expect, it } from 'vitest';
import type { TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { reconstruct, type ReconMethod } from './reconstruct.ts';
import { alignedGeometry, alignView, slabCoupling } from './slabGeometry.ts';
import { memoryRowSource, reconstructInSlabs, slabRefusal, type RowSource } from './slabs.ts';
import { correlation, maxRelDiff, phantomProblem, rangeGeometry } from './testUtils.ts';

const dims: VolumeDims = { nx: 32, ny: 20, nz: 12 };
const factory = createReferenceProjector;

function withViews(g: TiltGeometry, f: (k: number) => object): TiltGeometry {
  return { views: g.views.map((v, k) => ({ ...v, ...f(k) })) };
}

/** Runs slab mode and assembles the slabs into one volume. */
async function slabbed(
  source: RowSource,
  geometry: TiltGeometry,
  method: ReconMethod,
  slabRows: number,
  bin = 1,
) {
  const ny = Math.floor(source.nv / bin);
  let out: Float32Array | undefined;
  const r = await reconstructInSlabs({
    source,
    geometry,
    method,
    thickness: dims.nz,
    bin,
    iterations: 3,
    createProjector: factory,
    slabRows,
    onSlab: ({ y0, y1, nx, nz, data }) => {
      out ??= new Float32Array(nx * ny * nz);
      const h = y1 - y0;
      for (let z = 0; z < nz; z++) out.set(data.subarray(nx * h * z, nx * h * (z + 1)), nx * (y0 + ny * z));
    },
  });
  return { r, data: out ?? new Float32Array(0) };
}

describe('reconstructInSlabs', () => {
  const shifted = withViews(rangeGeometry(-60, 60, 13), (k) => ({ shiftXPx: (k % 3) - 1.3 }));

  it.each([
    ['wbp', 1],
    ['sirt', 1],
    ['sart', 2],
  ] as const)(
    '%s, bin %i: slabs of 3 rows equal the whole volume (x-shifts keep rows apart)',
    async (method, bin) => {
      expect(slabCoupling(shifted)).toBe('none');
      const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
      const req = {
        geometry: shifted,
        method,
        thickness: dims.nz,
        bin,
        iterations: 3,
        createProjector: factory,
      };
      const full = await reconstruct({ ...req, data: projections, nu: dims.nx, nv: dims.ny, nviews: 13 });
      const s = await slabbed(memoryRowSource(projections, dims.nx, dims.ny, 13), shifted, method, 3, bin);
      expect(s.r.slabs).toBe(bin === 1 ? 7 : 3); // a 1-row remainder joins the last slab
      expect(maxRelDiff(s.data, full.volume.data)).toBeLessThan(1e-5);
      if (method !== 'wbp') {
        expect(s.r.residuals).toHaveLength(3);
        s.r.residuals.forEach((x, i) => expect(x).toBeCloseTo(full.residuals[i], 5));
      }
    },
  );

  it.each([
    ['sirt', 2],
    ['wbp', 3],
  ] as const)('%s, bin %i of 23 rows (rows left over): slabs equal the whole volume', async (method, bin) => {
    const odd: VolumeDims = { nx: 33, ny: 23, nz: dims.nz };
    const { projections } = await phantomProblem('shapes', odd, shifted, 60, 'joseph');
    const req = {
      geometry: shifted,
      method,
      thickness: dims.nz,
      bin,
      iterations: 3,
      createProjector: factory,
    };
    const full = await reconstruct({ ...req, data: projections, nu: odd.nx, nv: odd.ny, nviews: 13 });
    const s = await slabbed(memoryRowSource(projections, odd.nx, odd.ny, 13), shifted, method, 3, bin);
    expect(full.volume.ny).toBe(Math.floor(23 / bin));
    expect(maxRelDiff(s.data, full.volume.data)).toBeLessThan(1e-5);
  });

  it('axis rotation + y-shifts: the aligned-stack prepass makes slabs exact, and close to the raw geometry', async () => {
    const raw = withViews(rangeGeometry(-60, 60, 13), (k) => ({
      axisRotationDeg: 4,
      shiftXPx: 0.7 * (k % 3),
      shiftYPx: (k % 4) - 1.5,
    }));
    expect(slabCoupling(raw)).toBe('in-plane');
    const { projections } = await phantomProblem('shapes', dims, raw, 60, 'joseph');
    const det = { nu: dims.nx, nv: dims.ny };
    const plane = det.nu * det.nv;
    const aligned = new Float32Array(projections.length);
    raw.views.forEach((v, k) =>
      alignView(
        projections.subarray(k * plane, (k + 1) * plane),
        det,
        v,
        aligned.subarray(k * plane, (k + 1) * plane),
      ),
    );
    const ali = alignedGeometry(raw);
    for (const method of ['wbp', 'sirt'] as const) {
      const req = {
        method,
        thickness: dims.nz,
        iterations: 3,
        createProjector: factory,
        nu: dims.nx,
        nv: dims.ny,
        nviews: 13,
      };
      const inMemory = await reconstruct({ ...req, geometry: ali, data: aligned });
      const s = await slabbed(memoryRowSource(aligned, dims.nx, dims.ny, 13), ali, method, 4);
      expect(maxRelDiff(s.data, inMemory.volume.data)).toBeLessThan(1e-5);
      const original = await reconstruct({ ...req, geometry: raw, data: projections });
      const inner = (i: number) => {
        const x = i % dims.nx;
        const y = Math.floor(i / dims.nx) % dims.ny;
        return x > 3 && x < dims.nx - 4 && y > 2 && y < dims.ny - 3;
      };
      expect(correlation(s.data, original.volume.data, inner)).toBeGreaterThan(0.95);
    }
  });

  it('cancels between and within slabs', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const ac = new AbortController();
    let slabs = 0;
    const run = reconstructInSlabs({
      source: memoryRowSource(projections, dims.nx, dims.ny, 13),
      geometry: shifted,
      method: 'sirt',
      iterations: 3,
      thickness: dims.nz,
      createProjector: factory,
      slabRows: 4,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.stage.startsWith('slab 2/') && p.fraction > 0.25) ac.abort();
      },
      onSlab: () => {
        slabs++;
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(slabs).toBe(1);
  });

  it('refuses TV, x-axis tilt and tolerances with a reason', () => {
    const g = rangeGeometry(-60, 60, 5);
    expect(slabRefusal('tv', g)).toMatch(/wbp\/sirt\/sart only/);
    expect(slabRefusal('wbp', g, { xTiltDeg: 3 })).toMatch(/x-axis tilt/);
    expect(slabRefusal('sirt', g, { tolerance: 1e-3 })).toMatch(/tolerance/);
    expect(slabRefusal('wbp', g)).toBeNull();
  });
});
