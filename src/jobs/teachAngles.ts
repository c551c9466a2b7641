/**
 * Teaching mode's tilt list: every multiple of the step within [min, max], plus the two ends when the step
 * does not land on them, so the slider's range is exactly the wedge drawn and the views stay symmetric about
 * 0° (±80° in 3° steps: −80, −78, …, 78, 80).
 */
import { WedgeLabError } from '../core/errors.ts';

export function teachAngles(minDeg: number, maxDeg: number, stepDeg: number): number[] {
  if (!(stepDeg > 0)) throw new WedgeLabError('bad-argument', `tilt step ${stepDeg}°; choose a step > 0`);
  if (!(minDeg <= maxDeg) || minDeg < -90 || maxDeg > 90)
    throw new WedgeLabError('bad-argument', `tilt range ${minDeg}…${maxDeg}°; choose −90 ≤ min ≤ max ≤ 90`);
  const out: number[] = [];
  const eps = 1e-9;
  if (Math.abs(minDeg / stepDeg - Math.round(minDeg / stepDeg)) > eps) out.push(minDeg);
  for (let k = Math.ceil(minDeg / stepDeg - eps); k * stepDeg <= maxDeg + eps; k++) out.push(k * stepDeg + 0);
  if (Math.abs(maxDeg / stepDeg - Math.round(maxDeg / stepDeg)) > eps) out.push(maxDeg);
  if (out.length > 1000) throw new WedgeLabError('bad-argument', `${out.length} views; choose a larger step`);
  return out;
}

/** The truth's sinogram rows (teachSinogram.ts): −90°, −89°, …, +90°. */
export const FULL_SINOGRAM_DEG: readonly number[] = Array.from({ length: 181 }, (_, i) => i - 90);
