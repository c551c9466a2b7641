/**
 * "spheres": hollow spheres of varied size in a slab, after the evaluation phantom of Van Veen,
 * Galaz-Montoya et al. (2024): random outer radius, shell thickness and density; non-overlapping.
 */
import type { PhantomContext, PhantomDesign } from './context.ts';
import { defaultCount, radiusRangePx } from './context.ts';
import { placeBalls } from './placement.ts';
import type { Primitive } from './primitives.ts';
import { shell } from './primitives.ts';

export function designSpheres(ctx: PhantomContext): PhantomDesign {
  const { rng } = ctx;
  const [rMin, rMax] = radiusRangePx(ctx, 2.5);
  const count = ctx.count ?? defaultCount(ctx, 0.5 * (rMin + rMax), 0.18);
  // place large spheres first: they are the hardest to fit
  const radii = Array.from({ length: count }, () => rng.uniform(rMin, rMax)).sort((a, b) => b - a);
  const centres = placeBalls(rng, radii, { margin: ctx.margin, slabHalfPx: ctx.slabHalfPx, gapPx: 1 });
  const primitives: Primitive[] = [];
  radii.forEach((r, i) => {
    const c = centres[i];
    if (!c) return;
    const thickness = Math.min(r, Math.max(1.5, rng.uniform(0.15, 0.5) * r));
    primitives.push(shell(c, r - thickness, r, rng.uniform(0.5, 1)));
  });
  return { primitives, voxelSizeA: ctx.voxelSizeA ?? 10 };
}
