// The GPU implementation of the Projector interface (src/recon/projector.ts; structurally typed because
// gpu must not import recon). Data stream through in Y-slabs so that any volume size works: each slab is
// uploaded with the detector rows it touches, processed, and read back into the caller's arrays.
import { BufferUsage } from './flags.ts';
import { WedgeLabError } from '../core/errors.ts';
import type { DetectorDims, TiltGeometry, VolumeDims } from '../core/geometry/index.ts';
import type { GpuContext } from './device.ts';
import { affineViews } from './geometry.ts';
import {
  backprojectConstants,
  backprojectKernel,
  encodeBackproject,
} from './kernels/backproject/backproject.ts';
import { encodeForward, forwardConstants, forwardKernel } from './kernels/forward/forward.ts';
import { PARAMS_BYTES, type SlabParams, packSlabParams } from './kernels/slab.ts';
import {
  type AffineView,
  BACK_MAX_VIEWS,
  BACK_VIEWS_BYTES,
  detectorRowsForSlab,
  packBackViews,
  packViews,
  volumeCentre,
} from './kernels/views.ts';
import { DEFAULT_GPU_BUDGET_BYTES, type GpuMemoryPlan, estimateGpuMemory } from './memory.ts';
import { withErrorScopes } from './errorScopes.ts';
import { PipelineCache } from './pipelines.ts';
import { BufferPool } from './pool.ts';
import { readFloat32, writeFloat32 } from './readback.ts';
import { GpuResidentSirt, type ResidentSirtInput, residentSirtFits } from './residentSirt.ts';

export interface GpuProjectorHooks {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface GpuProjectorOptions {
  budgetBytes?: number;
  /** cap on slab height (tests use it to exercise slabbing on small volumes) */
  maxSlabRows?: number;
  /** false: never keep SIRT resident on the device (stream slabs every iteration instead) */
  resident?: boolean;
}

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;

export class GpuProjector {
  readonly device: string;
  readonly nviews: number;
  readonly plan: GpuMemoryPlan;
  readonly detectorDims: DetectorDims;
  /**
   * After back() returns or throws: volume rows [0, completedRows) of its `out` hold final values (slabs
   * run in y order). A caller resuming after device loss computes only the rest.
   */
  completedRows = 0;
  private readonly views: AffineView[];
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;

  constructor(
    private readonly gpu: GpuContext,
    readonly geometry: TiltGeometry,
    readonly volumeDims: VolumeDims,
    detectorDims?: DetectorDims,
    private readonly options: GpuProjectorOptions = {},
  ) {
    // like the reference: the detector defaults to nx × ny
    this.detectorDims = detectorDims ?? { nu: volumeDims.nx, nv: volumeDims.ny };
    this.device = `webgpu (${gpu.adapterName})`;
    this.nviews = geometry.views.length;
    this.views = affineViews(geometry, volumeDims, this.detectorDims);
    this.plan = estimateGpuMemory(volumeDims, this.nviews, {
      detector: this.detectorDims,
      views: this.views,
      maxBindingBytes: Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize),
      budgetBytes: options.budgetBytes,
      maxSlabRows: options.maxSlabRows,
    });
    this.pool = new BufferPool(gpu.device);
    this.pipelines = new PipelineCache(gpu.device);
  }

  async forward(
    volume: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: GpuProjectorHooks,
  ): Promise<Float32Array> {
    const { nx, ny, nz } = this.volumeDims;
    const { nu, nv } = this.detectorDims;
    expectLength('volume', volume, nx * ny * nz);
    const result = out ?? new Float32Array(nu * nv * this.nviews);
    expectLength('projections', result, nu * nv * this.nviews);
    const subset = this.subset(viewSubset);
    for (const k of subset) result.fill(0, k * nu * nv, (k + 1) * nu * nv);
    const pipeline = await this.gpu.guard(this.pipelines.get(forwardKernel, forwardConstants));
    await this.slabs(subset, hooks, async (s, bufs) => {
      if (s.nRows === 0) return; // the slab projects off the detector
      writeFloat32(this.gpu.device, bufs.vol, extractSlab(volume, this.volumeDims, s.y0, s.nySlab));
      const enc = this.gpu.device.createCommandEncoder();
      encodeForward(this.gpu.device, enc, pipeline, bufs, s);
      this.gpu.device.queue.submit([enc.finish()]);
      const rows = await this.gpu.guard(
        readFloat32(this.gpu.device, bufs.proj, 4 * nu * s.nRows * subset.length),
      );
      subset.forEach((k, i) => {
        const dst = k * nu * nv + s.rowStart * nu;
        const src = i * nu * s.nRows;
        for (let t = 0; t < nu * s.nRows; t++) result[dst + t] += rows[src + t];
      });
    });
    return result;
  }

