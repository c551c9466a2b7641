import { describe, expect, it } from 'vitest';
import { createReferenceProjector } from '../reference/index.ts';
import { angularWeights } from './angularWeights.ts';
import { sirt } from './sirt.ts';
import { correlation, phantomProblem, rangeGeometry } from './testUtils.ts';
import { wbp } from './wbp.ts';

describe('angular weights', () => {
  it('give π/n per view over a uniform 180° range, and local spacing otherwise', () => {
    const full = angularWeights(rangeGeometry(-89, 89, 90).views.map((v) => v.angleDeg));
    for (const w of full) expect(w).toBeCloseTo(Math.PI / 90, 12);
    // 0…180° in 3° steps: 0° and 180° are the same projection and share one step
    const genfire = angularWeights(Array.from({ length: 61 }, (_, k) => 3 * k));
    expect(genfire.reduce((s, w) => s + w, 0)).toBeCloseTo(Math.PI, 12);
    const uneven = angularWeights([10, -60, 0, 30]);
    const deg = (r: number) => (r * 180) / Math.PI;
    expect(deg(uneven[1])).toBeCloseTo(60, 9); // end view: its one increment
    expect(deg(uneven[2])).toBeCloseTo(35, 9);
    expect(deg(uneven[0])).toBeCloseTo(15, 9);
    expect(deg(uneven[3])).toBeCloseTo(20, 9);
  });
});

describe('wbp', () => {
  it('full-range (±90°, 90 views) WBP of a phantom correlates ≥ 0.95 with the truth', async () => {
    const dims = { nx: 64, ny: 4, nz: 64 };
    // data from Joseph's projector, reconstruction through the splat's transpose: no inverse crime
    const { truth, projector, projections } = await phantomProblem(
      'shepp',
      dims,
      rangeGeometry(-89, 89, 90),
      89,
      'joseph',
    );
    const results: Record<string, number> = {};
    for (const filter of ['ramp', 'shepp', 'radial:0.35,0.035']) {
      const rec = await wbp(projector, projections, { filter });
      results[filter] = correlation(rec, truth);
    }
    console.log('full-range WBP correlation', results);
    // measured: ramp 0.976, shepp 0.967, radial:0.35,0.035 0.946
    expect(results.ramp).toBeGreaterThanOrEqual(0.95);
    expect(results.shepp).toBeGreaterThanOrEqual(0.95);
    // the default filter trades resolution for noise, so it sits a little lower
    expect(results['radial:0.35,0.035']).toBeGreaterThanOrEqual(0.93);
  });

  it('a constant volume reconstructs constant inside the support (WBP and SIRT)', async () => {
    const dims = { nx: 48, ny: 2, nz: 48 };
    // a constant disc in every xz slice (the support every view sees)
    const truth = new Float32Array(48 * 2 * 48);
    const inside = (i: number) => {
      const x = i % 48;
      const z = Math.floor(i / 96);
      return (x - 23.5) ** 2 + (z - 23.5) ** 2 <= 18 ** 2;
    };
    const inner = (i: number) => {
      const x = i % 48;
      const z = Math.floor(i / 96);
      return (x - 23.5) ** 2 + (z - 23.5) ** 2 <= 14 ** 2;
    };
    for (let i = 0; i < truth.length; i++) truth[i] = inside(i) ? 2 : 0;
    const projector = createReferenceProjector(rangeGeometry(-88.5, 88.5, 60), dims);
    const b = await projector.forward(truth);
    const stats = (rec: Float32Array) => {
      let lo = Infinity;
      let hi = -Infinity;
      let s = 0;
      let n = 0;
      for (let i = 0; i < rec.length; i++) {
        if (!inner(i)) continue;
        lo = Math.min(lo, rec[i]);
        hi = Math.max(hi, rec[i]);
        s += rec[i];
        n++;
      }
      return { mean: s / n, lo, hi };
    };
    const w = stats(await wbp(projector, b, { filter: 'ramp' }));
    const s = stats((await sirt(projector, b, { iterations: 60 })).volume);
    console.log('constant 2: WBP', w, 'SIRT', s);
    for (const st of [w, s]) {
      expect(Math.abs(st.mean / 2 - 1)).toBeLessThan(0.02);
      expect(st.lo).toBeGreaterThan(2 * 0.95);
      expect(st.hi).toBeLessThan(2 * 1.05);
    }
  });

  it('cancels: an aborted signal rejects with WedgeLabError("cancelled")', async () => {
    const dims = { nx: 32, ny: 4, nz: 32 };
    const { projector, projections } = await phantomProblem('spheres', dims, rangeGeometry(-60, 60, 41));
    const ac = new AbortController();
    ac.abort();
    await expect(wbp(projector, projections, { signal: ac.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
