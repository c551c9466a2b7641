// `wedgelab align` and the page's Align step: load → align → write .xf/.tlt, without reconstructing. The
// same align step runRecipe runs before a reconstruction, so both give the same transforms.
import type { AlignResult } from '../../align/index.ts';
import { resolveRecipe, type Recipe } from '../recipe/index.ts';
import { alignStep, writeAlignment } from '../steps/align.ts';
import { loadSeries } from '../steps/load.ts';
import { readWholeStack } from '../steps/reconstructWhole.ts';
import type { Host } from './host.ts';

export interface AlignRun {
  recipe: Recipe;
  alignment: AlignResult;
  /** .xf/.tlt written (export.xf, export.tlt) */
  files: string[];
  seconds: number;
  nu: number;
  nv: number;
  anglesDeg: number[];
  axisFrom: string;
  /** the axis angle the series came with (before any search or fit) */
  axisGivenDeg: number;
}

export async function runAlignRecipe(input: Recipe, host: Host): Promise<AlignRun> {
  const recipe = resolveRecipe(input, (w) => host.warn(w));
  const s = await loadSeries(recipe, host);
  const t0 = performance.now();
  const data = await readWholeStack(s, host, { from: 0, to: 0.05 });
  const alignment = await alignStep(recipe, s, data, host, { from: 0.05, to: 0.98 });
  const files = await writeAlignment(recipe, s, alignment, host);
  host.progress?.({ fraction: 1, stage: 'aligned' });
  return {
    recipe: { ...recipe, input: { ...recipe.input, expect: { nx: s.nu, ny: s.nv, nviews: s.nviews } } },
    alignment,
    files,
    seconds: (performance.now() - t0) / 1000,
    nu: s.nu,
    nv: s.nv,
    anglesDeg: s.geometry.views.map((v) => v.angleDeg),
    axisFrom: s.axisFrom,
    axisGivenDeg: s.geometry.views[0]?.axisRotationDeg ?? 0,
  };
}
