/**
 * "capsid": a P22-like T=7 icosahedral capsid with a tail. A spherical shell carries 72 capsomer bumps:
 * 11 pentons at icosahedron vertices and 60 hexons, three per face, skewed about the face centre as in a
 * (h, k) = (2, 1) lattice. The twelfth vertex holds the portal: a tail hub and needle pointing outwards.
 * Every part is a shell or an ellipsoid touching its neighbours at most at a point, so the whole particle
 * projects analytically and rasterises without double-counted overlaps.
 */
import type { PhantomContext, PhantomDesign } from './context.ts';
import { tiltExtentPx } from './margin.ts';
import type { Primitive } from './primitives.ts';
import { ellipsoid, shell } from './primitives.ts';
import type { Vec3 } from './vec.ts';
import { add, cross, dot, frameAlong, mulMatVec, normalize, scale, sub } from './vec.ts';

/** Mature P22 outer radius (~63 nm diameter). */
export const P22_OUTER_RADIUS_A = 315;
export const CAPSID_DENSITY = 1;

// proportions relative to the outer shell radius R
const SHELL_INNER = 0.88;
const BUMP_HALF_HEIGHT = 0.045;
const HUB_RADIUS = 0.1;
const HUB_HALF_LENGTH = 0.14;
const NEEDLE_RADIUS = 0.035;
const NEEDLE_HALF_LENGTH = 0.2;
const GAP = 0.002;
const HEXON_SKEW_RAD = (14 * Math.PI) / 180;

export function icosahedronVertices(): Vec3[] {
  const f = (1 + Math.sqrt(5)) / 2;
  const v: Vec3[] = [];
  for (const a of [-1, 1]) for (const b of [-f, f]) v.push([0, a, b], [a, b, 0], [b, 0, a]);
  return v.map(normalize);
}

/** The 20 faces as vertex index triples (vertices at the minimum pairwise distance). */
export function icosahedronFaces(v: readonly Vec3[]): [number, number, number][] {
  const d = (i: number, j: number): number => Math.hypot(...sub(v[i], v[j]));
  const edge = Math.min(...v.slice(1).map((_, j) => d(0, j + 1)));
  const near = (i: number, j: number): boolean => Math.abs(d(i, j) - edge) < 1e-9;
  const faces: [number, number, number][] = [];
  for (let i = 0; i < 12; i++)
    for (let j = i + 1; j < 12; j++)
      for (let k = j + 1; k < 12; k++) if (near(i, j) && near(j, k) && near(i, k)) faces.push([i, j, k]);
  return faces;
}

/** Unit directions of the 60 hexons: three per face, between the centre and each corner, skewed. */
export function hexonDirections(v: readonly Vec3[]): Vec3[] {
  const out: Vec3[] = [];
  for (const [i, j, k] of icosahedronFaces(v)) {
    const g = scale(add(add(v[i], v[j]), v[k]), 1 / 3);
    const n = normalize(g);
    for (const corner of [v[i], v[j], v[k]]) {
      const arm = scale(sub(corner, g), 0.5);
      // rotate the arm about the face normal (same sense on every face: chirality, like a skew lattice)
      const rotated = add(
        scale(arm, Math.cos(HEXON_SKEW_RAD)),
        scale(cross(n, arm), Math.sin(HEXON_SKEW_RAD)),
      );
      out.push(normalize(add(g, rotated)));
    }
  }
  return out;
}

/** Capsid parts for outer radius R (px) about `center`, tail along the unit vector `tailDir`. */
export function capsidPrimitives(center: Vec3, radiusPx: number, orient: (d: Vec3) => Vec3): Primitive[] {
  const R = radiusPx;
  const verts = icosahedronVertices().map(orient);
  const hexons = hexonDirections(icosahedronVertices()).map(orient);
  const tailDir = verts[0];
  const pentons = verts.slice(1);
  const all = [...pentons, ...hexons];
  // capsomer width from the closest pair, so neighbouring bumps cannot touch
  let minAngle = Math.PI;
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++)
      minAngle = Math.min(minAngle, Math.acos(Math.min(1, dot(all[i], all[j]))));
  const h = BUMP_HALF_HEIGHT * R;
  const w = 0.42 * minAngle * R;
  const at = (dir: Vec3, r: number): Vec3 => add(center, scale(dir, r));
  const prims: Primitive[] = [shell(center, SHELL_INNER * R, R, CAPSID_DENSITY)];
  // oblate bumps, short axis radial, tangent to the shell's outer surface
  for (const d of all)
    prims.push(ellipsoid(at(d, R + h + GAP * R), [w, w, h], frameAlong(d), CAPSID_DENSITY));
  const hubL = HUB_HALF_LENGTH * R;
  const needleL = NEEDLE_HALF_LENGTH * R;
  const frame = frameAlong(tailDir);
  prims.push(
    ellipsoid(at(tailDir, R + hubL + GAP * R), [HUB_RADIUS * R, HUB_RADIUS * R, hubL], frame, CAPSID_DENSITY),
    ellipsoid(
      at(tailDir, R + 2 * hubL + needleL + 2 * GAP * R),
      [NEEDLE_RADIUS * R, NEEDLE_RADIUS * R, needleL],
      frame,
      CAPSID_DENSITY,
    ),
  );
  return prims;
}

/** Balls (centre, radius) per unit R that bound the particle: the bumped shell and the tail. */
function unitBounds(tailDir: Vec3): { c: Vec3; r: number }[] {
  const tailEnd = 1 + 2 * HUB_HALF_LENGTH + 2 * NEEDLE_HALF_LENGTH + 3 * GAP;
  return [
    { c: [0, 0, 0], r: 1 + 2 * BUMP_HALF_HEIGHT + GAP },
    { c: scale(tailDir, 0.5 * (1 + tailEnd)), r: 0.5 * (tailEnd - 1) + HUB_RADIUS },
  ];
}

export function designCapsid(ctx: PhantomContext): PhantomDesign {
  const { margin } = ctx;
  const rot = ctx.rng.rotation();
  const orient = (d: Vec3): Vec3 => mulMatVec(rot, d);
  const tailDir = orient(icosahedronVertices()[0]);
  // the largest R whose bounding balls fit: every constraint is linear in R
  let fitR = Infinity;
  for (const { c, r } of unitBounds(tailDir)) {
    fitR = Math.min(
      fitR,
      margin.halfXPx / (Math.abs(c[0]) + r),
      margin.halfYPx / (Math.abs(c[1]) + r),
      Math.min(margin.halfZPx, ctx.slabHalfPx) / (Math.abs(c[2]) + r),
      margin.limitPx / (tiltExtentPx(c[0], c[2], margin.maxTiltDeg) + r),
    );
  }
  // a given voxel size means physical size (if it fits); otherwise fill the volume and report the implied size
  const R = ctx.voxelSizeA ? Math.min(0.98 * fitR, P22_OUTER_RADIUS_A / ctx.voxelSizeA) : 0.9 * fitR;
  return {
    primitives: capsidPrimitives([0, 0, 0], R, orient),
    voxelSizeA: ctx.voxelSizeA ?? P22_OUTER_RADIUS_A / R,
  };
}
