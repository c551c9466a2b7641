// Whether a job runs whole, in Y-slabs (written slab by slab), or is refused with a bin or thickness that
// would fit; the same answer in the page's plan line, in `wedgelab plan`, and when a job starts.
import { WedgeLabError } from '../../core/errors.ts';
import { slabRanges } from '../../recon/algorithms/index.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import { hasInPlaneTransform } from '../../recon/algorithms/index.ts';
import type { Recipe } from '../recipe/index.ts';
import { jobDims, slabJobBytes, wholeJobBytes, type JobSize } from './memory.ts';

/** The sizes a (resolved) recipe's job plans with, once the series and the device are known. */
export function jobSizeOf(
  recipe: Recipe,
  s: {
    nu: number;
    nv: number;
    nviews: number;
    excludedViews: number;
    thicknessPx: number;
    geometry: TiltGeometry;
  },
  threads: number | null,
): JobSize {
  const r = recipe.reconstruct;
  return {
    method: r.method,
    nu: s.nu,
    nv: s.nv,
    nviews: s.nviews,
    keptViews: s.nviews - s.excludedViews,
    bin: r.bin,
    thicknessPx: s.thicknessPx,
    threads,
    resample: r.prealign && hasInPlaneTransform(s.geometry),
    halfSet: recipe.score.halfSet,
    ...(r.method === 'cn'
      ? {
          cn: {
            mode: r.cnMode,
            width: r.width,
            depth: r.depth,
            encoding: r.encoding,
            batchRows: r.batchRows,
            slabRows: r.slabRows,
          },
        }
      : {}),
  };
}

/** Typed arrays hold at most 2^32 bytes here (Node; and a tab's ArrayBuffer). */
export const MAX_ARRAY_BYTES = 2 ** 32;

export type JobPlan =
  | { mode: 'whole'; peakBytes: number }
  | { mode: 'slabs'; slabs: number; slabRows: number; peakBytes: number; outputBytes: number };

export const fmtBytes = (b: number): string =>
  b < 1e9 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e9).toFixed(1)} GB`;

export interface Budget {
  bytes: number;
  /** 'this machine has', '--max-memory allows', 'a browser tab has' */
  what: string;
}

function fitsWhole(s: JobSize, budget: number): boolean {
  const e = wholeJobBytes(s);
  return (
    e.totalBytes <= budget && e.volumeBytes + 1024 <= MAX_ARRAY_BYTES && e.seriesBytes <= MAX_ARRAY_BYTES
  );
}

/** "--bin 2 (needs 1.2 GB) or a thinner volume (--thickness 120 fits)" for a job too large at `budget`. */
function advice(s: JobSize, budget: number): string {
  const out: string[] = [];
  for (const bin of [2, 4, 8].filter((b) => b > s.bin)) {
    const t = { ...s, bin };
    if (jobDims(t).detector.nu >= 2 && jobDims(t).detector.nv >= 2 && fitsWhole(t, budget)) {
      out.push(`--bin ${bin} (needs ${fmtBytes(wholeJobBytes(t).totalBytes)})`);
      break;
    }
  }
  let lo = 0;
  let hi = s.thicknessPx - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsWhole({ ...s, thicknessPx: mid }, budget)) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= s.bin) out.push(`a thinner volume (--thickness ${lo} fits)`);
  return out.length ? out.join(' or ') : 'a smaller series';
}

/**
 * The plan for a job of size `s` under `budget`. `slabRefusal` says why slab mode cannot run this job (null
 * when it can). Throws WedgeLabError('too-large') with sizes, the budget and what would fit.
 */
export function planJob(s: JobSize, budget: Budget, slabRefusal: string | null): JobPlan {
  const whole = wholeJobBytes(s);
  if (fitsWhole(s, budget.bytes)) return { mode: 'whole', peakBytes: whole.totalBytes };
  const { volume: v } = jobDims(s);
  const what = `${v.nx}×${v.ny}×${v.nz} volume + ${s.nu}×${s.nv}×${s.nviews} series`;
  const tooBig =
    whole.totalBytes <= budget.bytes
      ? `a ${what} is too big for one array here (the ${fmtBytes(whole.volumeBytes)} volume is over ${fmtBytes(MAX_ARRAY_BYTES)})`
      : `needs ${fmtBytes(whole.totalBytes)} for a ${what} (${s.method}); ${budget.what} ${fmtBytes(budget.bytes)}`;
  const refusal = s.halfSet ? 'half sets are reconstructed whole' : slabRefusal;
  if (refusal) {
    throw new WedgeLabError(
      'too-large',
      `${tooBig}; use ${advice(s, budget.bytes)} (slab mode cannot help: ${refusal})`,
    );
  }
  const smallest = slabJobBytes(s, 2);
  if (smallest > budget.bytes) {
    throw new WedgeLabError(
      'too-large',
      `${tooBig}; use ${advice(s, budget.bytes)} (slab mode needs ${fmtBytes(smallest)} even for 2-row slabs)`,
    );
  }
  // the tallest slab that fits (bytes grow linearly with rows)
  let lo = 2;
  let hi = Math.max(2, v.ny);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (slabJobBytes(s, mid) <= budget.bytes) lo = mid;
    else hi = mid - 1;
  }
  const ranges = slabRanges(v.ny, lo);
  const tallest = Math.max(...ranges.map(([a, b]) => b - a));
  return {
    mode: 'slabs',
    slabs: ranges.length,
    slabRows: lo,
    peakBytes: slabJobBytes(s, tallest),
    outputBytes: 1024 + 4 * v.nx * v.ny * v.nz,
  };
}

/** "slab mode: 7 slabs of 148 rows, peak ≈ 0.8 GB, output 1.3 GB" (the page's plan line). */
export function describePlan(p: JobPlan): string {
  if (p.mode === 'whole') return `whole volume, peak ≈ ${fmtBytes(p.peakBytes)}`;
  return `slab mode: ${p.slabs} slabs of ${p.slabRows} rows, peak ≈ ${fmtBytes(p.peakBytes)}, output ${fmtBytes(p.outputBytes)}`;
}
