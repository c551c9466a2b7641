/**
 * Tilt geometry types. The one convention is written down in docs/geometry.md; in short:
 * volume index coordinates (x, y, z) with the rotation centre at ((n-1)/2) on every axis, tilt about +y,
 * x_proj = x·cos θ + z·sin θ (IMOD's sign after `trimvol -rx`), in-plane alignment with IMOD `.xf` semantics.
 */

/**
 * A 2D affine transform with IMOD `.xf` semantics: it maps the RAW image onto the ALIGNED image about the
 * image centre c = (nu/2, nv/2) (0-based pixel-centre indices, as IMOD's newstack):
 *   x_al = a11·(x_raw − cx) + a12·(y_raw − cy) + cx + dxPx
 *   y_al = a21·(x_raw − cx) + a22·(y_raw − cy) + cy + dyPx
 * Field names match `XfTransform` in src/io/meta/xf.ts so a parsed .xf can be passed as is.
 */
export interface InPlaneXf {
  a11: number;
  a12: number;
  a21: number;
  a22: number;
  dxPx: number;
  dyPx: number;
}

/** One view of a single-axis tilt series. Every field but the tilt angle is optional (0 / identity). */
export interface ViewGeometry {
  /** tilt about the volume's +y axis; positive moves a point at +z towards +x on the detector */
  angleDeg: number;
  /** IMOD XAXISTILT sign: tilt of the specimen about x, applied before the y tilt */
  xTiltDeg?: number;
  /** tilt-axis angle in the raw image, degrees counter-clockwise from +y (x right, y up; SerialEM/IMOD sense) */
  axisRotationDeg?: number;
  /** translation (IMOD .xf dx, dy sense) that moves the raw image onto the aligned one, in pixels */
  shiftXPx?: number;
  shiftYPx?: number;
  /** a full IMOD .xf for this view, applied after the axis rotation and shifts above */
  xf?: InPlaneXf;
}

/** A tilt series geometry: one entry per view, in the order of the views in the stack. */
export interface TiltGeometry {
  views: ViewGeometry[];
}

export interface VolumeDims {
  nx: number;
  ny: number;
  nz: number;
}

/** Detector (projection image) size; u = columns (x), v = rows (y). */
export interface DetectorDims {
  nu: number;
  nv: number;
}

export type Vec3 = [number, number, number];

/** Unit vectors in volume coordinates for one view, in the ALIGNED detector frame (no in-plane transform). */
export interface ViewVectors {
  /** direction of the rays (the sign is irrelevant for line integrals; it is +z at 0°) */
  beamDir: Vec3;
  /** the volume direction that maps to +u (detector columns) */
  uAxis: Vec3;
  /** the volume direction that maps to +v (detector rows) */
  vAxis: Vec3;
}

/**
 * The affine map from volume voxel indices to RAW detector pixel coordinates for one view:
 *   u = u0 + ux·ix + uy·iy + uz·iz,  v = v0 + vx·ix + vy·iy + vz·iz
 * `weight` is 1/|det A| of the in-plane transform so that magnification keeps line integrals right.
 */
export interface ViewAffine {
  u0: number;
  ux: number;
  uy: number;
  uz: number;
  v0: number;
  vx: number;
  vy: number;
  vz: number;
  weight: number;
}

/** Fixes for the two most common convention mismatches when importing other programs' geometry. */
export interface GeometryImportOptions {
  /** negate every tilt angle (and x-axis tilt): fixes a mirror-image (z-flipped) reconstruction */
  invertAngles?: boolean;
  /** add 180° to the tilt-axis rotation: for axis angles reported 180° off (e.g. 85° vs −95°) */
  axisRotated180?: boolean;
}
