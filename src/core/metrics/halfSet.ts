/**
 * Half-set FSC: two reconstructions from disjoint halves of the views (odd/even), FSC'd against each
 * other. A resolution estimate without the truth; with the tilt list it splits into present/missing.
 */
import { WedgeLabError } from '../errors.ts';
import { directionalFsc, type TiltGeometry } from './directionalFsc.ts';
import { fsc, type FscOptions, type FscResult } from './fsc.ts';
import type { VolumeInput } from './volumeInput.ts';

export interface HalfSetFscResult {
  total: FscResult;
  /** only with tilt angles */
  present?: FscResult;
  missing?: FscResult;
}

/**
 * View indices (0-based, in file order) of the two half sets: even = 0, 2, 4…, odd = 1, 3, 5….
 * Each half keeps the full tilt range, so both see the same missing wedge.
 */
export function splitOddEven(nviews: number): { even: number[]; odd: number[] } {
  if (!Number.isInteger(nviews) || nviews < 2) {
    throw new WedgeLabError('bad-argument', `half sets need at least 2 views (got ${nviews})`);
  }
  const even: number[] = [];
  const odd: number[] = [];
  for (let i = 0; i < nviews; i++) (i % 2 === 0 ? even : odd).push(i);
  return { even, odd };
}

/**
 * FSC between the odd- and even-view reconstructions. `tiltAnglesDeg` is the full tilt list (both halves:
 * a point counts as present when any view measured it; with 2° steps each half alone has 4° gaps).
 */
export function halfSetFsc(
  odd: VolumeInput,
  even: VolumeInput,
  tiltAnglesDeg?: readonly number[],
  geometry: TiltGeometry = {},
  options: FscOptions = {},
): HalfSetFscResult {
  if (!tiltAnglesDeg) return { total: fsc(odd, even, options) };
  const d = directionalFsc(odd, even, tiltAnglesDeg, geometry, options);
  return { total: d.all, present: d.present, missing: d.missing };
}
