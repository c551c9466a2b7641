/**
 * The plan line the Reconstruct panel shows before a job starts (in memory, "slab mode: 7 slabs of 148 rows,
 * peak ≈ 0.8 GB, output 1.3 GB to browser storage", or why it cannot run in this tab), from the pipeline's
 * planner. The recon worker plans again with the device it gets; this is the page's preview of that.
 */
import { isWedgeLabError, oneLine } from '../core/errors.ts';
import { geometryFromTilts } from '../core/geometry/index.ts';
import {
  defaultThicknessPx,
  describePlan,
  fmtBytes,
  jobSizeOf,
  parseViewList,
  planJob,
  resolveRecipe,
  type JobPlan,
  type Recipe,
} from '../pipeline/index.ts';
import { slabRefusal } from '../recon/algorithms/index.ts';

export type PagePlan =
  { mode: 'whole' | 'slabs'; plan: JobPlan; summary: string } | { mode: 'refused'; message: string };

export function planPageRecipe(
  series: { nu: number; nv: number; nviews: number; anglesDeg: readonly number[] },
  input: Recipe,
  budgetBytes: number,
): PagePlan {
  try {
    const recipe = resolveRecipe(input);
    const r = recipe.reconstruct;
    const geometry = geometryFromTilts(series.anglesDeg, {
      axisRotationDeg: recipe.geometry.axisRotationDeg,
      invertAngles: recipe.geometry.invertAngles,
      axisRotated180: recipe.geometry.axisRotated180,
    });
    const views = parseViewList(r.excludeViews, series.nviews);
    const threads = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)
      ?.hardwareConcurrency;
    const size = jobSizeOf(
      recipe,
      {
        ...series,
        excludedViews: views.ok ? views.views.length : 0,
        thicknessPx: r.thicknessPx ?? defaultThicknessPx(series.nu),
        geometry,
      },
      recipe.device.kind === 'gpu' ? null : Math.max(1, threads ?? 2),
    );
    const plan = planJob(
      size,
      { bytes: budgetBytes, what: 'a browser tab has' },
      slabRefusal(r.method, geometry),
    );
    const summary =
      plan.mode === 'whole'
        ? `in memory: peak ≈ ${fmtBytes(plan.peakBytes)} of ${fmtBytes(budgetBytes)}`
        : `${describePlan(plan)} to browser storage`;
    return { mode: plan.mode, plan, summary };
  } catch (e) {
    // the advice names CLI flags; the page's fields are called bin and thickness
    const message = oneLine(e).replace(/--(bin|thickness) /g, '$1 ');
    if (isWedgeLabError(e)) return { mode: 'refused', message };
    throw e;
  }
}
