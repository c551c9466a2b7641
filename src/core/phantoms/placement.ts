/**
 * Random non-overlapping placement of objects by bounding balls, inside the tilt margin and an optional slab
 * (|z| ≤ slab half thickness). Rejection sampling with a fixed attempt budget keeps it deterministic; an
 * object that finds no room is dropped rather than forced to overlap.
 */
import type { TiltMargin } from './margin.ts';
import { ballFitsMargin } from './margin.ts';
import type { Rng } from './random.ts';
import type { Vec3 } from './vec.ts';

export interface Ball {
  center: Vec3;
  radiusPx: number;
}

export interface PlacementOptions {
  margin: TiltMargin;
  /** half thickness of the slab holding the objects (px); defaults to the margin's z half size */
  slabHalfPx?: number;
  /** minimum gap between balls (px) */
  gapPx?: number;
  /** balls already in place (other objects, beads) to avoid */
  occupied?: readonly Ball[];
  attempts?: number;
}

/** Whether a ball fits the margin and slab. */
export function ballFits(c: Vec3, radiusPx: number, margin: TiltMargin, slabHalfPx: number): boolean {
  return Math.abs(c[2]) + radiusPx <= slabHalfPx && ballFitsMargin(c, radiusPx, margin);
}

/**
 * Tries to place a ball of each radius (in the given order); returns the centre for each radius, or null
 * where no room was found.
 */
export function placeBalls(rng: Rng, radiiPx: readonly number[], opts: PlacementOptions): (Vec3 | null)[] {
  const { margin } = opts;
  const slab = Math.min(opts.slabHalfPx ?? margin.halfZPx, margin.halfZPx);
  const gap = opts.gapPx ?? 1;
  const attempts = opts.attempts ?? 300;
  const placed: Ball[] = [...(opts.occupied ?? [])];
  return radiiPx.map((r) => {
    const hx = margin.halfXPx - r;
    const hy = margin.halfYPx - r;
    const hz = slab - r;
    if (hx < 0 || hy < 0 || hz < 0) return null;
    for (let a = 0; a < attempts; a++) {
      const c: Vec3 = [rng.uniform(-hx, hx), rng.uniform(-hy, hy), rng.uniform(-hz, hz)];
      if (!ballFits(c, r, margin, slab)) continue;
      let clear = true;
      for (const b of placed) {
        const d = Math.hypot(c[0] - b.center[0], c[1] - b.center[1], c[2] - b.center[2]);
        if (d < r + b.radiusPx + gap) {
          clear = false;
          break;
        }
      }
      if (clear) {
        placed.push({ center: c, radiusPx: r });
        return c;
      }
    }
    return null;
  });
}
