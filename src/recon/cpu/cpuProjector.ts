/**
 * The fast CPU projector: the reference projector's exact operator (voxel-driven bilinear backprojection and
 * its transpose), with tight incremental row loops, split into Y-slabs over threads. Each slab is one task:
 * `back` writes only its own volume rows (no conflicts); `forward` fills the slab's detector windows, which
 * the calling thread adds into the output. Arrays in shared memory (see allocateSharedFloat32) are read and
 * written in place by the threads; ordinary arrays go by copies of just the windows/slabs (cloned, see pool.ts).
 */
import { WedgeLabError } from '../../core/errors.ts';
import { viewAffine } from '../../core/geometry/index.ts';
import type { DetectorDims, TiltGeometry, ViewAffine, VolumeDims } from '../../core/geometry/index.ts';
import {
  checkLength,
  checkProjectorDims,
  projectionsLength,
  resolveViewSubset,
  volumeLength,
  type Projector,
  type ProjectorHooks,
} from '../projector.ts';
import { allocateFloat32, checkCpuMemory, type CpuMemoryLimits } from './memory.ts';
import {
  addWindows,
  fullWindows,
  gatherSlab,
  gatherWindows,
  packCoefficients,
  scatterSlab,
  slabWindows,
  splitRows,
} from './plan.ts';
import {
  defaultThreadCount,
  isNode,
  releaseExecutor,
  takeExecutor,
  type Executor,
  type PendingTask,
} from './pool.ts';
import { isShared } from './task.ts';

export interface CpuProjectorOptions {
  /** threads to use; default: hardware concurrency. 1 runs on the calling thread (no workers). */
  threads?: number;
  /** override the memory check's limits (tests); default: the engine's array limit and the machine's memory */
  limits?: Partial<CpuMemoryLimits>;
}

export class CpuProjector implements Projector {
  readonly device = 'cpu';
  readonly volumeDims: VolumeDims;
  readonly detectorDims: DetectorDims;
  readonly geometry: TiltGeometry;
  private readonly affines: ViewAffine[];
  private executor: Executor | undefined;
  private pendingExecutor: Promise<Executor> | undefined;
  private checked = false;

  constructor(
    geometry: TiltGeometry,
    volumeDims: VolumeDims,
    detectorDims?: DetectorDims,
    private readonly options: CpuProjectorOptions = {},
  ) {
    const dims = checkProjectorDims(geometry, volumeDims, detectorDims);
    const t = options.threads;
    if (t !== undefined && (!Number.isInteger(t) || t < 1))
      throw new WedgeLabError('bad-argument', `threads = ${t}; expected a positive integer`);
    this.volumeDims = dims.volumeDims;
    this.detectorDims = dims.detectorDims;
    this.geometry = geometry;
    this.affines = geometry.views.map((v) => viewAffine(v, this.volumeDims, this.detectorDims));
    // claimed now, so that a pool the previous projector released is not terminated meanwhile
    if (t !== undefined) this.executor = takeExecutor(t);
  }

  get nviews(): number {
    return this.geometry.views.length;
  }

  /** The thread count in use (resolves the hardware default on first use). */
  async threads(): Promise<number> {
    return (await this.getExecutor()).threads;
  }

  async back(
    projections: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    const dims = this.volumeDims;
    const det = this.detectorDims;
    checkLength('projections', projections, projectionsLength(det, this.nviews));
    const views = resolveViewSubset(this.nviews, viewSubset);
    const ex = await this.prepare();
    const vol = out ?? allocateFloat32(volumeLength(dims), 'volume');
    checkLength('volume', vol, volumeLength(dims));
    const coef = packCoefficients(this.affines, views);
    const plane = dims.nx * dims.ny;
    // resuming after device loss: rows below rowsFrom are final already
    const from = Math.min(dims.ny, Math.max(0, Math.floor(hooks?.rowsFrom ?? 0)));
    if (from === dims.ny) return vol;
    if (ex.threads === 1 || dims.ny < 2) {
      const data = {
        nx: dims.nx,
        vol,
        volY0: 0,
        volZStride: plane,
        det: projections,
        coef,
        win: fullWindows(det, views),
      };
      await ex.run([whole('back', data, dims, () => {}, from)], hooks);
      return vol;
    }
    const sharedIn = isShared(projections);
    const sharedOut = isShared(vol);
    const ranges = splitRows(dims, ex.threads)
      .filter(([, y1]) => y1 > from)
      .map(([y0, y1]) => [Math.max(y0, from), y1]);
    const tasks = ranges.map(([y0, y1]): PendingTask => {
      return {
        rows: (y1 - y0) * dims.nz,
        prepare: (id) => {
          let detData = projections;
          let win = fullWindows(det, views);
          if (!sharedIn) {
            const w = slabWindows(coef, dims, det, y0, y1);
            win = w.win;
            detData = gatherWindows(projections, det, views, win, w.pixels);
          }
          const slab = sharedOut ? vol : allocateFloat32(dims.nx * (y1 - y0) * dims.nz, 'volume slab');
          const data = {
            nx: dims.nx,
            vol: slab,
            volY0: sharedOut ? 0 : y0,
            volZStride: sharedOut ? plane : dims.nx * (y1 - y0),
            det: detData,
            coef,
            win,
          };
          return { id, kind: 'back', data, y0, y1, nz: dims.nz };
        },
        finish: (res) => {
          if (!sharedOut) scatterSlab(vol, dims, y0, y1, need(res));
        },
      };
    });
    await ex.run(tasks, hooks);
    return vol;
  }

