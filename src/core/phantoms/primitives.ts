/**
 * Phantom primitives: plain, structured-cloneable descriptions in continuous voxel coordinates centred on the
 * volume (x_c = ix − (nx−1)/2, likewise y, z). Each primitive has a centre, a rotation R whose rows are its
 * local axes in volume coordinates (local = R·(p − centre)) and a constant density added to the volume.
 * Density is dimensionless (protein ≈ 1, solvent 0); a projection is density × path length in voxels.
 */
import type { Mat3, Vec3 } from './vec.ts';
import { IDENTITY } from './vec.ts';

interface Base {
  center: Vec3;
  /** rows = the primitive's local axes in volume coordinates */
  rotation: Mat3;
  density: number;
}

/** Solid ellipsoid (a sphere when the three semi-axes are equal). */
export interface Ellipsoid extends Base {
  kind: 'ellipsoid';
  semiAxesPx: Vec3;
}

/** Hollow sphere: innerRadiusPx ≤ |p − centre| ≤ outerRadiusPx (rotation unused). */
export interface Shell extends Base {
  kind: 'shell';
  innerRadiusPx: number;
  outerRadiusPx: number;
}

/** Rectangular box (a cube when the half sizes are equal). */
export interface Box extends Base {
  kind: 'box';
  halfSizePx: Vec3;
}

/** Capped cylinder along local z (a disc when flat). */
export interface Cylinder extends Base {
  kind: 'cylinder';
  radiusPx: number;
  halfHeightPx: number;
}

/** Square pyramid: base in the local xy plane at z = −height/4, apex at z = 3·height/4 (centroid at 0). */
export interface Pyramid extends Base {
  kind: 'pyramid';
  baseHalfPx: number;
  heightPx: number;
}

/** Triangular prism: equilateral triangle (circumradius) in local xy, extruded ±halfLength along z. */
export interface Prism extends Base {
  kind: 'prism';
  circumradiusPx: number;
  halfLengthPx: number;
}

/** 3D cross of square bars: 4 arms (bars along local x and y) or 6 arms (x, y and z). */
export interface Cross extends Base {
  kind: 'cross';
  arms: 4 | 6;
  armHalfLengthPx: number;
  armHalfWidthPx: number;
}

export type Primitive = Ellipsoid | Shell | Box | Cylinder | Pyramid | Prism | Cross;
/** The primitives with an exact analytic line integral. */
export type AnalyticPrimitive = Ellipsoid | Shell;

export function isAnalytic(p: Primitive): p is AnalyticPrimitive {
  return p.kind === 'ellipsoid' || p.kind === 'shell';
}

export function sphere(center: Vec3, radiusPx: number, density: number): Ellipsoid {
  return {
    kind: 'ellipsoid',
    center,
    rotation: IDENTITY,
    semiAxesPx: [radiusPx, radiusPx, radiusPx],
    density,
  };
}

export function ellipsoid(center: Vec3, semiAxesPx: Vec3, rotation: Mat3, density: number): Ellipsoid {
  return { kind: 'ellipsoid', center, rotation, semiAxesPx, density };
}

export function shell(center: Vec3, innerRadiusPx: number, outerRadiusPx: number, density: number): Shell {
  return { kind: 'shell', center, rotation: IDENTITY, innerRadiusPx, outerRadiusPx, density };
}

/** Half extents of the primitive's bounding box in its local frame. */
export function localHalfExtentPx(p: Primitive): Vec3 {
  switch (p.kind) {
    case 'ellipsoid':
      return p.semiAxesPx;
    case 'shell':
      return [p.outerRadiusPx, p.outerRadiusPx, p.outerRadiusPx];
    case 'box':
      return p.halfSizePx;
    case 'cylinder':
      return [p.radiusPx, p.radiusPx, p.halfHeightPx];
    case 'pyramid':
      return [p.baseHalfPx, p.baseHalfPx, 0.75 * p.heightPx];
    case 'prism':
      return [p.circumradiusPx, p.circumradiusPx, p.halfLengthPx];
    case 'cross': {
      const l = p.armHalfLengthPx;
      return [l, l, p.arms === 6 ? l : p.armHalfWidthPx];
    }
  }
}

/** Radius of a sphere about the centre that contains the primitive. */
export function boundingRadiusPx(p: Primitive): number {
  switch (p.kind) {
    case 'ellipsoid':
      return Math.max(...p.semiAxesPx);
    case 'shell':
      return p.outerRadiusPx;
    case 'cylinder':
      return Math.hypot(p.radiusPx, p.halfHeightPx);
    case 'pyramid':
      return Math.max(Math.hypot(Math.SQRT2 * p.baseHalfPx, 0.25 * p.heightPx), 0.75 * p.heightPx);
    case 'prism':
      return Math.hypot(p.circumradiusPx, p.halfLengthPx);
    case 'cross':
      return Math.hypot(p.armHalfLengthPx, p.armHalfWidthPx * Math.SQRT2);
    case 'box':
      return Math.hypot(...p.halfSizePx);
  }
}

/** Half extents of the axis-aligned bounding box in volume coordinates. */
export function worldHalfExtentPx(p: Primitive): Vec3 {
  const r = p.rotation;
  if (p.kind === 'ellipsoid') {
    // exact for an ellipsoid: sqrt(Σ_j (R_ji a_j)²)
    const a = p.semiAxesPx;
    const e = (i: number): number =>
      Math.sqrt((r[i] * a[0]) ** 2 + (r[3 + i] * a[1]) ** 2 + (r[6 + i] * a[2]) ** 2);
    return [e(0), e(1), e(2)];
  }
  const h = localHalfExtentPx(p);
  const e = (i: number): number =>
    Math.abs(r[i]) * h[0] + Math.abs(r[3 + i]) * h[1] + Math.abs(r[6 + i]) * h[2];
  const br = boundingRadiusPx(p);
  return [Math.min(e(0), br), Math.min(e(1), br), Math.min(e(2), br)];
}

/** Exact volume of the primitive in voxels³ (for mass checks). */
export function primitiveVolumePx3(p: Primitive): number {
  switch (p.kind) {
    case 'ellipsoid':
      return (4 / 3) * Math.PI * p.semiAxesPx[0] * p.semiAxesPx[1] * p.semiAxesPx[2];
    case 'shell':
      return (4 / 3) * Math.PI * (p.outerRadiusPx ** 3 - p.innerRadiusPx ** 3);
    case 'box':
      return 8 * p.halfSizePx[0] * p.halfSizePx[1] * p.halfSizePx[2];
    case 'cylinder':
      return Math.PI * p.radiusPx ** 2 * 2 * p.halfHeightPx;
    case 'pyramid':
      return ((2 * p.baseHalfPx) ** 2 * p.heightPx) / 3;
    case 'prism':
      return ((3 * Math.sqrt(3)) / 4) * p.circumradiusPx ** 2 * 2 * p.halfLengthPx;
    case 'cross': {
      const l = 2 * p.armHalfLengthPx;
      const w = 2 * p.armHalfWidthPx;
      // bars of l × w × w; each extra bar adds its length outside the shared w³ core
      return p.arms === 4 ? 2 * l * w * w - w ** 3 : 3 * l * w * w - 2 * w ** 3;
    }
  }
}

/** Total mass (density × volume) of a primitive list. */
export function totalMass(prims: readonly Primitive[]): number {
  return prims.reduce((s, p) => s + p.density * primitiveVolumePx3(p), 0);
}
