// SIRT with everything on the GPU between iterations: the iterate (two ping-pong buffers), the data b,
// the projections/residual, R = 1/(A·1) and C = 1/(Aᵀ·1). One submission per iteration (forward,
// residual + norm, reduction, backprojection, update); only the residual scalar comes back, plus the
// volume when asked (previews, checkpoints for a CPU restart). Structurally matches recon's ResidentSirt.
import type { VolumeDims, DetectorDims } from '../core/geometry/index.ts';
import type { GpuContext } from './device.ts';
import { withErrorScopes } from './errorScopes.ts';
import { BufferUsage, MapModeRead } from './flags.ts';
import {
  backprojectConstants,
  backprojectKernel,
  encodeBackproject,
} from './kernels/backproject/backproject.ts';
import { encodeForward, forwardConstants, forwardKernel } from './kernels/forward/forward.ts';
import {
  encodePass,
  gridGroups,
  residualGroups,
  residualPartials,
  packSirtParams,
  reduceKernel,
  residualKernel,
  SIRT_PARAMS_BYTES,
  updateKernel,
} from './kernels/sirt/sirt.ts';
import { PARAMS_BYTES, type SlabParams, packSlabParams } from './kernels/slab.ts';
import {
  type AffineView,
  BACK_MAX_VIEWS,
  BACK_VIEWS_BYTES,
  packBackViews,
  packViews,
  volumeCentre,
} from './kernels/views.ts';
import type { PipelineCache } from './pipelines.ts';
import { writeFloat32 } from './readback.ts';
import { PassTimer } from './timing.ts';

export interface ResidentSirtInput {
  b: Float32Array;
  relaxation: number;
  positivity: boolean;
  rowScale: Float32Array;
  columnScale: Float32Array;
  initial?: Float32Array;
}

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;
const UNIFORM = BufferUsage.UNIFORM | BufferUsage.COPY_DST;

/** Bytes the resident session holds: 4 volumes (x twice, C, Aᵀr), 3 stacks (b, A·x/r, R), staging. */
export function residentSirtBytes(vol: VolumeDims, det: DetectorDims, nviews: number): number {
  const nvox = vol.nx * vol.ny * vol.nz;
  const nproj = det.nu * det.nv * nviews;
  return 4 * (5 * nvox + 3 * nproj) + 80 * nviews + BACK_VIEWS_BYTES;
}

/** Whether the session fits the device's bindings and a byte budget (and the uniform view block). */
export function residentSirtFits(
  gpu: GpuContext,
  vol: VolumeDims,
  det: DetectorDims,
  nviews: number,
  budgetBytes: number,
): boolean {
  const maxBinding = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
  const largest = 4 * Math.max(vol.nx * vol.ny * vol.nz, det.nu * det.nv * nviews);
  return (
    nviews <= BACK_MAX_VIEWS && largest <= maxBinding && residentSirtBytes(vol, det, nviews) <= budgetBytes
  );
}

/** Milliseconds per pass of one iteration, each submitted and waited for on its own (see timePasses). */
export interface SirtPassTimes {
  forward: number;
  residual: number;
  reduce: number;
  back: number;
  update: number;
  /** copying ‖r‖² back and mapping it */
  readback: number;
  source: 'timestamp' | 'wall';
}