  async forward(
    volume: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    const dims = this.volumeDims;
    const det = this.detectorDims;
    checkLength('volume', volume, volumeLength(dims));
    const views = resolveViewSubset(this.nviews, viewSubset);
    const ex = await this.prepare();
    const proj = out ?? allocateFloat32(projectionsLength(det, this.nviews), 'projections');
    checkLength('projections', proj, projectionsLength(det, this.nviews));
    for (const k of views) proj.fill(0, k * det.nu * det.nv, (k + 1) * det.nu * det.nv);
    const coef = packCoefficients(this.affines, views);
    const plane = dims.nx * dims.ny;
    if (ex.threads === 1 || dims.ny < 2) {
      const data = {
        nx: dims.nx,
        vol: volume,
        volY0: 0,
        volZStride: plane,
        det: proj,
        coef,
        win: fullWindows(det, views),
      };
      await ex.run([whole('forward', data, dims, () => {})], hooks);
      return proj;
    }
    const sharedIn = isShared(volume);
    const tasks = splitRows(dims, ex.threads).map(([y0, y1]): PendingTask => {
      const { win, pixels } = slabWindows(coef, dims, det, y0, y1);
      return {
        rows: (y1 - y0) * dims.nz,
        prepare: (id) => {
          const part = allocateFloat32(pixels, 'projection window');
          const slab = sharedIn ? volume : gatherSlab(volume, dims, y0, y1);
          const data = {
            nx: dims.nx,
            vol: slab,
            volY0: sharedIn ? 0 : y0,
            volZStride: sharedIn ? plane : dims.nx * (y1 - y0),
            det: part,
            coef,
            win,
          };
          return { id, kind: 'forward', data, y0, y1, nz: dims.nz };
        },
        finish: (res) => addWindows(proj, det, views, win, need(res)),
      };
    });
    await ex.run(tasks, hooks);
    return proj;
  }

  /**
   * Releases the threads: idle ones wait briefly for the next CPU projector with the same thread count
   * (pool.ts), then are terminated. The projector stays usable (it takes threads again on the next call).
   */
  dispose(): void {
    const ex = this.executor;
    this.executor = undefined;
    if (ex) releaseExecutor(ex);
  }

  private getExecutor(): Promise<Executor> {
    if (this.executor) return Promise.resolve(this.executor);
    const t = this.options.threads;
    if (t !== undefined) return Promise.resolve((this.executor = takeExecutor(t)));
    this.pendingExecutor ??= defaultThreadCount().then((n) => {
      this.pendingExecutor = undefined;
      return (this.executor ??= takeExecutor(n));
    });
    return this.pendingExecutor;
  }

  /** The executor, after the one-time memory check against the engine's and the machine's limits. */
  private async prepare(): Promise<Executor> {
    const ex = await this.getExecutor();
    if (!this.checked) {
      checkCpuMemory(
        this.volumeDims,
        this.detectorDims,
        this.nviews,
        ex.threads,
        await defaultLimits(this.options),
      );
      this.checked = true;
    }
    return ex;
  }
}

function whole(
  kind: 'back' | 'forward',
  data: import('./kernels.ts').SlabData,
  dims: VolumeDims,
  finish: PendingTask['finish'],
  y0 = 0,
): PendingTask {
  return {
    rows: (dims.ny - y0) * dims.nz,
    prepare: (id) => ({ id, kind, data, y0, y1: dims.ny, nz: dims.nz }),
    finish,
  };
}

function need(a: Float32Array | undefined): Float32Array {
  if (!a) throw new Error('a projector thread returned no data');
  return a;
}

async function defaultLimits(o: CpuProjectorOptions): Promise<CpuMemoryLimits> {
  if (isNode()) {
    const node = await import('./threads.node.ts');
    return {
      maxElements: o.limits?.maxElements ?? node.NODE_MAX_ELEMENTS,
      availableBytes: o.limits?.availableBytes ?? 0.9 * (await node.nodeTotalMemoryBytes()),
    };
  }
  const browser = await import('./threads.browser.ts');
  return {
    maxElements: o.limits?.maxElements ?? browser.BROWSER_MAX_ELEMENTS,
    availableBytes: o.limits?.availableBytes ?? Infinity,
  };
}

/** The CPU projector for a geometry; the detector defaults to nx × ny. */
export function createCpuProjector(
  geometry: TiltGeometry,
  volumeDims: VolumeDims,
  detectorDims?: DetectorDims,
  options?: CpuProjectorOptions,
): CpuProjector {
  return new CpuProjector(geometry, volumeDims, detectorDims, options);
}
