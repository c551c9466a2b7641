// The recon service's align job, and a reconstruction that reuses its alignment as an .xf (alignReuse.ts):
// the same tomogram as a reconstruction that aligns by itself, also with the geometry import options that
// move the tilt axis (an axis angle, 180°, inverted angles) and a view the aligner excludes.
import { describe, expect, it } from 'vitest';
import { parseXf } from '../io/meta/index.ts';
import { parseRecipe, type Recipe, type RecipeInput } from '../pipeline/index.ts';
import { alignmentKey, formatViewList, reuseAlignment } from './alignReuse.ts';
import type { AlignmentSummary } from './alignTypes.ts';
import { createReconService } from './reconService.ts';
import type { JobProgress, ReconstructJobResult, SimulateJobResult } from './reconTypes.ts';

const NX = 48;

async function simulated() {
  const api = createReconService();
  const sim = await api.simulate(1, {
    phantom: 'shapes',
    nx: NX,
    ny: NX,
    nz: 16,
    tiltMinDeg: -60,
    tiltMaxDeg: 60,
    tiltStepDeg: 6,
    order: 'dose-symmetric',
    shiftSigmaPx: 2,
    prefix: 'ts',
  });
  return { api, sim };
}

function filesOf(sim: SimulateJobResult, blankView?: number): Record<string, Blob> {
  const out: Record<string, Blob> = {};
  for (const f of sim.files) {
    let bytes = f.bytes;
    if (blankView !== undefined && f.name.endsWith('.mrc')) {
      bytes = bytes.slice();
      const dv = new DataView(bytes.buffer);
      const at = 1024 + dv.getInt32(92, true) + 4 * NX * NX * blankView;
      new Float32Array(bytes.buffer, at, NX * NX).fill(0);
    }
    out[f.name] = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  }
  return out;
}

const recipeOf = (geometry: object = {}, align: object = { method: 'xcorr' }): Recipe =>
  parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'ts.mrc', tilts: 'ts.tlt' },
    geometry,
    align,
    reconstruct: { thicknessPx: 16, excludeViews: '2' },
    device: { kind: 'cpu', threads: 1 },
  } as RecipeInput);

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let range = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    range = Math.max(range, Math.abs(b[i]));
  }
  return d / range;
}

describe('reusing an alignment', () => {
  it('Align only, then a reconstruction from its .xf, gives the tomogram of aligning in the run', async () => {
    const { api, sim } = await simulated();
    const cases: [string, object, number | undefined][] = [
      ['plain', {}, undefined],
      [
        'axis 5°, 180°, inverted; a blank view',
        { axisRotationDeg: 5, axisRotated180: true, invertAngles: true },
        7,
      ],
    ];
    let id = 10;
    for (const [what, geometry, blank] of cases) {
      const recipe = recipeOf(geometry);
      const files = filesOf(sim, blank);
      const stages: JobProgress[] = [];
      const aligned = await api.align(id++, { recipe, files }, (p) => stages.push(p));
      const a: AlignmentSummary = aligned.alignment;
      expect(a.transforms, what).toHaveLength(sim.anglesDeg.length);
      expect(a.excludedViews, what).toEqual(blank === undefined ? [1] : [1, blank]);
      expect(
        a.outlierViews.every((k) => a.residualsPx[k] !== null),
        what,
      ).toBe(true);
      expect(aligned.recipe.input.expect, what).toEqual({ nx: NX, ny: NX, nviews: sim.anglesDeg.length });

      const reuse = reuseAlignment(recipe, files, a, sim.anglesDeg.length)!;
      expect(reuse.recipe.align.method).toBe('none');
      const xfName = reuse.recipe.input.xf!;
      expect(parseXf(await reuse.files[xfName].text(), xfName)).toHaveLength(sim.anglesDeg.length);
      const fromXf = (await api.reconstruct(id++, reuse)) as ReconstructJobResult;
      const inRun = (await api.reconstruct(id++, { recipe, files })) as ReconstructJobResult;
      expect(fromXf.alignment, what).toBeUndefined();
      expect(inRun.alignment?.shiftsPx, what).toEqual(a.shiftsPx);
      // the .xf keeps 3 decimals of the shifts: the two tomograms agree to that
      expect(maxRelDiff(fromXf.volume.data, inRun.volume.data), what).toBeLessThan(5e-3);
    }
  }, 120_000);

  it('keys on what the alignment depends on, and declines a refined tilt offset', () => {
    const base = recipeOf();
    expect(alignmentKey(recipeOf())).toBe(alignmentKey(base));
    expect(alignmentKey({ ...base, reconstruct: { ...base.reconstruct, method: 'sirt', bin: 2 } })).toBe(
      alignmentKey(base),
    );
    expect(alignmentKey(recipeOf({}, { method: 'xcorr', cumulative: true }))).not.toBe(alignmentKey(base));
    expect(alignmentKey(recipeOf({ invertAngles: true }))).not.toBe(alignmentKey(base));
    expect(alignmentKey({ ...base, reconstruct: { ...base.reconstruct, excludeViews: '' } })).not.toBe(
      alignmentKey(base),
    );
    const a = { transforms: [], tiltOffsetDeg: 0.5 } as unknown as AlignmentSummary;
    expect(reuseAlignment(base, {}, a, 0)).toBeNull();
  });

  it('writes view lists as IMOD does, from 1, with ranges', () => {
    expect(formatViewList([0, 1, 2, 6, 9, 10])).toBe('1-3,7,10-11');
    expect(formatViewList([4, 4, 1])).toBe('2,5');
    expect(formatViewList([])).toBe('');
  });
});
