/**
 * Whether a browser reconstruction runs whole, in Y-slabs (src/recon/algorithms/slabs.ts, written slab by
 * slab to browser storage), or is refused; and the slab height that fits the tab's budget. Pure: the
 * Reconstruct panel shows the plan before a job starts and the recon worker checks it again.
 */
import { isWedgeLabError, WedgeLabError } from '../core/errors.ts';
import { applyImportOptions, geometryFromTilts, type GeometryImportOptions } from '../core/geometry/index.ts';
import { SLAB_METHODS, slabCoupling, slabRanges, type ReconMethod } from '../recon/algorithms/index.ts';
import { checkBrowserRecon, estimateBrowserRecon, type BrowserReconSize } from './reconBudget.ts';

const ARRAYS: Record<string, { volumes: number; stacks: number }> = {
  wbp: { volumes: 1, stacks: 1 },
  sirt: { volumes: 5, stacks: 4 },
  sart: { volumes: 5, stacks: 4 },
};

export interface SlabPlanSize extends BrowserReconSize {
  /** the geometry needs the aligned-stack prepass (in-plane rotation or y-shifts, e.g. axis rotated 180°) */
  prepass?: boolean;
}

export type ReconPlan =
  | { mode: 'whole'; totalBytes: number }
  | {
      mode: 'slabs';
      slabs: number;
      slabRows: number;
      peakBytes: number;
      /** the MRC written to browser storage */
      outputBytes: number;
      /** the aligned stack's temporary file (0 without the prepass) */
      tempBytes: number;
      /** "slab mode: 7 slabs of 148 rows, peak ≈ 0.8 GB, output 1.3 GB to browser storage" */
      summary: string;
    }
  | { mode: 'refused'; message: string };

export const fmtBytes = (b: number): string =>
  b < 1e9 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e9).toFixed(1)} GB`;

function outputDims(s: BrowserReconSize): { nx: number; ny: number; nz: number } {
  const bin = s.bin ?? 1;
  return {
    nx: Math.max(2, Math.round(s.nu / bin)),
    ny: Math.floor(s.nv / bin),
    nz: Math.max(1, Math.round(s.thickness / bin)),
  };
}

/** Peak bytes of a slab of `rows` output rows: its rows of every view, the method's arrays, fixed costs. */
export function slabPeakBytes(s: SlabPlanSize, rows: number): number {
  const bin = s.bin ?? 1;
  const { nx, ny, nz } = outputDims(s);
  const a = ARRAYS[s.method] ?? ARRAYS.sirt;
  const raw = 4 * s.nu * rows * bin * s.nviews;
  const stack = 4 * Math.floor(s.nu / bin) * rows * s.nviews;
  const volume = 4 * nx * rows * nz;
  // + one slab volume of margin: the slabs reuse one stack and (WBP) one volume array (slabs.ts), but each
  // slab still leaves about a volume of short-lived copies to the garbage collector (the projector threads'
  // results, cloned in pieces of ≤ 32 MiB; filtered rows; rows read). Measured job PSS (bench/browserLarge.ts,
  // CPU, 2 threads, not crossOriginIsolated; plan 4.3 GB): 2048² × 61 → ×500 in 5 slabs of 462 rows 3.1–3.2 GB
  // (5.0 GB when every slab allocated fresh arrays), 1024² in slabs of 930 and 94 rows 2.9 GB;
  // the writer's per-row statistics, the three slices, two prepass sections
  const fixed = 16 * ny * nz + 4 * (nx * ny + nx * nz + nz * ny) + (s.prepass ? 8 * s.nu * s.nv : 0);
  return raw + (bin > 1 ? stack : 0) + (a.volumes + 1) * volume + a.stacks * stack + fixed;
}

/** The plan for a job of size `s` under `budgetBytes`. */
export function planBrowserRecon(s: SlabPlanSize, budgetBytes: number): ReconPlan {
  try {
    checkBrowserRecon(s, budgetBytes);
    return { mode: 'whole', totalBytes: estimateBrowserRecon(s).totalBytes };
  } catch (e) {
    if (!isWedgeLabError(e) || e.code !== 'too-large') throw e;
    const whole = e.message.replace(/, or the wedgelab CLI.*$/, '');
    if (!SLAB_METHODS.includes(s.method as ReconMethod)) {
      return {
        mode: 'refused',
        message: `${whole}; ${s.method.toUpperCase()} cannot run in slabs (its regulariser couples neighbouring rows): use WBP, SIRT or SART, or the wedgelab CLI`,
      };
    }
    const { nx, ny, nz } = outputDims(s);
    const smallest = slabPeakBytes(s, 2);
    if (smallest > budgetBytes) {
      return {
        mode: 'refused',
        message: `${whole}; even slab mode needs ${fmtBytes(smallest)} for 2-row slabs`,
      };
    }
    // the tallest slab that fits (bytes grow linearly with rows)
    let lo = 2;
    let hi = Math.max(2, ny);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (slabPeakBytes(s, mid) <= budgetBytes) lo = mid;
      else hi = mid - 1;
    }
    const ranges = slabRanges(ny, lo);
    const slabRows = Math.max(...ranges.map(([a, b]) => b - a));
    const peakBytes = slabPeakBytes(s, slabRows);
    const outputBytes = 1024 + 4 * nx * ny * nz;
    const tempBytes = s.prepass ? 4 * s.nu * s.nv * s.nviews : 0;
    return {
      mode: 'slabs',
      slabs: ranges.length,
      slabRows: lo,
      peakBytes,
      outputBytes,
      tempBytes,
      summary: `slab mode: ${ranges.length} slabs of ${lo} rows, peak ≈ ${fmtBytes(peakBytes)}, output ${fmtBytes(outputBytes)} to browser storage`,
    };
  }
}

/** The plan for a series (its size and angles) and a request's method, size and import options. */
export function planReconJob(
  series: { nu: number; nv: number; nviews: number; anglesDeg: readonly number[] },
  req: { method: string; thickness: number; bin?: number; importOptions?: GeometryImportOptions },
  budgetBytes: number,
): ReconPlan {
  const geometry = applyImportOptions(geometryFromTilts(series.anglesDeg), req.importOptions);
  const { nu, nv, nviews } = series;
  const prepass = slabCoupling(geometry) === 'in-plane';
  const { method, thickness, bin } = req;
  return planBrowserRecon({ nu, nv, nviews, method, thickness, bin, prepass }, budgetBytes);
}

/** Throws the plan's refusal; returns the plan otherwise. */
export function checkPlan(plan: ReconPlan): Exclude<ReconPlan, { mode: 'refused' }> {
  if (plan.mode === 'refused') throw new WedgeLabError('too-large', plan.message);
  return plan;
}
