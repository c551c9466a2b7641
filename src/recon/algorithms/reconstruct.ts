/**
 * One entry point for the CLI `reconstruct` command and the app's worker: prepare the series (validation,
 * view exclusion, binning, size, z-offset, x-tilt), build a projector through the caller's factory (so the
 * caller picks CPU or GPU), run the method, and report time and work.
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { FilterSpec, RowPadding } from '../../core/filters/index.ts';
import type { DetectorDims, TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import type { Volume } from '../../core/types.ts';
import { FallbackProjector, type DeviceFallbackEvent } from '../fallbackProjector.ts';
import {
  volumeLength,
  type Projector,
  type ProjectorHooks,
  type ResidentSirt,
  type ResidentSirtOptions,
} from '../projector.ts';
import type { BinMethod } from './binning.ts';
import type { ReconHooks, Scratch, StopReason } from './hooks.ts';
import { prealignSeries } from './prealign.ts';
import { prepareSeries } from './prepare.ts';
import { sart, sirt } from './sirt.ts';
import type { WarmStart } from './sirtStart.ts';
import { tv } from './tv.ts';
import { cnReconstruct, type CnOptions, type CnResult } from '../cn/cn.ts';
import { slabCoupling } from './slabGeometry.ts';
import { resolveFilter, wbp } from './wbp.ts';

export const METHODS = ['wbp', 'sirt', 'sart', 'tv', 'cn'] as const;
export type ReconMethod = (typeof METHODS)[number];

export type ProjectorFactory = (
  geometry: TiltGeometry,
  volumeDims: VolumeDims,
  detectorDims: DetectorDims,
) => Projector | Promise<Projector>;

export interface ReconstructRequest extends ReconHooks {
  /** the tilt series: nu × nv × nviews, index u + nu·(v + nv·view) */
  data: Float32Array;
  nu: number;
  nv: number;
  nviews: number;
  /** one entry per section of `data` */
  geometry: TiltGeometry;
  pixelSizeA?: number;
  method: ReconMethod;
  createProjector: ProjectorFactory;
  /**
   * Where to continue when the projector's GPU device is lost mid-job (normally the CPU projector). Absent:
   * the job fails with the gpu-lost error instead.
   */
  createFallbackProjector?: ProjectorFactory;
  /** wbp/sirt/sart working arrays (slab mode reuses them across slabs); the result may be one of them */
  scratch?: Scratch;
  /** the job moved to the fallback; `message` is one line for stderr or the app */
  onDeviceFallback?: (e: DeviceFallbackEvent & { message: string }) => void;
  /** WBP filter (spec or string), also that of the sirt/sart warm start; default radial:0.35,0.035 */
  filter?: FilterSpec | string;
  padding?: RowPadding;
  /** iterative methods: iteration count (default SIRT_DEFAULTS, SART_DEFAULTS, tv 30) */
  iterations?: number;
  /** tv: TV weight in density units (default 0.01) */
  lambda?: number;
  /** tv: power iterations for ‖A‖² (default 8; from a constant volume 3 already come within 0.5%) */
  powerIterations?: number;
  /** sirt/sart: relaxation (default SIRT_DEFAULTS / SART_DEFAULTS) */
  relaxation?: number;
  /** sirt/sart: start from the WBP or from zeros (default SIRT_DEFAULTS / SART_DEFAULTS) */
  warmStart?: WarmStart;
  /** sirt/sart: ordered subsets (sirt default 1, sart default one per view) */
  subsets?: number;
  positivity?: boolean;
  /** relative residual decrease below which iterative methods stop */
  tolerance?: number;
  /** output thickness nz, UNBINNED pixels */
  thickness: number;
  /** output width nx, unbinned pixels (default the view width) */
  width?: number;
  /** unbinned pixels; positive shows a region higher in z */
  zOffset?: number;
  xTiltDeg?: number;
  /** 0-based view indices to leave out */
  excludeViews?: readonly number[];
  bin?: number;
  binMethod?: BinMethod;
  /**
   * Resample views with an in-plane rotation or y-shift into the aligned frame first (prealign.ts), for the
   * CPU fast path; default true. false keeps the exact single-interpolation path.
   */
  prealign?: boolean;
  /** cn: the coordinate network's options (mode, size, schedule, seed; src/recon/cn/cn.ts) */
  cn?: Omit<CnOptions, keyof import('./hooks.ts').ReconHooks>;
}

