// `wedgelab align` and the page's Align step: load → align → write .xf/.tlt, without reconstructing. The
// same align step runRecipe runs before a reconstruction, so both give the same transforms.
import type { AlignResult } from '../../align/index.ts';
import { resolveRecipe, type Recipe } from '../recipe/index.ts';
import { readAndAlign } from '../steps/align.ts';
import { loadSeries } from '../steps/load.ts';
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
  const { alignment, files, seconds } = await readAndAlign(recipe, s, host, { from: 0, to: 0.98 });
  host.progress?.({ fraction: 1, stage: 'aligned' });
  return {
    recipe: { ...recipe, input: { ...recipe.input, expect: { nx: s.nu, ny: s.nv, nviews: s.nviews } } },
    alignment,
    files,
    seconds,
    nu: s.nu,
    nv: s.nv,
    anglesDeg: s.geometry.views.map((v) => v.angleDeg),
    axisFrom: s.axisFrom,
    axisGivenDeg: s.geometry.views[0]?.axisRotationDeg ?? 0,
  };
}
