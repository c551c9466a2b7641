/**
 * Restart-on-CPU after GPU device loss (issue 4 §1: "nothing already computed is lost"). Forwards every
 * call to the primary (GPU) projector; when one fails with WedgeLabError('gpu-lost') it builds the
 * fallback (CPU) projector once, reports the switch, and redoes only that call there. Projector calls are
 * pure functions of their inputs and the algorithms keep their state (iterate, residuals) in their own
 * arrays, so redoing the failed call resumes exactly where the GPU stopped. A back projection that lost
 * the device part-way keeps the volume rows its finished slabs wrote and computes only the rest.
 * GPU-resident SIRT sessions hold their iterate on the device; sirt.ts resumes those from its last
 * read-back checkpoint.
 */
import { isWedgeLabError } from '../core/errors.ts';
import type { DetectorDims, TiltGeometry, VolumeDims } from '../core/geometry/index.ts';
import {
  volumeLength,
  type Projector,
  type ProjectorHooks,
  type ResidentSirt,
  type ResidentSirtOptions,
} from './projector.ts';

export interface DeviceFallbackEvent {
  /** the lost device's projector, e.g. 'webgpu (nvidia hopper)' */
  from: string;
  /** where the job continues, e.g. 'cpu' */
  to: string;
  /** the gpu-lost message */
  reason: string;
  /** for a back projection interrupted part-way: volume rows already final (kept) */
  completedRows?: number;
}

export function isGpuLost(e: unknown): boolean {
  return isWedgeLabError(e) && e.code === 'gpu-lost';
}

export class FallbackProjector implements Projector {
  private fallback: Projector | null = null;

  constructor(
    private readonly primary: Projector,
    private readonly createFallback: () => Projector | Promise<Projector>,
    private readonly onFallback?: (e: DeviceFallbackEvent) => void,
  ) {}

  get volumeDims(): VolumeDims {
    return this.primary.volumeDims;
  }
  get detectorDims(): DetectorDims {
    return this.primary.detectorDims;
  }
  get geometry(): TiltGeometry {
    return this.primary.geometry;
  }
  get nviews(): number {
    return this.primary.nviews;
  }
  /** the projector in use now */
  get device(): string {
    return (this.fallback ?? this.primary).device;
  }
  /** true once the job has moved to the fallback */
  get fellBack(): boolean {
    return this.fallback !== null;
  }
  get completedRows(): number | undefined {
    return (this.fallback ?? this.primary).completedRows;
  }

  async forward(
    volume: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    if (this.fallback) return this.fallback.forward(volume, out, viewSubset, hooks);
    try {
      return await this.primary.forward(volume, out, viewSubset, hooks);
    } catch (e) {
      // forward overwrites the subset's views, so a partial GPU result needs no cleaning
      const cpu = await this.switchOver(e);
      return cpu.forward(volume, out, viewSubset, hooks);
    }
  }

  async back(
    projections: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    if (this.fallback) return this.fallback.back(projections, out, viewSubset, hooks);
    // our own output array, so that the rows of finished GPU slabs survive a loss
    const result = out ?? new Float32Array(volumeLength(this.volumeDims));
    try {
      return await this.primary.back(projections, result, viewSubset, hooks);
    } catch (e) {
      const done = Math.max(hooks?.rowsFrom ?? 0, this.primary.completedRows ?? 0);
      const cpu = await this.switchOver(e, done);
      return cpu.back(projections, result, viewSubset, { ...hooks, rowsFrom: done });
    }
  }

  /** Only while on the primary: after a loss there is no device to keep anything on. */
  residentSirt(b: Float32Array, opts: ResidentSirtOptions): Promise<ResidentSirt | null> {
    if (this.fallback || !this.primary.residentSirt) return Promise.resolve(null);
    return this.primary.residentSirt(b, opts);
  }

  dispose(): void {
    this.primary.dispose();
    this.fallback?.dispose();
  }

  /** Rethrows anything but device loss; else builds the fallback once and reports the switch. */
  private async switchOver(e: unknown, completedRows?: number): Promise<Projector> {
    if (!isGpuLost(e)) throw e;
    if (!this.fallback) {
      const from = this.primary.device;
      this.fallback = await this.createFallback();
      this.onFallback?.({
        from,
        to: this.fallback.device,
        reason: (e as Error).message,
        completedRows: completedRows || undefined,
      });
    }
    return this.fallback;
  }
}
