/**
 * "vesicles": lipid-bilayer vesicles for membrane FWHM tests. Each bilayer is two dense leaflets (head-group
 * layers) whose centres are ~4 nm apart with a lower-density hydrocarbon core between them, built from three
 * nested shells so that it still projects analytically. Sizes in Å follow the voxel size.
 */
import { WedgeLabError } from '../errors.ts';
import type { PhantomContext, PhantomDesign } from './context.ts';
import { defaultCount } from './context.ts';
import { placeBalls } from './placement.ts';
import type { Primitive } from './primitives.ts';
import { shell } from './primitives.ts';

/** Head-group to head-group distance across a bilayer. */
export const LEAFLET_SPACING_A = 40;
/** Thickness of each dense leaflet (head-group layer). */
export const LEAFLET_THICKNESS_A = 12;
export const LEAFLET_DENSITY = 1;
export const CORE_DENSITY = 0.35;
export const VESICLE_DEFAULT_VOXEL_A = 5;

export interface BilayerGeometryPx {
  /** distance between the centres of the two leaflets */
  spacingPx: number;
  leafletThicknessPx: number;
}

export function bilayerGeometryPx(voxelSizeA: number): BilayerGeometryPx {
  return { spacingPx: LEAFLET_SPACING_A / voxelSizeA, leafletThicknessPx: LEAFLET_THICKNESS_A / voxelSizeA };
}

/** The three shells of a bilayer whose mid-plane has radius midRadiusPx (inner leaflet, core, outer leaflet). */
export function bilayerShells(
  center: [number, number, number],
  midRadiusPx: number,
  g: BilayerGeometryPx,
): Primitive[] {
  const h = g.spacingPx / 2;
  const t = g.leafletThicknessPx / 2;
  return [
    shell(center, midRadiusPx - h - t, midRadiusPx - h + t, LEAFLET_DENSITY),
    shell(center, midRadiusPx - h + t, midRadiusPx + h - t, CORE_DENSITY),
    shell(center, midRadiusPx + h - t, midRadiusPx + h + t, LEAFLET_DENSITY),
  ];
}

export function designVesicles(ctx: PhantomContext): PhantomDesign {
  const voxelSizeA = ctx.voxelSizeA ?? VESICLE_DEFAULT_VOXEL_A;
  const g = bilayerGeometryPx(voxelSizeA);
  const outerPad = g.spacingPx / 2 + g.leafletThicknessPx / 2;
  // the smallest vesicle keeps a lumen of radius ≥ 1 px
  const rMinMid = outerPad + 1;
  const lateral = Math.min(ctx.margin.halfXPx, ctx.margin.halfYPx);
  const rMaxMid = Math.min(0.6 * lateral, 0.95 * ctx.slabHalfPx) - outerPad;
  if (rMaxMid < rMinMid) {
    throw new WedgeLabError(
      'bad-argument',
      `vesicles: a ${voxelSizeA} Å/voxel bilayer (${g.spacingPx.toFixed(1)} px) does not fit a ${ctx.nx}×${ctx.ny}×${ctx.nz} volume; use a larger volume or voxel size`,
    );
  }
  const { rng } = ctx;
  const rLo = Math.max(rMinMid, 0.4 * rMaxMid);
  const count = ctx.count ?? defaultCount(ctx, 0.5 * (rLo + rMaxMid) + outerPad, 0.15, 2, 60);
  const mids = Array.from({ length: count }, () => rng.uniform(rLo, rMaxMid)).sort((a, b) => b - a);
  const centres = placeBalls(
    rng,
    mids.map((r) => r + outerPad),
    { margin: ctx.margin, slabHalfPx: ctx.slabHalfPx, gapPx: 2 },
  );
  const primitives = mids.flatMap((r, i) => {
    const c = centres[i];
    return c ? bilayerShells(c, r, g) : [];
  });
  return { primitives, voxelSizeA };
}
