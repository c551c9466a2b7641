/** What every phantom family receives, and what it gives back before rasterisation. */
import type { TiltMargin } from './margin.ts';
import type { Primitive } from './primitives.ts';
import type { Rng } from './random.ts';

export interface PhantomContext {
  nx: number;
  ny: number;
  nz: number;
  rng: Rng;
  /** where mass may go (tilt margin, edge pad, low-pass pad) */
  margin: TiltMargin;
  /** half thickness of the specimen slab (px), already within the margin */
  slabHalfPx: number;
  /** Å per voxel, when the caller gave one */
  voxelSizeA?: number;
  /** object count requested, or undefined for the family's default */
  count?: number;
}

export interface PhantomDesign {
  primitives: Primitive[];
  /** Å per voxel the design assumed (physical sizes: bilayer spacing, bead and capsid sizes) */
  voxelSizeA: number;
}

/** Object count filling about `fill` of the slab with balls of mean radius rMeanPx, within [lo, hi]. */
export function defaultCount(ctx: PhantomContext, rMeanPx: number, fill: number, lo = 3, hi = 300): number {
  const slabVolume = 8 * ctx.margin.halfXPx * ctx.margin.halfYPx * ctx.slabHalfPx;
  const n = Math.round((fill * slabVolume) / ((4 / 3) * Math.PI * rMeanPx ** 3));
  return Math.max(lo, Math.min(hi, n));
}

/** Radius range for objects in this slab: rMax from the lateral size, capped by the slab. */
export function radiusRangePx(ctx: PhantomContext, rMinFloorPx: number): [number, number] {
  const lateral = Math.min(ctx.margin.halfXPx, ctx.margin.halfYPx);
  const rMax = Math.max(rMinFloorPx, Math.min(0.24 * lateral, 0.9 * ctx.slabHalfPx));
  const rMin = Math.min(rMax, Math.max(rMinFloorPx, 0.35 * rMax));
  return [rMin, rMax];
}
