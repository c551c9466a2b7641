/**
 * A sinogram on a fixed angle axis, for teaching mode: one image row per degree from +90° (top) to −90°
 * (bottom), x across. Every row inside the measured range shows the nearest measured view, so the step reads
 * as blocks and the band covered as a band; the rows beyond the largest tilt (never measured) are hatched.
 * Pure: RGBA bytes, no DOM.
 */
import type { ContrastWindow } from './contrast.ts';

export const SINOGRAM_ROWS = 181;
/** the hatch of unmeasured angles: dark magenta stripes on near-black */
const HATCH = [90, 20, 60] as const;
const EMPTY = [16, 10, 18] as const;

/** Degrees shown by image row `row` (0 = top = +90°). */
export const rowAngleDeg = (row: number): number => 90 - row;

/**
 * RGBA for `nu` columns × SINOGRAM_ROWS rows. `rows` holds one row of `nu` values per entry of `anglesDeg`
 * (any order); an angle row takes the nearest measured view unless it lies outside [min, max] of the views.
 */
export function sinogramRgba(
  anglesDeg: readonly number[],
  rows: Float32Array,
  nu: number,
  window: ContrastWindow,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(nu * SINOGRAM_ROWS * 4));
  const lo = Math.min(...anglesDeg);
  const hi = Math.max(...anglesDeg);
  const scale = 255 / (window.hi - window.lo || 1);
  for (let r = 0; r < SINOGRAM_ROWS; r++) {
    const a = rowAngleDeg(r);
    const base = 4 * nu * r;
    if (anglesDeg.length === 0 || a < lo - 0.5 || a > hi + 0.5) {
      for (let x = 0; x < nu; x++) {
        const c = (x + r) % 6 < 2 ? HATCH : EMPTY;
        out.set([c[0], c[1], c[2], 255], base + 4 * x);
      }
      continue;
    }
    const k = nearest(anglesDeg, a);
    for (let x = 0; x < nu; x++) {
      const g = Math.max(0, Math.min(255, Math.round((rows[k * nu + x] - window.lo) * scale)));
      out[base + 4 * x] = g;
      out[base + 4 * x + 1] = g;
      out[base + 4 * x + 2] = g;
      out[base + 4 * x + 3] = 255;
    }
  }
  return out;
}

function nearest(anglesDeg: readonly number[], a: number): number {
  let best = 0;
  for (let k = 1; k < anglesDeg.length; k++)
    if (Math.abs(anglesDeg[k] - a) < Math.abs(anglesDeg[best] - a)) best = k;
  return best;
}
