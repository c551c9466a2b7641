/**
 * Reconstruction in Y-slabs: when rows decouple (slabGeometry.ts), volume rows y0..y1 depend only on
 * detector rows y0..y1 of every view, so a volume far larger than memory is built slab by slab, each slab
 * read from a RowSource and handed to `onSlab` (e.g. a streaming MRC writer) before the next one starts.
 * Every slab runs the ordinary reconstruct(), so a slab equals the same rows of the in-memory result.
 * WBP, SIRT and SART only: TV's gradient couples neighbouring rows, and a residual tolerance would stop
 * each slab at a different iteration.
 *
 * The slabs share their projectors (SlabProjectors): one is made per distinct slab size and kept for the
 * later slabs, so a CPU projector's threads (or a GPU projector's pipelines) start once per job, not once per
 * slab, and all are disposed at the end, on error or on cancel.
 */
import { WedgeLabError } from '../../core/errors.ts';
import {
  selectViews,
  type DetectorDims,
  type TiltGeometry,
  type VolumeDims,
} from '../../core/geometry/index.ts';
import type { Projector } from '../projector.ts';
import { binStack, binTaps } from './binning.ts';
import { reusableScratch, throwIfCancelled } from './hooks.ts';
import {
  reconstruct,
  type ProjectorFactory,
  type ReconMethod,
  type ReconstructRequest,
  type ReconstructResult,
} from './reconstruct.ts';
import { slabCoupling } from './slabGeometry.ts';

export const SLAB_METHODS: readonly ReconMethod[] = ['wbp', 'sirt', 'sart'];

/** A tilt series read by rows (raw, unbinned): an MrcFile, an aligned temp file, or memory. */
export interface RowSource {
  nu: number;
  nv: number;
  nviews: number;
  /** rows y0..y1−1 of view k, nu·(y1 − y0) values, u fastest */
  readRows(view: number, y0: number, y1: number): Promise<Float32Array> | Float32Array;
}

export function memoryRowSource(data: Float32Array, nu: number, nv: number, nviews: number): RowSource {
  return {
    nu,
    nv,
    nviews,
    readRows: (k, y0, y1) => data.subarray(nu * (y0 + nv * k), nu * (y1 + nv * k)),
  };
}

/**
 * Volume rows y0..y1−1 (binned), index x + nx·((y − y0) + (y1 − y0)·z). `data` is reused by the next slab
 * (every method): `onSlab` copies what it keeps before it returns (or its promise resolves).
 */
export interface VolumeSlab {
  y0: number;
  y1: number;
  nx: number;
  nz: number;
  data: Float32Array;
}

export interface SlabReconstructRequest extends Omit<ReconstructRequest, 'data' | 'nu' | 'nv' | 'nviews'> {
  source: RowSource;
  /** output (binned) rows per slab */
  slabRows: number;
  onSlab(slab: VolumeSlab): Promise<void> | void;
}

export interface SlabReconstructResult extends Omit<ReconstructResult, 'volume'> {
  volumeDims: VolumeDims;
  voxelSizeA: number;
  slabs: number;
}

/** Why slab mode cannot run this request, or null when it can. */
export function slabRefusal(
  method: string,
  geometry: ReconstructRequest['geometry'],
  opts: { xTiltDeg?: number; tolerance?: number; binMethod?: string } = {},
): string | null {
  if (!SLAB_METHODS.includes(method as ReconMethod))
    return `slab mode runs ${SLAB_METHODS.join('/')} only (${method}'s regulariser couples neighbouring rows)`;
  if (slabCoupling(geometry, opts.xTiltDeg) === 'x-tilt')
    return 'an x-axis tilt couples rows, so slab mode cannot run it';
  if (opts.tolerance !== undefined)
    return 'a residual tolerance would stop each slab at a different iteration';
  if (opts.binMethod === 'fourier') return 'Fourier binning mixes all rows; use average binning';
  return null;
}

/** [y0, y1) ranges of about `rows` rows covering ny, none shorter than 2 (binning needs 2 rows). */
export function slabRanges(ny: number, rows: number): [number, number][] {
  const h = Math.max(2, Math.floor(rows));
  const out: [number, number][] = [];
  for (let y0 = 0; y0 < ny; y0 += h) out.push([y0, Math.min(ny, y0 + h)]);
  const last = out.at(-1);
  if (out.length > 1 && last && last[1] - last[0] < 2) {
    out.pop();
    out[out.length - 1][1] = ny;
  }
  return out;
}

/**
 * The projectors of one slab job. reconstruct() disposes its projector after every slab, so it gets a view
 * whose dispose() does nothing; the projector itself is kept while the slabs keep their size (all but
 * perhaps the last) and disposed here. After a GPU loss the later slabs go straight to the fallback.
 */
class SlabProjectors {
  private readonly primary = new KeptProjector();
  private readonly fallback = new KeptProjector();
  private lost = false;

  constructor(
    private readonly makePrimary: ProjectorFactory,
    private readonly makeFallback: ProjectorFactory | undefined,
  ) {}

  readonly create: ProjectorFactory = async (g, v, d) =>
    this.lost && this.makeFallback
      ? this.fallback.get(this.makeFallback, g, v, d)
      : this.primary.get(this.makePrimary, g, v, d);

  get createFallback(): ProjectorFactory | undefined {
    const make = this.makeFallback;
    return make && ((g, v, d) => this.fallback.get(make, g, v, d));
  }

  /** The primary's device is gone: the remaining slabs run on the fallback. */
  fellBack(): void {
    this.lost = true;
    this.primary.dispose();
  }

  dispose(): void {
    this.primary.dispose();
    this.fallback.dispose();
  }
}

/** One projector kept for as long as it is asked for the same geometry and sizes. */
class KeptProjector {
  private key = '';
  private current: Projector | undefined;

