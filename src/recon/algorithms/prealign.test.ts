// The in-memory aligned-stack prepass: close to the exact path for a SerialEM-like axis (84°) with shifts,
// also with an x-axis tilt; prealign: false is the old pipeline bit for bit, progress and cancel work.
import { describe, expect, it } from 'vitest';
import type { DetectorDims, TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { isWedgeLabError } from '../../core/errors.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { prepareSeries } from './prepare.ts';
import { alignedGeometry } from './slabGeometry.ts';
import { reconstruct, type ReconstructRequest } from './reconstruct.ts';
import { correlation, phantomProblem, rangeGeometry } from './testUtils.ts';
import { resolveFilter, wbp } from './wbp.ts';

const dims: VolumeDims = { nx: 40, ny: 40, nz: 16 };
const NVIEWS = 31;
const rotated: TiltGeometry = {
  views: rangeGeometry(-60, 60, NVIEWS).views.map((v, k) => ({
    ...v,
    axisRotationDeg: 84,
    shiftXPx: 0.6 * ((k % 5) - 2),
    shiftYPx: 0.4 * ((k % 3) - 1),
  })),
};

/** The reference projector, remembering the geometry each reconstruction handed it. */
function recording() {
  const seen: TiltGeometry[] = [];
  const createProjector = (g: TiltGeometry, v: VolumeDims, d: DetectorDims) => {
    seen.push(g);
    return createReferenceProjector(g, v, d);
  };
  return { seen, createProjector };
}

async function request(geometry = rotated): Promise<ReconstructRequest> {
  const { projections } = await phantomProblem('spheres', dims, geometry, 60, 'joseph');
  return {
    data: projections,
    nu: dims.nx,
    nv: dims.ny,
    nviews: NVIEWS,
    geometry,
    method: 'wbp',
    thickness: dims.nz,
    iterations: 10,
    createProjector: createReferenceProjector,
  };
}

describe('prealign', () => {
  it('84° axis + shifts: prealigned SIRT and unfiltered WBP correlate ≥ 0.99 with the exact path', async () => {
    const req = await request();
    for (const [method, filter] of [
      ['sirt', undefined],
      ['wbp', 'none'],
    ] as const) {
      const rec = recording();
      const fast = await reconstruct({ ...req, method, filter, createProjector: rec.createProjector });
      const exact = await reconstruct({ ...req, method, filter, prealign: false });
      expect(fast.prealigned).toBe(true);
      expect(exact.prealigned).toBe(false);
      // the projector saw tilt angles only: the CPU fast path's flat views
      expect(rec.seen[0].views.every((v) => Object.keys(v).join() === 'angleDeg')).toBe(true);
      expect(correlation(fast.volume.data, exact.volume.data)).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('84° axis: filtered WBP needs the aligned frame (the exact path filters raw rows, across the tilt)', async () => {
    const req = await request();
    const ideal = await request(alignedGeometry(rotated)); // projections made straight in the aligned frame
    const truth = (await reconstruct(ideal)).volume.data;
    const fast = await reconstruct(req);
    const exact = await reconstruct({ ...req, prealign: false });
    expect(correlation(fast.volume.data, truth)).toBeGreaterThanOrEqual(0.98);
    expect(correlation(exact.volume.data, truth)).toBeLessThan(0.7);
  });

  it('prealign: false is the pipeline before prealign, bit for bit (binned, a view excluded)', async () => {
    const req = { ...(await request()), bin: 2, excludeViews: [3] };
    const r = await reconstruct({ ...req, prealign: false });
    const prepared = prepareSeries(req, { thicknessPx: req.thickness, excludeViews: [3], bin: 2 });
    const p = createReferenceProjector(prepared.geometry, prepared.volumeDims, prepared.detectorDims);
    const before = await wbp(p, prepared.data, { filter: resolveFilter(undefined) });
    expect(r.volume.data).toEqual(before);
  });

  it('binned and excluded views prealign in place and still match the exact path', async () => {
    const req = { ...(await request()), method: 'sirt' as const, bin: 2, excludeViews: [0, 30] };
    const data = req.data.slice();
    const fast = await reconstruct(req);
    const exact = await reconstruct({ ...req, prealign: false });
    expect(fast.prealigned).toBe(true);
    expect(req.data).toEqual(data); // the caller's stack is never written
    // 20×20 views after bin 2: the second interpolation weighs more at this size
    expect(correlation(fast.volume.data, exact.volume.data)).toBeGreaterThanOrEqual(0.98);
  });

  it('84° axis + x-tilt: prealigned (x-tilt kept for the projector) and ≥ 0.99 with the exact path', async () => {
    const xTilted: TiltGeometry = { views: rotated.views.map((v) => ({ ...v, xTiltDeg: 4 })) };
    const req = { ...(await request(xTilted)), method: 'sirt' as const };
    const rec = recording();
    const fast = await reconstruct({ ...req, createProjector: rec.createProjector });
    const exact = await reconstruct({ ...req, prealign: false });
    expect(fast.prealigned).toBe(true);
    expect(rec.seen[0].views.every((v) => Object.keys(v).sort().join() === 'angleDeg,xTiltDeg')).toBe(true);
    expect(correlation(fast.volume.data, exact.volume.data)).toBeGreaterThanOrEqual(0.99);
  });

  it('a series without an in-plane transform is not prealigned', async () => {
    const req = await request();
    const plain = await reconstruct({ ...req, geometry: rangeGeometry(-60, 60, NVIEWS) });
    expect(plain.prealigned).toBe(false);
    const xTiltOnly = await reconstruct({ ...req, geometry: rangeGeometry(-60, 60, NVIEWS), xTiltDeg: 4 });
    expect(xTiltOnly.prealigned).toBe(false);
  });

  it('reports prealign progress first, then the method within the rest, and honours cancel', async () => {
    const req = await request();
    const seen: { fraction: number; stage: string }[] = [];
    await reconstruct({ ...req, onProgress: (p) => seen.push(p) });
    const stages = seen.map((p) => p.stage);
    expect(stages[0]).toBe('prealign');
    expect(stages.lastIndexOf('prealign')).toBeLessThan(stages.findIndex((s) => s !== 'prealign'));
    const fractions = seen.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 6);

    const ac = new AbortController();
    const rec = recording();
    const run = reconstruct({
      ...req,
      signal: ac.signal,
      createProjector: rec.createProjector,
      onProgress: (p) => p.stage === 'prealign' && ac.abort(),
    });
    const err: unknown = await run.catch((e: unknown) => e);
    expect(isWedgeLabError(err) && err.code).toBe('cancelled');
    expect(rec.seen).toHaveLength(0); // stopped inside the prepass
  });
});
