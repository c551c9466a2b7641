// GPU memory planning: how many volume rows (Y) one slab may hold so that every binding fits the device's
// maxStorageBufferBindingSize and the working set fits a budget. WebGPU does not report free GPU memory,
// so the budget is a parameter (default below) and the limits are the device's real ones.
import { WedgeLabError } from '../core/errors.ts';
import { type AffineView, type DetectorDims, type VolumeDims, detectorRowsForSlab } from './kernels/views.ts';

/** Working-set default: fits integrated GPUs and a browser tab comfortably. */
export const DEFAULT_GPU_BUDGET_BYTES = 1024 * 1024 * 1024;
/** Spec default for maxStorageBufferBindingSize, used when no device is at hand yet. */
const SPEC_MAX_BINDING_BYTES = 128 * 1024 * 1024;

export interface MemoryPlanOptions {
  detector?: DetectorDims;
  /** the views in use: exact detector row ranges per slab (axis rotation widens them); else rows ≈ slab + 3 */
  views?: readonly AffineView[];
  /** device.limits.maxStorageBufferBindingSize (and maxBufferSize, whichever is smaller) */
  maxBindingBytes?: number;
  budgetBytes?: number;
  /** cap on slab height, e.g. to test slabbing on small volumes */
  maxSlabRows?: number;
}

export interface GpuMemoryPlan {
  /** the volume rows one dispatch covers; ny when the volume fits at once */
  slabRows: number;
  slabCount: number;
  /** largest detector row range any slab needs */
  maxDetectorRows: number;
  volumeSlabBytes: number;
  projectionSlabBytes: number;
  /** total GPU working set (slab volume + detector rows + per-view data), bytes */
  totalBytes: number;
  /** the whole volume, for messages */
  volumeBytes: number;
}

const MiB = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

function maxRowsFor(h: number, dims: VolumeDims, det: DetectorDims, views?: readonly AffineView[]): number {
  if (!views) return Math.min(det.nv, h + 3);
  let worst = 0;
  for (let y0 = 0; y0 < dims.ny; y0 += h) {
    const [r0, r1] = detectorRowsForSlab(views, dims, det.nv, y0, Math.min(dims.ny, y0 + h));
    worst = Math.max(worst, r1 - r0);
  }
  return worst;
}

/**
 * Plans the Y-slabs for a volume of `dims` and `nviews` projections, or throws WedgeLabError('too-large')
 * with the sizes involved when not even a one-row slab fits.
 */
export function estimateGpuMemory(
  dims: VolumeDims,
  nviews: number,
  opts: MemoryPlanOptions = {},
): GpuMemoryPlan {
  const det = opts.detector ?? { nu: dims.nx, nv: dims.ny };
  const maxBinding = opts.maxBindingBytes ?? SPEC_MAX_BINDING_BYTES;
  const budget = opts.budgetBytes ?? DEFAULT_GPU_BUDGET_BYTES;
  const perViewBytes = 80 * nviews + 256;
  const plan = (h: number): GpuMemoryPlan => {
    const rows = maxRowsFor(h, dims, det, opts.views);
    const volumeSlabBytes = 4 * dims.nx * h * dims.nz;
    const projectionSlabBytes = 4 * det.nu * rows * nviews;
    return {
      slabRows: h,
      slabCount: Math.ceil(dims.ny / h),
      maxDetectorRows: rows,
      volumeSlabBytes,
      projectionSlabBytes,
      // ×2: a staging copy of whichever buffer is read back
      totalBytes:
        2 * Math.max(volumeSlabBytes, projectionSlabBytes) +
        Math.min(volumeSlabBytes, projectionSlabBytes) +
        perViewBytes,
      volumeBytes: 4 * dims.nx * dims.ny * dims.nz,
    };
  };
  const fits = (p: GpuMemoryPlan): boolean =>
    p.volumeSlabBytes <= maxBinding && p.projectionSlabBytes <= maxBinding && p.totalBytes <= budget;
  let h = Math.max(1, Math.min(dims.ny, opts.maxSlabRows ?? dims.ny));
  let p = plan(h);
  while (!fits(p) && h > 1) {
    h = Math.max(1, Math.floor(h / 2));
    p = plan(h);
  }
  if (!fits(p)) {
    throw new WedgeLabError(
      'too-large',
      `A ${dims.nx}×${dims.ny}×${dims.nz} volume with ${nviews} views of ${det.nu}×${det.nv} does not fit this GPU even one ` +
        `row at a time (needs ${MiB(p.volumeSlabBytes)} + ${MiB(p.projectionSlabBytes)}, limit ${MiB(maxBinding)} per buffer, ` +
        `budget ${MiB(budget)}); bin the tilt series (--bin 2) or use --device cpu.`,
    );
  }
  return p;
}