export class GpuResidentSirt {
  private readonly buffers: GPUBuffer[] = [];
  private readonly x: [GPUBuffer, GPUBuffer];
  private readonly nvox: number;
  private readonly nproj: number;
  private readonly bufs: Record<
    | 'b'
    | 'R'
    | 'C'
    | 'p'
    | 'g'
    | 'partials'
    | 'sum'
    | 'slab'
    | 'views'
    | 'backViews'
    | 'projParams'
    | 'volParams'
    | 'partialParams'
    | 'sumStaging'
    | 'volStaging',
    GPUBuffer
  >;
  private readonly slab: SlabParams;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipes: Record<'forward' | 'back' | 'residual' | 'reduce' | 'update', GPUComputePipeline>,
    vol: VolumeDims,
    det: DetectorDims,
    views: readonly AffineView[],
    input: ResidentSirtInput,
  ) {
    const device = gpu.device;
    this.nvox = vol.nx * vol.ny * vol.nz;
    this.nproj = det.nu * det.nv * views.length;
    const make = (bytes: number, usage: number, label: string): GPUBuffer => {
      const buf = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage, label });
      this.buffers.push(buf);
      return buf;
    };
    const volBytes = 4 * this.nvox;
    const projBytes = 4 * this.nproj;
    this.x = [make(volBytes, STORAGE, 'sirt x0'), make(volBytes, STORAGE, 'sirt x1')];
    this.bufs = {
      b: make(projBytes, STORAGE, 'sirt b'),
      R: make(projBytes, STORAGE, 'sirt R'),
      p: make(projBytes, STORAGE, 'sirt Ax / r'),
      C: make(volBytes, STORAGE, 'sirt C'),
      g: make(volBytes, STORAGE, 'sirt Aᵀr'),
      partials: make(4 * residualPartials(this.nproj), STORAGE, 'sirt partials'),
      sum: make(4, STORAGE, 'sirt ‖r‖²'),
      slab: make(PARAMS_BYTES, UNIFORM, 'sirt slab params'),
      views: make(80 * views.length, STORAGE, 'sirt views'),
      backViews: make(BACK_VIEWS_BYTES, UNIFORM, 'sirt views (uniform)'),
      projParams: make(SIRT_PARAMS_BYTES, UNIFORM, 'sirt params (stack)'),
      volParams: make(SIRT_PARAMS_BYTES, UNIFORM, 'sirt params (volume)'),
      partialParams: make(SIRT_PARAMS_BYTES, UNIFORM, 'sirt params (partials)'),
      sumStaging: make(4, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'sirt ‖r‖² staging'),
      volStaging: make(volBytes, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'sirt x staging'),
    };
    // the whole volume and every detector row in one "slab", so b's layout is the projector's
    this.slab = {
      ...{ nx: vol.nx, nySlab: vol.ny, nz: vol.nz, y0: 0, nu: det.nu, nv: det.nv, rowStart: 0 },
      ...{ nRows: det.nv, nViews: views.length, centre: volumeCentre(vol) },
    };
    const q = device.queue;
    q.writeBuffer(this.bufs.slab, 0, packSlabParams(this.slab));
    q.writeBuffer(this.bufs.views, 0, packViews(views, vol));
    writeFloat32(device, this.bufs.backViews, packBackViews(views, vol));
    q.writeBuffer(this.bufs.projParams, 0, packSirtParams(this.nproj));
    q.writeBuffer(this.bufs.volParams, 0, packSirtParams(this.nvox, input.relaxation, input.positivity));
    q.writeBuffer(this.bufs.partialParams, 0, packSirtParams(residualPartials(this.nproj)));
    writeFloat32(device, this.bufs.b, input.b);
    writeFloat32(device, this.bufs.R, input.rowScale);
    writeFloat32(device, this.bufs.C, input.columnScale);
    if (input.initial) writeFloat32(device, this.x[0], input.initial);
  }

  static async create(
    gpu: GpuContext,
    pipelines: PipelineCache,
    vol: VolumeDims,
    det: DetectorDims,
    views: readonly AffineView[],
    input: ResidentSirtInput,
  ): Promise<GpuResidentSirt> {
    const get = (k: Parameters<PipelineCache['get']>[0], c?: Record<string, number>) =>
      gpu.guard(pipelines.get(k, c));
    const pipes = {
      forward: await get(forwardKernel, forwardConstants),
      back: await get(backprojectKernel, backprojectConstants),
      residual: await get(residualKernel),
      reduce: await get(reduceKernel),
      update: await get(updateKernel),
    };
    let session: GpuResidentSirt | undefined;
    await withErrorScopes(gpu.device, async () => {
      session = new GpuResidentSirt(gpu, pipes, vol, det, views, input);
    });
    return session!;
  }

  /**
   * Diagnostics (the bench): times the passes of one iteration separately, with GPU timestamps where the
   * device has them, else wall clock around submit → done (which adds queue latency to each). Leaves the
   * iterate x as it was but overwrites the previous one (what volume(true) returns).
   */
  async timePasses(): Promise<SirtPassTimes> {
    const { device } = this.gpu;
    const b = this.bufs;
    const [cur, next] = this.x;
    const one = async (record: (enc: GPUCommandEncoder, pass: GPUComputePassDescriptor) => void) => {
      const timer = new PassTimer(device, this.gpu.hasTimestamps, 1);
      const enc = device.createCommandEncoder({ label: 'sirt timing' });
      record(enc, timer.passDescriptor('sirt timing'));
      device.queue.submit([enc.finish()]);
      return timer.finish();
    };
    const times: Partial<SirtPassTimes> = {};
    await withErrorScopes(device, async () => {
      this.gpu.assertAlive();
      const slab = this.slab;
      const fwd = await one((enc, pass) =>
        encodeForward(
          device,
          enc,
          this.pipes.forward,
          { params: b.slab, views: b.views, vol: cur, proj: b.p },
          slab,
          pass,
        ),
      );
      const projGroups = residualGroups(this.nproj);
      const res = await one((enc, pass) =>
        encodePass(
          device,
          enc,
          this.pipes.residual,
          [b.projParams, b.b, b.R, b.p, b.partials],
          projGroups,
          pass,
        ),
      );
      const red = await one((enc, pass) =>
        encodePass(device, enc, this.pipes.reduce, [b.partialParams, b.partials, b.sum], 1, pass),
      );
      const back = await one((enc, pass) =>
        encodeBackproject(
          device,
          enc,
          this.pipes.back,
          { params: b.slab, backViews: b.backViews, proj: b.p, vol: b.g },
          slab,
          pass,
        ),
      );
      const upd = await one((enc, pass) =>
        encodePass(
          device,
          enc,
          this.pipes.update,
          [b.volParams, cur, b.C, b.g, next],
          gridGroups(this.nvox),
          pass,
        ),
      );
      const t = performance.now();
      const enc = device.createCommandEncoder({ label: 'sirt timing readback' });
      enc.copyBufferToBuffer(b.sum, 0, b.sumStaging, 0, 4);
      device.queue.submit([enc.finish()]);
      await this.map(b.sumStaging);
      Object.assign(times, {
        forward: fwd.ms,
        residual: res.ms,
        reduce: red.ms,
        back: back.ms,
        update: upd.ms,
        readback: performance.now() - t,
        source: fwd.source,
      });
    });
    return times as SirtPassTimes;
  }

  async step(readVolume: boolean): Promise<{ residualSq: number; volume?: Float32Array }> {
    const [cur, next] = this.x;
    let out: { residualSq: number; volume?: Float32Array } = { residualSq: 0 };
    await withErrorScopes(this.gpu.device, async () => {
      const enc = this.gpu.device.createCommandEncoder({ label: 'sirt iteration' });
      this.encodeResidual(enc, cur);
      const { device } = this.gpu;
      const b = this.bufs;
      encodeBackproject(
        device,
        enc,
        this.pipes.back,
        { params: b.slab, backViews: b.backViews, proj: b.p, vol: b.g },
        this.slab,
      );
      const groups = gridGroups(this.nvox);
      encodePass(device, enc, this.pipes.update, [b.volParams, cur, b.C, b.g, next], groups, 'sirt update');
      out = await this.finish(enc, readVolume ? next : null);
    });
    this.x.reverse();
    return out;
  }

  async residualSq(): Promise<number> {
    let sq = 0;
    await withErrorScopes(this.gpu.device, async () => {
      const enc = this.gpu.device.createCommandEncoder({ label: 'sirt residual' });
      this.encodeResidual(enc, this.x[0]);
      sq = (await this.finish(enc, null)).residualSq;
    });
    return sq;
  }

  async volume(previous = false): Promise<Float32Array> {
    const enc = this.gpu.device.createCommandEncoder({ label: 'sirt read x' });
    const src = previous ? this.x[1] : this.x[0];
    enc.copyBufferToBuffer(src, 0, this.bufs.volStaging, 0, 4 * this.nvox);
    this.gpu.device.queue.submit([enc.finish()]);
    return this.map(this.bufs.volStaging);
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }

  /** p ← A·x, then p ← R·(b − p) with ‖b − A·x‖² into `sum`. */
  private encodeResidual(enc: GPUCommandEncoder, x: GPUBuffer): void {
    this.gpu.assertAlive();
    const { device } = this.gpu;
    const b = this.bufs;
    encodeForward(
      device,
      enc,
      this.pipes.forward,
      { params: b.slab, views: b.views, vol: x, proj: b.p },
      this.slab,
    );
    const groups = residualGroups(this.nproj);
    encodePass(
      device,
      enc,
      this.pipes.residual,
      [b.projParams, b.b, b.R, b.p, b.partials],
      groups,
      'sirt residual',
    );
    encodePass(device, enc, this.pipes.reduce, [b.partialParams, b.partials, b.sum], 1, 'sirt reduce');
  }

  private async finish(
    enc: GPUCommandEncoder,
    volume: GPUBuffer | null,
  ): Promise<{ residualSq: number; volume?: Float32Array }> {
    const b = this.bufs;
    enc.copyBufferToBuffer(b.sum, 0, b.sumStaging, 0, 4);
    if (volume) enc.copyBufferToBuffer(volume, 0, b.volStaging, 0, 4 * this.nvox);
    this.gpu.device.queue.submit([enc.finish()]);
    const residualSq = (await this.map(b.sumStaging))[0];
    return volume ? { residualSq, volume: await this.map(b.volStaging) } : { residualSq };
  }

  private async map(staging: GPUBuffer): Promise<Float32Array> {
    await this.gpu.guard(staging.mapAsync(MapModeRead));
    try {
      return new Float32Array(staging.getMappedRange().slice(0));
    } finally {
      staging.unmap();
    }
  }
}