export interface ReconstructResult {
  volume: Volume;
  method: ReconMethod;
  /** where the projector ran ('cpu-reference', 'webgpu', ...) */
  device: string;
  /** ‖Ax − b‖/‖b‖ per iteration; empty for WBP */
  residuals: number[];
  iterations: number;
  stopReason?: StopReason;
  /** compute time (preparation + reconstruction, no file I/O) */
  seconds: number;
  /** voxel × view updates done by the projector (forward and back both count) */
  voxelUpdates: number;
  keptViews: number[];
  /** the series was resampled into the aligned frame before reconstruction */
  prealigned: boolean;
  /** set when the GPU was lost and the job finished on the fallback: what happened, in one line */
  deviceFallback?: string;
  /** cn: the loss curve, steps and the trained networks */
  cn?: Omit<CnResult, 'volume'>;
}

export async function reconstruct(req: ReconstructRequest): Promise<ReconstructResult> {
  if (!(METHODS as readonly string[]).includes(req.method)) {
    throw new WedgeLabError(
      'bad-argument',
      `unknown method "${req.method}"; valid methods: ${METHODS.join(', ')}`,
    );
  }
  const filter = req.method === 'wbp' ? resolveFilter(req.filter) : undefined;
  const start = now();
  let prepared = prepareSeries(
    {
      data: req.data,
      nu: req.nu,
      nv: req.nv,
      nviews: req.nviews,
      geometry: req.geometry,
      pixelSizeA: req.pixelSizeA,
    },
    {
      thicknessPx: req.thickness,
      widthPx: req.width,
      zOffsetPx: req.zOffset,
      xTiltDeg: req.xTiltDeg,
      excludeViews: req.excludeViews,
      bin: req.bin,
      binMethod: req.binMethod,
    },
  );
  let prealigned = false;
  let onProgress = req.onProgress;
  if (req.prealign ?? true) {
    // resampling costs about one detector plane per volume plane of one backprojection
    const { nx, ny, nz } = prepared.volumeDims;
    const share = Math.min(0.1, (prepared.detectorDims.nu * prepared.detectorDims.nv) / (nx * ny * nz));
    const report = req.onProgress;
    const aligned = await prealignSeries(prepared, prepared.data !== req.data, {
      signal: req.signal,
      onProgress: report && ((f) => report({ fraction: share * f, stage: 'prealign' })),
    });
    if (aligned) {
      prepared = aligned;
      prealigned = true;
      if (report) onProgress = (p) => report({ ...p, fraction: share + (1 - share) * p.fraction });
    }
  }
  const { geometry, volumeDims, detectorDims } = prepared;
  let inner = await req.createProjector(geometry, volumeDims, detectorDims);
  let completed = 0; // iterations whose update finished: where a restart on the CPU resumes
  let fallbackMessage: string | undefined;
  const makeFallback = req.createFallbackProjector;
  if (makeFallback) {
    inner = new FallbackProjector(
      inner,
      () => makeFallback(geometry, volumeDims, detectorDims),
      (e) => {
        fallbackMessage = describeFallback(e, req.method, completed, volumeDims.ny);
        req.onDeviceFallback?.({ ...e, message: fallbackMessage });
      },
    );
  }
  const projector = countingProjector(inner);
  try {
    const b = prepared.data;
    const common = {
      signal: req.signal,
      onProgress,
      onIteration: req.onIteration,
      previewEvery: req.previewEvery,
      onPreview: req.onPreview,
    };
    let data: Float32Array;
    let residuals: number[] = [];
    let iterations = 0;
    let stopReason: StopReason | undefined;
    let cnResult: Omit<CnResult, 'volume'> | undefined;
    if (req.method === 'cn') {
      if (slabCoupling(geometry) !== 'none')
        throw new WedgeLabError(
          'bad-argument',
          'cn: an x-axis tilt couples the rows the networks are fitted by; cn needs a single tilt axis',
        );
      const { nx, ny, nz } = volumeDims;
      const { volume: v, ...rest } = await cnReconstruct(
        async (rows) => {
          const vd = { nx, ny: rows, nz };
          const dd = { nu: detectorDims.nu, nv: rows };
          const p = await req.createProjector(geometry, vd, dd);
          return makeFallback
            ? new FallbackProjector(
                p,
                () => makeFallback(geometry, vd, dd),
                (e) =>
                  req.onDeviceFallback?.({
                    ...e,
                    message: (fallbackMessage = `GPU lost during the fit; continuing on the CPU`),
                  }),
              )
            : p;
        },
        b,
        { nx, ny, nz, nu: detectorDims.nu, nviews: geometry.views.length },
        { ...req.cn, ...common, onLoss: (step, loss) => req.onIteration?.(step, loss) },
      );
      data = v;
      cnResult = rest;
      iterations = rest.steps;
    } else if (req.method === 'wbp') {
      data = await wbp(projector, b, { ...common, filter, padding: req.padding, scratch: req.scratch });
    } else {
      const iterative = {
        ...common,
        iterations: req.iterations,
        positivity: req.positivity,
        tolerance: req.tolerance,
        onIterationDone: (it: number) => (completed = it),
        scratch: req.scratch,
      };
      const r =
        req.method === 'tv'
          ? await tv(projector, b, { ...iterative, lambda: req.lambda, powerIterations: req.powerIterations })
          : await (req.method === 'sirt' ? sirt : sart)(projector, b, {
              ...iterative,
              relaxation: req.relaxation,
              warmStart: req.warmStart,
              warmStartFilter: req.filter,
              subsets: req.subsets,
            });
      ({ volume: data, residuals, iterations, stopReason } = r);
    }
    const { nx, ny, nz } = prepared.volumeDims;
    const s = prepared.voxelSizeA;
    return {
      volume: { nx, ny, nz, data, voxelSizeA: [s, s, s] },
      method: req.method,
      device: inner.device,
      residuals,
      iterations,
      stopReason,
      seconds: (now() - start) / 1000,
      voxelUpdates: projector.voxelUpdates(),
      keptViews: prepared.keptViews,
      prealigned,
      deviceFallback: fallbackMessage,
      ...(cnResult ? { cn: cnResult } : {}),
    };
  } finally {
    inner.dispose();
  }
}

