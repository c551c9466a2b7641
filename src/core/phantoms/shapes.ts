/**
 * "shapes" (mixed shapes): solid spheres, rotated ellipsoids, pyramids, rotated cubes, triangular prisms,
 * discs and 4- and 6-armed 3D crosses, non-overlapping (by bounding balls), with varied densities.
 */
import type { PhantomContext, PhantomDesign } from './context.ts';
import { defaultCount, radiusRangePx } from './context.ts';
import { placeBalls } from './placement.ts';
import type { Primitive } from './primitives.ts';
import { boundingRadiusPx, ellipsoid, sphere } from './primitives.ts';
import { Rng } from './random.ts';
import type { Mat3, Vec3 } from './vec.ts';

export const SHAPE_KINDS = [
  'sphere',
  'ellipsoid',
  'pyramid',
  'cube',
  'prism',
  'disc',
  'cross4',
  'cross6',
] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** A shape of the given kind with unit-scale proportions (scaled afterwards to its bounding radius). */
function unitShape(kind: ShapeKind, rng: Rng, c: Vec3, rot: Mat3, density: number, s: number): Primitive {
  switch (kind) {
    case 'sphere':
      return sphere(c, s, density);
    case 'ellipsoid':
      return ellipsoid(c, [s, s * rng.uniform(0.4, 0.9), s * rng.uniform(0.3, 0.8)], rot, density);
    case 'pyramid':
      return {
        kind: 'pyramid',
        center: c,
        rotation: rot,
        density,
        baseHalfPx: s,
        heightPx: s * rng.uniform(1.2, 2),
      };
    case 'cube':
      return { kind: 'box', center: c, rotation: rot, density, halfSizePx: [s, s, s] };
    case 'prism':
      return {
        kind: 'prism',
        center: c,
        rotation: rot,
        density,
        circumradiusPx: s,
        halfLengthPx: s * rng.uniform(0.6, 1.2),
      };
    case 'disc':
      return {
        kind: 'cylinder',
        center: c,
        rotation: rot,
        density,
        radiusPx: s,
        halfHeightPx: s * rng.uniform(0.15, 0.3),
      };
    case 'cross4':
    case 'cross6':
      return {
        kind: 'cross',
        center: c,
        rotation: rot,
        density,
        arms: kind === 'cross4' ? 4 : 6,
        armHalfLengthPx: s,
        armHalfWidthPx: s * rng.uniform(0.15, 0.25),
      };
  }
}

/** Draw a shape whose bounding ball has radius rPx (proportions drawn once, then scaled). */
export function randomShape(kind: ShapeKind, rng: Rng, c: Vec3, rPx: number, density: number): Primitive {
  const rot = rng.rotation();
  const state = rng.nextU32();
  // same proportions at both scales: replay the generator from the same state
  const unit = unitShape(kind, new Rng(state), c, rot, density, 1);
  return unitShape(kind, new Rng(state), c, rot, density, rPx / boundingRadiusPx(unit));
}

export function designShapes(ctx: PhantomContext): PhantomDesign {
  const { rng } = ctx;
  const [rMin, rMax] = radiusRangePx(ctx, 3);
  const count = ctx.count ?? defaultCount(ctx, 0.5 * (rMin + rMax), 0.2);
  const radii = Array.from({ length: count }, () => rng.uniform(rMin, rMax)).sort((a, b) => b - a);
  const centres = placeBalls(rng, radii, { margin: ctx.margin, slabHalfPx: ctx.slabHalfPx, gapPx: 1 });
  const primitives: Primitive[] = [];
  radii.forEach((r, i) => {
    const c = centres[i];
    // every kind appears in turn, so even small counts mix the shapes
    const kind = SHAPE_KINDS[i % SHAPE_KINDS.length];
    const density = rng.uniform(0.3, 1);
    if (c) primitives.push(randomShape(kind, rng, c, r, density));
  });
  return { primitives, voxelSizeA: ctx.voxelSizeA ?? 10 };
}