  async back(
    projections: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: GpuProjectorHooks,
  ): Promise<Float32Array> {
    const { nx, ny, nz } = this.volumeDims;
    const { nu, nv } = this.detectorDims;
    expectLength('projections', projections, nu * nv * this.nviews);
    const result = out ?? new Float32Array(nx * ny * nz);
    expectLength('volume', result, nx * ny * nz);
    const subset = this.subset(viewSubset);
    this.completedRows = 0;
    const pipeline = await this.gpu.guard(this.pipelines.get(backprojectKernel, backprojectConstants));
    // more views than the uniform block holds: several dispatches that accumulate
    const chunks: { offset: number; packed: Float32Array; count: number }[] = [];
    for (let c = 0; c < Math.max(1, subset.length); c += BACK_MAX_VIEWS) {
      const views = subset.slice(c, c + BACK_MAX_VIEWS).map((k) => this.views[k]);
      chunks.push({ offset: c, packed: packBackViews(views, this.volumeDims), count: views.length });
    }
    await this.slabs(subset, hooks, async (s, bufs) => {
      const rows = new Float32Array(subset.length * nu * s.nRows);
      subset.forEach((k, i) => {
        const from = k * nu * nv + s.rowStart * nu;
        rows.set(projections.subarray(from, from + nu * s.nRows), i * nu * s.nRows);
      });
      writeFloat32(this.gpu.device, bufs.proj, rows);
      chunks.forEach((c, i) => {
        const sc = { ...s, nViews: c.count };
        this.gpu.device.queue.writeBuffer(bufs.params, 0, packSlabParams(sc, i > 0, c.offset));
        writeFloat32(this.gpu.device, bufs.backViews, c.packed);
        const enc = this.gpu.device.createCommandEncoder();
        encodeBackproject(this.gpu.device, enc, pipeline, bufs, sc);
        this.gpu.device.queue.submit([enc.finish()]);
      });
      const slab = await this.gpu.guard(readFloat32(this.gpu.device, bufs.vol, 4 * nx * s.nySlab * nz));
      insertSlab(result, this.volumeDims, s.y0, s.nySlab, slab);
      this.completedRows = s.y0 + s.nySlab;
    });
    return result;
  }

  /**
   * A SIRT session that keeps every array on the GPU (see residentSirt.ts), or null when the volume needs
   * slabs, does not fit the budget, or `resident: false` was asked for.
   */
  async residentSirt(b: Float32Array, opts: Omit<ResidentSirtInput, 'b'>): Promise<GpuResidentSirt | null> {
    const { nx, ny, nz } = this.volumeDims;
    const { nu, nv } = this.detectorDims;
    expectLength('projections', b, nu * nv * this.nviews);
    expectLength('row scale', opts.rowScale, nu * nv * this.nviews);
    expectLength('column scale', opts.columnScale, nx * ny * nz);
    if (opts.initial) expectLength('initial volume', opts.initial, nx * ny * nz);
    if (this.options.resident === false || this.options.maxSlabRows !== undefined) return null;
    const budget = this.options.budgetBytes ?? DEFAULT_GPU_BUDGET_BYTES;
    if (!residentSirtFits(this.gpu, this.volumeDims, this.detectorDims, this.nviews, budget)) return null;
    this.gpu.assertAlive();
    const input = { ...opts, b };
    return GpuResidentSirt.create(
      this.gpu,
      this.pipelines,
      this.volumeDims,
      this.detectorDims,
      this.views,
      input,
    );
  }

