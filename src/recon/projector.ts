/**
 * The operator every reconstruction algorithm is written against. A Projector owns a geometry and the
 * volume/detector sizes; it never knows which algorithm calls it, and algorithms never know whether it runs
 * on the CPU (src/recon/reference) or the GPU (src/gpu/kernels).
 *
 * Layouts (Float32, x fastest):
 *   volume       nx·ny·nz,        index x + nx·(y + ny·z)
 *   projections  nu·nv·nviews,    index u + nu·(v + nv·view)   (always the FULL stack, see viewSubset)
 *
 * `back` is the exact adjoint (transpose) of `forward`: ⟨A x, y⟩ = ⟨x, Aᵀ y⟩.
 */
import { WedgeLabError } from '../core/errors.ts';
import type { DetectorDims, TiltGeometry, VolumeDims } from '../core/geometry/index.ts';

export interface ProjectorHooks {
  /** aborting rejects the promise with WedgeLabError('cancelled') within about 100 ms */
  signal?: AbortSignal;
  /** fraction done in [0, 1]; called at most every ~100 ms and once with 1 at the end */
  onProgress?: (fraction: number) => void;
  /**
   * back() only: volume rows [0, rowsFrom) of `out` are already final (a back projection resumed after
   * device loss), so compute and write rows [rowsFrom, ny) only. Projectors that cannot, compute all rows.
   */
  rowsFrom?: number;
}

/** Options of a device-resident SIRT session; R and C as in sirt.ts, computed by the caller. */
export interface ResidentSirtOptions {
  relaxation: number;
  positivity: boolean;
  /** R = 1/(A·1) per detector pixel */
  rowScale: Float32Array;
  /** C = 1/(Aᵀ·1) per voxel */
  columnScale: Float32Array;
  /** start volume (default zeros) */
  initial?: Float32Array;
}

/** SIRT with the volume, data, residual and scales kept on the device between iterations. */
export interface ResidentSirt {
  /**
   * One update x ← x + λ·C·Aᵀ(R·(b − A x)) (clamped at 0 with positivity). Resolves to ‖b − A x‖² of the
   * iterate BEFORE the update, and, when `readVolume`, the iterate after it.
   */
  step(readVolume: boolean): Promise<{ residualSq: number; volume?: Float32Array }>;
  /** ‖b − A x‖² of the current iterate (no update) */
  residualSq(): Promise<number>;
  /** the current iterate, or with `previous` the one before the last step */
  volume(previous?: boolean): Promise<Float32Array>;
  dispose(): void;
}

export interface Projector {
  readonly volumeDims: VolumeDims;
  readonly detectorDims: DetectorDims;
  readonly geometry: TiltGeometry;
  readonly nviews: number;
  /** where the work runs, for reports ('cpu-reference', 'webgpu', ...) */
  readonly device: string;
  /**
   * A·x. Writes the views in `viewSubset` (default all) of `out` (allocated full-size when absent),
   * overwriting them; other views of `out` are left untouched.
   */
  forward(
    volume: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array>;
  /**
   * Aᵀ·y restricted to the views in `viewSubset` (default all). Overwrites `out` (allocated when absent);
   * views not in the subset are not read.
   */
  back(
    projections: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array>;
  /** releases buffers (GPU); a no-op on the CPU */
  dispose(): void;
  /** back(): rows [0, completedRows) of the last call's `out` are final even when it threw (GPU slabs) */
  readonly completedRows?: number;
  /** a SIRT session resident on the device (GPU), or null when it does not fit; absent on the CPU */
  residentSirt?(b: Float32Array, opts: ResidentSirtOptions): Promise<ResidentSirt | null>;
}

export function volumeLength(d: VolumeDims): number {
  return d.nx * d.ny * d.nz;
}

export function projectionsLength(d: DetectorDims, nviews: number): number {
  return d.nu * d.nv * nviews;
}

/** Checks a view subset (indices in range, no repeats) and returns it, or all views when absent. */
export function resolveViewSubset(nviews: number, viewSubset?: readonly number[]): number[] {
  if (!viewSubset) return Array.from({ length: nviews }, (_, i) => i);
  const seen = new Set<number>();
  for (const v of viewSubset) {
    if (!Number.isInteger(v) || v < 0 || v >= nviews) {
      throw new WedgeLabError('bad-argument', `view ${v} is outside 0…${nviews - 1}`);
    }
    if (seen.has(v)) throw new WedgeLabError('bad-argument', `view ${v} is listed twice in the view subset`);
    seen.add(v);
  }
  return [...viewSubset];
}

/**
 * The constructor checks every projector shares: positive integer volume sizes, a detector of at least
 * 2 × 2 pixels (default nx × ny), at least one view. Returns plain copies of the sizes.
 */
export function checkProjectorDims(
  geometry: TiltGeometry,
  volumeDims: VolumeDims,
  detectorDims?: DetectorDims,
): { volumeDims: VolumeDims; detectorDims: DetectorDims } {
  const { nx, ny, nz } = volumeDims;
  for (const [name, n] of [
    ['nx', nx],
    ['ny', ny],
    ['nz', nz],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new WedgeLabError('bad-argument', `volume ${name} = ${n}; expected a positive integer`);
  }
  const det = detectorDims ?? { nu: nx, nv: ny };
  if (!Number.isInteger(det.nu) || !Number.isInteger(det.nv) || det.nu < 2 || det.nv < 2) {
    throw new WedgeLabError('bad-argument', `detector ${det.nu} × ${det.nv}; expected integers ≥ 2`);
  }
  if (geometry.views.length === 0) throw new WedgeLabError('bad-argument', 'the tilt geometry has no views');
  return { volumeDims: { nx, ny, nz }, detectorDims: { nu: det.nu, nv: det.nv } };
}

export function checkLength(what: string, array: Float32Array, expected: number): void {
  if (array.length !== expected) {
    throw new WedgeLabError('mismatch', `${what} has ${array.length} values; expected ${expected}`);
  }
}

/**
 * Progress/cancel bookkeeping for long CPU loops: `tick` is cheap to call often; it reports progress and
 * yields to the event loop (so an abort can arrive) at most every `intervalMs`.
 */
export class WorkTicker {
  private last = now();
  constructor(
    private readonly hooks: ProjectorHooks | undefined,
    private readonly intervalMs = 100,
  ) {
    this.throwIfAborted();
  }

  async tick(fraction: number): Promise<void> {
    const t = now();
    if (t - this.last < this.intervalMs) return;
    this.last = t;
    this.hooks?.onProgress?.(fraction);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.last = now();
    this.throwIfAborted();
  }

  done(): void {
    this.hooks?.onProgress?.(1);
  }

  throwIfAborted(): void {
    if (this.hooks?.signal?.aborted) throw new WedgeLabError('cancelled', 'projection cancelled');
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
