/**
 * The slow exact CPU projector: the test oracle for the GPU kernels and the no-WebGPU fallback.
 * back    = voxel-driven backprojection, bilinear interpolation on the detector (as the GPU kernel);
 * forward = its exact transpose (a voxel-driven bilinear splat), so ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ to rounding.
 * Every view's full geometry (tilt, x-axis tilt, axis rotation, shifts, .xf) is one affine voxel → detector
 * map (src/core/geometry viewAffine). Units: one voxel = one detector pixel.
 */
import { viewAffine } from '../../core/geometry/index.ts';
import type { DetectorDims, TiltGeometry, ViewAffine, VolumeDims } from '../../core/geometry/index.ts';
import {
  checkLength,
  checkProjectorDims,
  projectionsLength,
  resolveViewSubset,
  volumeLength,
  WorkTicker,
  type Projector,
  type ProjectorHooks,
} from '../projector.ts';
import { backRow, forwardRow, type RowView } from './rowKernels.ts';

export class ReferenceProjector implements Projector {
  readonly device = 'cpu-reference';
  readonly volumeDims: VolumeDims;
  readonly detectorDims: DetectorDims;
  readonly geometry: TiltGeometry;
  private readonly affines: ViewAffine[];

  constructor(geometry: TiltGeometry, volumeDims: VolumeDims, detectorDims?: DetectorDims) {
    const dims = checkProjectorDims(geometry, volumeDims, detectorDims);
    this.volumeDims = dims.volumeDims;
    this.detectorDims = dims.detectorDims;
    this.geometry = geometry;
    this.affines = geometry.views.map((v) => viewAffine(v, this.volumeDims, this.detectorDims));
  }

  get nviews(): number {
    return this.geometry.views.length;
  }

  async forward(
    volume: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    const { nx, ny, nz } = this.volumeDims;
    const { nu, nv } = this.detectorDims;
    checkLength('volume', volume, volumeLength(this.volumeDims));
    const proj = out ?? new Float32Array(projectionsLength(this.detectorDims, this.nviews));
    checkLength('projections', proj, projectionsLength(this.detectorDims, this.nviews));
    const views = resolveViewSubset(this.nviews, viewSubset);
    for (const k of views) proj.fill(0, k * nu * nv, (k + 1) * nu * nv);
    const rows = views.map((k) => this.rowView(proj, k));
    const ticker = new WorkTicker(hooks);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const rowBase = nx * (y + ny * z);
        for (let i = 0; i < views.length; i++) {
          const r = this.placeRow(rows[i], views[i], y, z);
          forwardRow(volume, rowBase, nx, r);
        }
      }
      await ticker.tick((z + 1) / nz);
    }
    ticker.done();
    return proj;
  }

  async back(
    projections: Float32Array,
    out?: Float32Array,
    viewSubset?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> {
    const { nx, ny, nz } = this.volumeDims;
    checkLength('projections', projections, projectionsLength(this.detectorDims, this.nviews));
    const vol = out ?? new Float32Array(volumeLength(this.volumeDims));
    checkLength('volume', vol, volumeLength(this.volumeDims));
    vol.fill(0);
    const views = resolveViewSubset(this.nviews, viewSubset);
    const rows = views.map((k) => this.rowView(projections, k));
    const ticker = new WorkTicker(hooks);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const rowBase = nx * (y + ny * z);
        for (let i = 0; i < views.length; i++) {
          const r = this.placeRow(rows[i], views[i], y, z);
          backRow(vol, rowBase, nx, r);
        }
      }
      await ticker.tick((z + 1) / nz);
    }
    ticker.done();
    return vol;
  }

  dispose(): void {}

  private rowView(det: Float32Array, k: number): RowView {
    const { nu, nv } = this.detectorDims;
    const m = this.affines[k];
    return { det, base: k * nu * nv, nu, nv, uRow: 0, ux: m.ux, vRow: 0, vx: m.vx, weight: m.weight };
  }

  /** Moves a view's row descriptor to volume row (y, z); reuses the object (no per-row allocation). */
  private placeRow(r: RowView, k: number, y: number, z: number): RowView {
    const m = this.affines[k];
    r.uRow = m.u0 + m.uy * y + m.uz * z;
    r.vRow = m.v0 + m.vy * y + m.vz * z;
    return r;
  }
}

/** Convenience: the reference projector for a geometry; the detector defaults to nx × ny. */
export function createReferenceProjector(
  geometry: TiltGeometry,
  volumeDims: VolumeDims,
  detectorDims?: DetectorDims,
): ReferenceProjector {
  return new ReferenceProjector(geometry, volumeDims, detectorDims);
}