  /** Frees pooled buffers; the device itself belongs to the caller. */
  dispose(): void {
    this.pool.trim();
  }

  private subset(viewSubset?: readonly number[]): number[] {
    const all = viewSubset ?? Array.from({ length: this.nviews }, (_, i) => i);
    const seen = new Set<number>();
    for (const k of all) {
      if (!Number.isInteger(k) || k < 0 || k >= this.nviews || seen.has(k)) {
        throw new WedgeLabError('bad-argument', `view ${k} is outside 0…${this.nviews - 1} or listed twice`);
      }
      seen.add(k);
    }
    return [...all];
  }

  /** Runs `body` once per Y-slab with buffers sized for the plan; checks cancel and device loss between. */
  private async slabs(
    subset: number[],
    hooks: GpuProjectorHooks | undefined,
    body: (
      s: SlabParams,
      bufs: { params: GPUBuffer; views: GPUBuffer; backViews: GPUBuffer; vol: GPUBuffer; proj: GPUBuffer },
    ) => Promise<void>,
  ): Promise<void> {
    const { device } = this.gpu;
    const dims = this.volumeDims;
    const { nu, nv } = this.detectorDims;
    const views = subset.map((k) => this.views[k]);
    const h = this.plan.slabRows;
    const bufs = {
      params: this.pool.acquire(PARAMS_BYTES, BufferUsage.UNIFORM | BufferUsage.COPY_DST, 'params'),
      views: this.pool.acquire(80 * Math.max(1, views.length), STORAGE, 'views'),
      backViews: this.pool.acquire(
        BACK_VIEWS_BYTES,
        BufferUsage.UNIFORM | BufferUsage.COPY_DST,
        'views (uniform)',
      ),
      vol: this.pool.acquire(this.plan.volumeSlabBytes, STORAGE, 'volume slab'),
      proj: this.pool.acquire(this.plan.projectionSlabBytes, STORAGE, 'detector rows'),
    };
    try {
      device.queue.writeBuffer(bufs.views, 0, packViews(views, dims));
      for (let y0 = 0; y0 < dims.ny; y0 += h) {
        this.gpu.assertAlive();
        if (hooks?.signal?.aborted) throw new WedgeLabError('cancelled', 'projection cancelled');
        const nySlab = Math.min(h, dims.ny - y0);
        const [rowStart, rowEnd] = detectorRowsForSlab(views, dims, nv, y0, y0 + nySlab);
        const s: SlabParams = {
          ...{ nx: dims.nx, nySlab, nz: dims.nz, y0, nu, nv, rowStart, nRows: rowEnd - rowStart },
          ...{ nViews: views.length, centre: volumeCentre(dims) },
        };
        device.queue.writeBuffer(bufs.params, 0, packSlabParams(s));
        // An empty row range still runs the backprojection (it writes the slab's zeros).
        await withErrorScopes(device, () => body(s, bufs));
        hooks?.onProgress?.(Math.min(1, (y0 + nySlab) / dims.ny));
      }
    } finally {
      for (const b of Object.values(bufs)) this.pool.release(b);
    }
  }
}

function expectLength(what: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new WedgeLabError('mismatch', `${what} has ${a.length} values; expected ${n}`);
}

/** Copies volume rows [y0, y0 + h) into a contiguous nx × h × nz slab (z is the slowest axis). */
export function extractSlab(volume: Float32Array, d: VolumeDims, y0: number, h: number): Float32Array {
  const slab = new Float32Array(d.nx * h * d.nz);
  for (let z = 0; z < d.nz; z++) {
    const from = d.nx * (y0 + d.ny * z);
    slab.set(volume.subarray(from, from + d.nx * h), d.nx * h * z);
  }
  return slab;
}

export function insertSlab(
  volume: Float32Array,
  d: VolumeDims,
  y0: number,
  h: number,
  slab: Float32Array,
): void {
  for (let z = 0; z < d.nz; z++) {
    volume.set(slab.subarray(d.nx * h * z, d.nx * h * (z + 1)), d.nx * (y0 + d.ny * z));
  }
}
