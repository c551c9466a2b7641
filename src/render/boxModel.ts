/**
 * The 3D box view's geometry (pure, no DOM, no three.js): the volume's box scaled so that its longest side
 * is 1 and centred on the origin, where each orthoslice plane sits in it, and an orbit camera about the
 * centre. World axes are the volume's: x, y, z with z (the beam at 0°, the thickness) up on screen.
 */
import type { OrthoAxis, VolumeDims, VoxelPosition } from './orthoModel.ts';

export interface Orbit {
  /** about z, from +x towards +y */
  azimuthDeg: number;
  /** above the xy plane */
  elevationDeg: number;
  /** camera to centre, in units of the box's longest side */
  distance: number;
}

export const DEFAULT_ORBIT: Orbit = { azimuthDeg: -60, elevationDeg: 25, distance: 2.6 };

/** Degrees per key press and per CSS pixel dragged. */
export const ORBIT_STEP_DEG = 10;
export const DRAG_DEG_PER_PX = 0.5;

const ELEVATION_LIMIT_DEG = 89;
const DISTANCE_RANGE = [0.9, 8] as const;

export function orbitBy(o: Orbit, dAzimuthDeg: number, dElevationDeg: number): Orbit {
  const az = (((o.azimuthDeg + dAzimuthDeg + 180) % 360) + 360) % 360;
  const el = Math.min(ELEVATION_LIMIT_DEG, Math.max(-ELEVATION_LIMIT_DEG, o.elevationDeg + dElevationDeg));
  return { ...o, azimuthDeg: az - 180, elevationDeg: el };
}

/** factor > 1 moves the camera closer (zooms in). */
export function zoomBy(o: Orbit, factor: number): Orbit {
  const d = o.distance / Math.max(1e-6, factor);
  return { ...o, distance: Math.min(DISTANCE_RANGE[1], Math.max(DISTANCE_RANGE[0], d)) };
}

/** The wheel's zoom factor for a deltaY in CSS pixels (a notch of 100 px: about 1.1×). */
export const wheelZoom = (deltaY: number): number => Math.exp(-deltaY * 0.001);

/** What a key does in the focused 3D view, or null when it does nothing there. */
export function orbitAfterKey(o: Orbit, key: string): Orbit | null {
  const s = ORBIT_STEP_DEG;
  const moves: Record<string, () => Orbit> = {
    ArrowLeft: () => orbitBy(o, -s, 0),
    ArrowRight: () => orbitBy(o, s, 0),
    ArrowUp: () => orbitBy(o, 0, s),
    ArrowDown: () => orbitBy(o, 0, -s),
    '+': () => zoomBy(o, 1.25),
    '=': () => zoomBy(o, 1.25),
    '-': () => zoomBy(o, 1 / 1.25),
    '0': () => DEFAULT_ORBIT,
  };
  return moves[key]?.() ?? null;
}

/** Camera position for an orbit about the origin (world units). */
export function cameraPosition(o: Orbit): [number, number, number] {
  const az = (o.azimuthDeg * Math.PI) / 180;
  const el = (o.elevationDeg * Math.PI) / 180;
  return [
    o.distance * Math.cos(el) * Math.cos(az),
    o.distance * Math.cos(el) * Math.sin(az),
    o.distance * Math.sin(el),
  ];
}

/** World units per voxel: the longest side spans 1. */
export const voxelScale = (d: VolumeDims): number => 1 / Math.max(1, d.nx, d.ny, d.nz);

/** The box's half-extents in world units. */
export function boxHalfSize(d: VolumeDims): [number, number, number] {
  const s = voxelScale(d);
  return [(d.nx * s) / 2, (d.ny * s) / 2, (d.nz * s) / 2];
}

/** World coordinate of voxel index i's centre along an axis of n voxels. */
const at = (i: number, n: number, s: number): number => (i + 0.5 - n / 2) * s;

export interface PlanePlacement {
  /** the plane's centre */
  centre: [number, number, number];
  /** its width and height (the slice image's horizontal and vertical axes) */
  size: [number, number];
}

/**
 * Where each slice's plane lies: xy at z, xz at y, yz at x, each spanning the whole box face. The slice
 * images' horizontal/vertical axes (orthoModel): xy x/y, xz x/z, yz z/y.
 */
export function planePlacement(axis: OrthoAxis, d: VolumeDims, p: VoxelPosition): PlanePlacement {
  const s = voxelScale(d);
  if (axis === 'xy') return { centre: [0, 0, at(p.z, d.nz, s)], size: [d.nx * s, d.ny * s] };
  if (axis === 'xz') return { centre: [0, at(p.y, d.ny, s), 0], size: [d.nx * s, d.nz * s] };
  return { centre: [at(p.x, d.nx, s), 0, 0], size: [d.nz * s, d.ny * s] };
}
