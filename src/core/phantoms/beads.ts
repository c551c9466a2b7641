/**
 * "beads": gold fiducials, small very dense spheres scattered through the slab. Also added to any other
 * phantom (makePhantom's `beads` option), avoiding the objects already there.
 */
import type { PhantomContext, PhantomDesign } from './context.ts';
import type { Ball } from './placement.ts';
import { placeBalls } from './placement.ts';
import type { Primitive } from './primitives.ts';
import { boundingRadiusPx, sphere } from './primitives.ts';

/** Colloidal gold is ~14× as dense as protein; its EM contrast is far stronger still. */
export const BEAD_DENSITY = 10;
/** 10 nm gold: radius 50 Å. */
export const BEAD_RADIUS_A = 50;

export function beadRadiusPx(voxelSizeA: number, nx: number, ny: number): number {
  return Math.max(1.5, Math.min(BEAD_RADIUS_A / voxelSizeA, 0.04 * Math.min(nx, ny)));
}

/** Beads placed around existing primitives (by their bounding balls). */
export function placeBeads(
  ctx: PhantomContext,
  count: number,
  voxelSizeA: number,
  existing: readonly Primitive[],
): Primitive[] {
  const r = beadRadiusPx(voxelSizeA, ctx.nx, ctx.ny);
  const occupied: Ball[] = existing.map((p) => ({ center: p.center, radiusPx: boundingRadiusPx(p) }));
  const centres = placeBalls(ctx.rng, new Array<number>(count).fill(r), {
    margin: ctx.margin,
    slabHalfPx: ctx.slabHalfPx,
    gapPx: 1,
    occupied,
  });
  return centres.flatMap((c) => (c ? [sphere(c, r, BEAD_DENSITY)] : []));
}

export function designBeads(ctx: PhantomContext): PhantomDesign {
  const voxelSizeA = ctx.voxelSizeA ?? 10;
  const count = ctx.count ?? Math.max(4, Math.round((20 * ctx.nx * ctx.ny) / (256 * 256)));
  return { primitives: placeBeads(ctx, count, voxelSizeA, []), voxelSizeA };
}
