import { WedgeLabError } from '../errors.ts';

export type AcquisitionOrder = 'dose-symmetric' | 'bidirectional' | 'unidirectional';
export const ACQUISITION_ORDERS: readonly AcquisitionOrder[] = [
  'dose-symmetric',
  'bidirectional',
  'unidirectional',
];

/** Tilt angles from minDeg to maxDeg inclusive in steps of stepDeg, ascending. */
export function tiltRange(minDeg: number, maxDeg: number, stepDeg: number): number[] {
  if (!(stepDeg > 0)) throw new WedgeLabError('bad-argument', `tilt step must be > 0°, got ${stepDeg}`);
  if (!(maxDeg >= minDeg))
    throw new WedgeLabError(
      'bad-argument',
      `tilt range ${minDeg},${maxDeg}: the first angle must not exceed the second`,
    );
  if (minDeg < -90 || maxDeg > 90)
    throw new WedgeLabError('bad-argument', `tilt range ${minDeg},${maxDeg} leaves −90…90°`);
  const n = Math.floor((maxDeg - minDeg) / stepDeg + 1e-6) + 1;
  if (n > 1000)
    throw new WedgeLabError(
      'bad-argument',
      `tilt range ${minDeg},${maxDeg} step ${stepDeg} gives ${n} views; at most 1000`,
    );
  // multiply, don't accumulate, so −60 + 60·2 is exactly 60
  return Array.from({ length: n }, (_, i) => Math.round((minDeg + i * stepDeg) * 1e6) / 1e6);
}

/**
 * Acquisition index of each view (views given in any order, e.g. ascending angle).
 * - dose-symmetric (Hagen 2017): start at the view nearest startDeg, then alternate sides in groups of
 *   `groupSize` views, going outwards.
 * - bidirectional: from the start view up to the highest angle, then from just below the start down to the lowest.
 * - unidirectional: from the lowest angle to the highest.
 */
export function acquisitionIndices(
  anglesDeg: readonly number[],
  order: AcquisitionOrder,
  opts: { startDeg?: number; groupSize?: number } = {},
): number[] {
  const n = anglesDeg.length;
  const byAngle = [...anglesDeg.keys()].sort((a, b) => anglesDeg[a] - anglesDeg[b]);
  const sequence: number[] = [];
  if (order === 'unidirectional') {
    sequence.push(...byAngle);
  } else {
    const startDeg = opts.startDeg ?? 0;
    let s = 0; // position in byAngle of the start view
    for (let i = 1; i < n; i++)
      if (Math.abs(anglesDeg[byAngle[i]] - startDeg) < Math.abs(anglesDeg[byAngle[s]] - startDeg)) s = i;
    const up = byAngle.slice(s + 1);
    const down = byAngle.slice(0, s).reverse();
    sequence.push(byAngle[s]);
    if (order === 'bidirectional') {
      sequence.push(...up, ...down);
    } else {
      const group = Math.max(1, opts.groupSize ?? 2);
      // Hagen's scheme: one view up, then groups of `group` views alternating sides (0, +3, −3, −6, +6, +9, …).
      let iu = 0;
      let id = 0;
      let takeUp = true;
      let size = 1;
      while (iu < up.length || id < down.length) {
        const side = takeUp ? up : down;
        let idx = takeUp ? iu : id;
        for (let k = 0; k < size && idx < side.length; k++) sequence.push(side[idx++]);
        if (takeUp) iu = idx;
        else id = idx;
        takeUp = !takeUp;
        size = group;
      }
    }
  }
  const index = new Array<number>(n);
  sequence.forEach((view, k) => (index[view] = k));
  return index;
}
