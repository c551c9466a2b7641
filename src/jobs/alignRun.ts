/**
 * The recon worker's align job: a recipe's load → align through the pipeline (runAlignRecipe) on the page host,
 * with progress ('aligning: view k') and cancel; and the alignment of any run shaped for the page's store.
 */
import { residualOutliers, type AlignResult } from '../align/index.ts';
import { WedgeLabError } from '../core/errors.ts';
import { runAlignRecipe, runResampleRecipe } from '../pipeline/index.ts';
import { isStorageName } from './opfs.ts';
import type { AlignJobResult, AlignmentSummary } from './alignTypes.ts';
import type { AlignJobRequest, RecipeJobRequest } from './reconTypes.ts';
import { pageHost } from './pipelineHost.ts';
import type { ProgressReporter } from './reconProgress.ts';
import { browserBudgetBytes } from './tabBudget.ts';

/** The page's copy of an alignment: plain arrays, the outlier views marked. */
export function alignmentSummary(
  a: AlignResult,
  anglesDeg: readonly number[],
  seconds: number,
): AlignmentSummary {
  return {
    method: a.method,
    transforms: a.transforms.map(({ a11, a12, a21, a22, dxPx, dyPx }) => ({
      a11,
      a12,
      a21,
      a22,
      dxPx,
      dyPx,
    })),
    shiftsPx: a.shiftsPx.map(([dx, dy]) => [dx, dy]),
    residualsPx: [...a.residualsPx],
    outlierViews: residualOutliers(a.residualsPx),
    scores: [...a.scores],
    axisRotationDeg: a.axisRotationDeg,
    tiltOffsetDeg: a.tiltOffsetDeg,
    anglesDeg: [...anglesDeg],
    excludedViews: [...a.excludedViews],
    warnings: [...a.warnings],
    converged: a.converged,
    iterations: a.iterations,
    seconds,
    ...(a.axisSearch
      ? {
          axisSearch: {
            scores: a.axisSearch.scores.map(({ angleDeg, score }) => ({ angleDeg, score })),
            ambiguity180: a.axisSearch.ambiguity180,
            seconds: a.axisSearch.seconds,
          },
        }
      : {}),
  };
}

export async function runAlignJob(
  req: AlignJobRequest,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<AlignJobResult> {
  const host = pageHost({
    files: req.files,
    budgetBytes: req.budgetBytes ?? browserBudgetBytes(),
    progress,
    signal,
  });
  // the page keeps the alignment in memory: nothing is written to browser storage
  const recipe = { ...req.recipe, export: { ...req.recipe.export, xf: undefined, tlt: undefined } };
  const r = await runAlignRecipe(recipe, host);
  progress.update({ fraction: 1, stage: 'aligned' }, true);
  return {
    recipe: r.recipe,
    alignment: alignmentSummary(r.alignment, r.anglesDeg, r.seconds),
    warnings: host.warnings,
    nu: r.nu,
    nv: r.nv,
    axisFrom: r.axisFrom,
  };
}

/** The aligned stack from the page's held alignment (as input.xf) into browser storage (export.alignedStack). */
export async function runAlignedStackJob(
  req: RecipeJobRequest,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<{ nviews: number }> {
  const host = pageHost({
    files: req.files,
    budgetBytes: req.budgetBytes ?? browserBudgetBytes(),
    progress,
    signal,
  });
  const name = req.recipe.export.alignedStack;
  if (!name || !isStorageName(name))
    throw new WedgeLabError('bad-argument', 'the aligned stack needs a browser-storage name');
  const r = await runResampleRecipe(req.recipe, host);
  progress.update({ fraction: 1, stage: 'written' }, true);
  return { nviews: r.nviews };
}