  async get(
    make: ProjectorFactory,
    geometry: TiltGeometry,
    volumeDims: VolumeDims,
    detectorDims: DetectorDims,
  ): Promise<Projector> {
    const key = JSON.stringify([geometry, volumeDims, detectorDims]);
    if (!this.current || key !== this.key) {
      // first, and synchronously: what it releases (a CPU projector's threads) can then serve the new one
      this.dispose();
      this.current = await make(geometry, volumeDims, detectorDims);
      this.key = key;
    }
    return keptView(this.current);
  }

  dispose(): void {
    const p = this.current;
    this.current = undefined;
    this.key = '';
    p?.dispose();
  }
}

/** `p` with a dispose() that does nothing (every other member is p's own). */
function keptView(p: Projector): Projector {
  return new Proxy(p, {
    get(target, name) {
      if (name === 'dispose') return () => {};
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function reconstructInSlabs(req: SlabReconstructRequest): Promise<SlabReconstructResult> {
  const { source } = req;
  const why = slabRefusal(req.method, req.geometry, req);
  if (why) throw new WedgeLabError('bad-argument', why);
  if (slabCoupling(req.geometry, req.xTiltDeg) !== 'none') {
    throw new WedgeLabError(
      'bad-argument',
      'this geometry has an in-plane rotation or y-shift: resample the series into an aligned stack first (alignView)',
    );
  }
  const { nu, nv, nviews } = source;
  if (req.geometry.views.length !== nviews)
    throw new WedgeLabError('mismatch', `${req.geometry.views.length} tilt angles for ${nviews} sections`);
  const bin = req.bin ?? 1;
  const excluded = new Set(req.excludeViews ?? []);
  const kept = Array.from({ length: nviews }, (_, i) => i).filter((i) => !excluded.has(i));
  const geometry = selectViews(req.geometry, kept);
  const ranges = slabRanges(Math.floor(nv / bin), req.slabRows);
  // binned row y averages unbinned rows first + y·bin … (taps) as whole-stack binning does (binning.ts), so a
  // slab reads its rows from there, plus one when the taps are bin + 1 wide
  const taps = binTaps(nv, bin);
  const extraRows = taps.weights.length - bin;
  let res2: number[] = [];
  let b2 = 0;
  let last: ReconstructResult | undefined;
  let seconds = 0;
  let voxelUpdates = 0;
  // The stack and the method's working arrays (WBP's filtered rows and volume, SIRT/SART's volumes and
  // stacks) are allocated once, at the tallest slab's size, and every slab uses views of them: fresh ones per
  // slab left the previous slab's arrays to the garbage collector, so peak memory followed GC timing (browser
  // 2048² × 61 → ×500 in 5 slabs of 462 rows: job PSS 5.0 GB, 3.1–3.2 GB reused).
  const tallest = Math.max(0, ...ranges.map(([y0, y1]) => y1 - y0));
  const stack = new Float32Array(nu * (tallest * bin + extraRows) * kept.length);
  const scratch = reusableScratch(ranges.length ? tallest / (ranges[0][1] - ranges[0][0]) : 1);
  const projectors = new SlabProjectors(req.createProjector, req.createFallbackProjector);
  try {
    for (const [s, [y0, y1]] of ranges.entries()) {
      throwIfCancelled(req.signal);
      const first = taps.start + y0 * bin;
      const rows = (y1 - y0) * bin + extraRows;
      const data = stack.subarray(0, nu * rows * kept.length);
      for (const [j, k] of kept.entries()) {
        data.set(await source.readRows(k, first, first + rows), j * nu * rows);
        throwIfCancelled(req.signal);
      }
      const r = await reconstruct({
        ...req,
        data,
        nu,
        nv: rows,
        nviews: kept.length,
        geometry,
        excludeViews: [],
        createProjector: projectors.create,
        createFallbackProjector: projectors.createFallback,
        scratch,
        onDeviceFallback: (e) => {
          projectors.fellBack();
          req.onDeviceFallback?.(e);
        },
        onIteration: undefined,
        onPreview: undefined,
        onProgress: (p) =>
          req.onProgress?.({
            ...p,
            fraction: (s + p.fraction) / ranges.length,
            stage: `slab ${s + 1}/${ranges.length}: ${p.stage}`,
          }),
      });
      // residuals of the whole volume: Σ over slabs of ‖Ax − b‖², over Σ ‖b‖² (b as binned for the projector)
      const b = binStack(data, nu, rows, kept.length, bin).data;
      let nb = 0;
      for (let i = 0; i < b.length; i++) nb += b[i] * b[i];
      b2 += nb;
      res2 = r.residuals.map((x, i) => (res2[i] ?? 0) + x * x * nb);
      seconds += r.seconds;
      voxelUpdates += r.voxelUpdates;
      last = r;
      const v = r.volume;
      await req.onSlab({ y0, y1, nx: v.nx, nz: v.nz, data: v.data });
    }
  } finally {
    projectors.dispose();
  }
  if (!last) throw new WedgeLabError('bad-argument', 'no rows to reconstruct');
  const residuals = res2.map((x) => Math.sqrt(x / (b2 || 1)));
  residuals.forEach((x, i) => req.onIteration?.(i + 1, x));
  const { nx, nz } = last.volume;
  return {
    volumeDims: { nx, ny: ranges.at(-1)?.[1] ?? 0, nz },
    voxelSizeA: last.volume.voxelSizeA[0],
    method: req.method,
    device: last.device,
    residuals,
    iterations: last.iterations,
    stopReason: last.stopReason,
    seconds,
    voxelUpdates,
    keptViews: kept,
    prealigned: false, // the caller's aligned-stack prepass, if any, happened before
    slabs: ranges.length,
  };
}
