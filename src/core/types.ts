/**
 * Data types shared by every layer. Arrays are Float32, x fastest, then y, then z (or view).
 * Units live in the names: angles in degrees, sizes in Å, shifts in pixels.
 */

/** A 3D volume: nx × ny × nz, z = thickness (beam direction at 0° tilt). */
export interface Volume {
  nx: number;
  ny: number;
  nz: number;
  /** length nx*ny*nz, index x + nx*(y + ny*z) */
  data: Float32Array;
  /**
   * [x, y, z] voxel size in Å; an entry of 0 means unknown (an MRC cell of 0), never a guessed 1 Å.
   * Anything that divides by it must check for 0 first (Å figures become null, writers write cell 0).
   */
  voxelSizeA: [number, number, number];
}

/** Per-view acquisition metadata, all optional except the tilt angle. */
export interface ViewMeta {
  angleDeg: number;
  /** dose of this view alone, e/Å² */
  doseEA2?: number;
  /** order in which the view was acquired (0 = first) */
  acquisitionIndex?: number;
}

/** A tilt series: nviews images of nx × ny, stacked like a volume with z = view index. */
export interface TiltSeries {
  nx: number;
  ny: number;
  nviews: number;
  /** length nx*ny*nviews, index x + nx*(y + ny*view) */
  data: Float32Array;
  /** Å per pixel; 0 means unknown (as in Volume.voxelSizeA) */
  pixelSizeA: number;
  views: ViewMeta[];
  /** in-plane rotation of the tilt axis from the Y axis, degrees, counter-clockwise (SerialEM/IMOD sense) */
  tiltAxisAngleDeg?: number;
}

export interface DataStats {
  min: number;
  max: number;
  mean: number;
  std: number;
}