function describeFallback(
  e: DeviceFallbackEvent,
  method: ReconMethod,
  iterations: number,
  ny: number,
): string {
  const where =
    method === 'wbp'
      ? e.completedRows
        ? ` after ${e.completedRows} of ${ny} volume rows (kept)`
        : ''
      : iterations > 0
        ? ` after iteration ${iterations}`
        : ' before the first iteration finished';
  return `GPU lost${where}; continuing on the CPU`;
}

/** Wraps a projector to count voxel × view updates (the benchmark's unit of work). */
function countingProjector(p: Projector): Projector & { voxelUpdates(): number } {
  const nvox = volumeLength(p.volumeDims);
  let count = 0;
  const views = (subset?: readonly number[]) => (subset ? subset.length : p.nviews);
  return {
    get volumeDims() {
      return p.volumeDims;
    },
    get detectorDims() {
      return p.detectorDims;
    },
    get geometry() {
      return p.geometry;
    },
    get nviews() {
      return p.nviews;
    },
    get device() {
      return p.device;
    },
    get completedRows() {
      return p.completedRows;
    },
    forward(volume: Float32Array, out?: Float32Array, subset?: readonly number[], hooks?: ProjectorHooks) {
      count += nvox * views(subset);
      return p.forward(volume, out, subset, hooks);
    },
    back(projections: Float32Array, out?: Float32Array, subset?: readonly number[], hooks?: ProjectorHooks) {
      count += nvox * views(subset);
      return p.back(projections, out, subset, hooks);
    },
    dispose() {},
    residentSirt: p.residentSirt
      ? async (b: Float32Array, opts: ResidentSirtOptions): Promise<ResidentSirt | null> => {
          const s = await p.residentSirt!(b, opts);
          if (!s) return null;
          const all = nvox * p.nviews;
          return {
            step: (read) => ((count += 2 * all), s.step(read)),
            residualSq: () => ((count += all), s.residualSq()),
            volume: (previous) => s.volume(previous),
            dispose: () => s.dispose(),
          };
        }
      : undefined,
    voxelUpdates: () => count,
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
