/**
 * The tilt-axis angle refined against the reprojection score: the mean normalised correlation of the views
 * with their leave-one-out reprojections (each at its best shift) is evaluated at a few axis angles about
 * the start and the maximum located by a parabola, then again on a finer grid.
 */
import type { StageContext } from './projectionMatch.ts';
import { matchRound } from './projectionMatch.ts';

export async function axisScore(
  ctx: StageContext,
  axisRotationDeg: number,
  shiftsPx: readonly [number, number][],
): Promise<number> {
  const c = await matchRound(
    ctx,
    axisRotationDeg,
    ctx.kept.map((k) => shiftsPx[k]),
  );
  return c.reduce((s, x) => s + x.peak, 0) / c.length;
}

/** Vertex of the parabola through (−h, a), (0, b), (h, c), clamped to ±h. */
function vertex(a: number, b: number, c: number, h: number): number {
  const d = a - 2 * b + c;
  return d < 0 ? Math.max(-h, Math.min(h, (0.5 * h * (a - c)) / d)) : a > c ? -h : c > a ? h : 0;
}

export async function refineAxisAngle(
  ctx: StageContext,
  startDeg: number,
  rangeDeg: number,
  shiftsPx: readonly [number, number][],
  onEvaluation: () => void,
): Promise<number> {
  const score = async (a: number) => {
    const s = await axisScore(ctx, a, shiftsPx);
    onEvaluation();
    return s;
  };
  let centre = startDeg;
  let h = rangeDeg / 2;
  let b = await score(centre);
  for (let pass = 0; pass < 3; pass++) {
    const a = await score(centre - h);
    const c = await score(centre + h);
    centre += vertex(a, b, c, h);
    if (pass < 2) b = await score(centre);
    h /= 3;
  }
  return centre;
}
