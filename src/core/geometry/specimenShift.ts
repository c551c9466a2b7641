/**
 * The per-view shift a 3D translation (X0, Y0, Z0) of the specimen causes on the detector:
 * (X0·cos θ + Z0·sin θ, Y0). No alignment from the views alone can tell it from none (it only moves the
 * tomogram), so aligners remove it from their updates and scores remove it from their errors.
 */

export interface SpecimenShift {
  x0: number;
  y0: number;
  z0: number;
}

/** Least-squares (X0, Y0, Z0) of per-view shifts e_k ≈ (X0·cos θk + Z0·sin θk, Y0); zeros for no views. */
export function fitSpecimenShift(
  anglesDeg: readonly number[],
  shifts: readonly (readonly number[])[],
): SpecimenShift {
  if (shifts.length === 0) return { x0: 0, y0: 0, z0: 0 };
  let cc = 0;
  let cs = 0;
  let ss = 0;
  let ce = 0;
  let se = 0;
  let ey = 0;
  anglesDeg.forEach((a, k) => {
    const c = Math.cos((a * Math.PI) / 180);
    const s = Math.sin((a * Math.PI) / 180);
    cc += c * c;
    cs += c * s;
    ss += s * s;
    ce += c * shifts[k][0];
    se += s * shifts[k][0];
    ey += shifts[k][1];
  });
  const det = cc * ss - cs * cs;
  // all views at one angle: X0 and Z0 are not separable; the whole x shift goes to X0
  const [x0, z0] =
    Math.abs(det) > 1e-12 * Math.max(1, cc * ss)
      ? [(ce * ss - se * cs) / det, (se * cc - ce * cs) / det]
      : [cc > 0 ? ce / cc : 0, 0];
  return { x0, y0: ey / shifts.length, z0 };
}

/** The detector shift (dx, dy) of view at `angleDeg` that the specimen translation causes. */
export function specimenShiftAt(t: SpecimenShift, angleDeg: number): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  return [t.x0 * Math.cos(a) + t.z0 * Math.sin(a), t.y0];
}
