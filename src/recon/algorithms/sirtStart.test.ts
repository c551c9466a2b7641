import { describe, expect, it } from 'vitest';
import type { Projector } from '../projector.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { reconstruct } from './reconstruct.ts';
import { sart, sirt } from './sirt.ts';
import { SART_DEFAULTS, SIRT_DEFAULTS } from './sirtStart.ts';
import { correlation, phantomProblem, rangeGeometry } from './testUtils.ts';
import { wbp } from './wbp.ts';

// 96 × 96 slices: big enough that SIRT from zeros still trails WBP after a few iterations (at 48² it catches
// up almost at once), small enough for the reference projector
const dims = { nx: 96, ny: 4, nz: 96 };
const problem = () => phantomProblem('shepp', dims, rangeGeometry(-60, 60, 41), 60, 'joseph');

describe('SIRT warm start and defaults', () => {
  it('default SIRT beats WBP on a noise-free ±60° series, and beats SIRT from zeros', async () => {
    const { truth, projector, projections } = await problem();
    const cW = correlation(await wbp(projector, projections), truth);
    const def = await sirt(projector, projections);
    const cS = correlation(def.volume, truth);
    const cZ = correlation(
      (await sirt(projector, projections, { warmStart: 'zero', relaxation: 1 })).volume,
      truth,
    );
    console.log(`corr: WBP ${cW.toFixed(4)}, SIRT default ${cS.toFixed(4)}, SIRT zero λ=1 ${cZ.toFixed(4)}`);
    expect(def.iterations).toBe(SIRT_DEFAULTS.iterations);
    expect(cS).toBeGreaterThan(cW + 0.01);
    expect(cS).toBeGreaterThan(cZ);
  });

  it('warm start with 0 iterations is the WBP (default and given filter); zeros refuse 0', async () => {
    const { projector, projections } = await problem();
    for (const filter of [undefined, 'ramp']) {
      const want = await wbp(projector, projections, { filter });
      const got = await sirt(projector, projections, {
        iterations: 0,
        warmStart: 'wbp',
        warmStartFilter: filter,
      });
      expect(got.iterations).toBe(0);
      expect(got.residuals).toEqual([]);
      expect(Array.from(got.volume)).toEqual(Array.from(want));
    }
    await expect(sirt(projector, projections, { iterations: 0, warmStart: 'zero' })).rejects.toMatchObject({
      code: 'bad-argument',
    });
    await expect(
      sirt(projector, projections, { warmStart: 'wrong' as 'wbp', iterations: 1 }),
    ).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('positivity holds with a warm start (the WBP start is clamped too)', async () => {
    const { projector, projections } = await problem();
    const start = await sirt(projector, projections, { iterations: 0, positivity: true });
    const w = await wbp(projector, projections);
    expect(w.some((v) => v < 0)).toBe(true);
    expect(Array.from(start.volume)).toEqual(Array.from(w, (v) => Math.max(0, v)));
    for (const run of [sirt, sart]) {
      const r = await run(projector, projections, { iterations: 2, positivity: true, warmStart: 'wbp' });
      expect(r.volume.every((v) => v >= 0)).toBe(true);
    }
  });

  it('SART defaults to its own pass count; the warm start reaches the resident session', async () => {
    const { projector, projections } = await problem();
    const a = await sart(projector, projections);
    expect(a.iterations).toBe(SART_DEFAULTS.iterations);
    // a projector with a resident session that records its start volume and stops the run
    let initial: Float32Array | undefined;
    const resident: Projector = {
      volumeDims: projector.volumeDims,
      detectorDims: projector.detectorDims,
      geometry: projector.geometry,
      nviews: projector.nviews,
      device: 'stub',
      forward: (...args) => projector.forward(...args),
      back: (...args) => projector.back(...args),
      dispose() {},
      residentSirt: (_b, opts) => {
        initial = opts.initial?.slice();
        return Promise.resolve(null); // "does not fit": the ordinary loop runs
      },
    };
    await sirt(resident, projections, { iterations: 1, warmStart: 'wbp' });
    expect(Array.from(initial!)).toEqual(Array.from(await wbp(projector, projections)));
    initial = new Float32Array(1);
    await sirt(resident, projections, { iterations: 1, warmStart: 'zero' });
    expect(initial).toBeUndefined();
  });

  it('reconstruct() passes warmStart and the filter through', async () => {
    const { projector, projections } = await problem();
    const base = {
      data: projections,
      nu: projector.detectorDims.nu,
      nv: projector.detectorDims.nv,
      nviews: projector.nviews,
      geometry: projector.geometry,
      thickness: dims.nz,
      width: dims.nx,
      createProjector: createReferenceProjector,
      filter: 'ramp',
    };
    const w = await reconstruct({ ...base, method: 'wbp' });
    const s0 = await reconstruct({ ...base, method: 'sirt', iterations: 0 });
    expect(Array.from(s0.volume.data)).toEqual(Array.from(w.volume.data));
    await expect(
      reconstruct({ ...base, method: 'sirt', iterations: 0, warmStart: 'zero' }),
    ).rejects.toMatchObject({ code: 'bad-argument' });
  });
});
