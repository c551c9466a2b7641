/**
 * The recon worker's align job: a recipe's load → align through the pipeline (runAlignRecipe) on the page host,
 * with progress ('aligning: view k') and cancel; and the alignment of any run shaped for the page's store.
 */
import { residualOutliers, type AlignResult } from '../align/index.ts';
import { runAlignRecipe } from '../pipeline/index.ts';
import type { AlignJobResult, AlignmentSummary } from './alignTypes.ts';
import type { AlignJobRequest } from './reconTypes.ts';
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
