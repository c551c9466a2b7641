/**
 * Inner loops of the reference projector, one volume row (fixed y, z) against one view.
 * Along a row the voxel lands at u = uRow + ux·ix, v = vRow + vx·ix on the raw detector (an affine map).
 * `back` gathers the detector bilinearly (what the GPU kernel does); `forward` splats with the SAME four
 * weights, so the two are exact transposes. Samples outside the detector read 0 / are dropped.
 * The interior part of the row (all four neighbours on the detector) runs without bounds checks.
 */

export interface RowView {
  /** detector of this view: nu·nv values starting at `base` in `det` */
  det: Float32Array;
  base: number;
  nu: number;
  nv: number;
  uRow: number;
  ux: number;
  vRow: number;
  vx: number;
  weight: number;
}

// Result of interiorRange, kept in module scope so the per-row call allocates nothing.
let rangeLo = 0;
let rangeHi = -1;

/** [first, last] ix with 0 ≤ u < nu−1 and 0 ≤ v < nv−1 (empty when last < first). */
export function interiorRange(r: RowView, nx: number): [number, number] {
  computeInterior(r, nx);
  return [rangeLo, rangeHi];
}

function computeInterior(r: RowView, nx: number): void {
  let lo = 0;
  let hi = nx - 1;
  const uLim = r.nu - 1;
  const vLim = r.nv - 1;
  const { uRow, ux, vRow, vx } = r;
  if (Math.abs(ux) < 1e-12) {
    if (!(uRow >= 0 && uRow < uLim)) hi = -1;
  } else {
    const t1 = -uRow / ux;
    const t2 = (uLim - uRow) / ux;
    lo = Math.max(lo, Math.ceil(Math.min(t1, t2)) - 1);
    hi = Math.min(hi, Math.floor(Math.max(t1, t2)) + 1);
  }
  if (Math.abs(vx) < 1e-12) {
    if (!(vRow >= 0 && vRow < vLim)) hi = -1;
  } else {
    const t1 = -vRow / vx;
    const t2 = (vLim - vRow) / vx;
    lo = Math.max(lo, Math.ceil(Math.min(t1, t2)) - 1);
    hi = Math.min(hi, Math.floor(Math.max(t1, t2)) + 1);
  }
  lo = Math.max(lo, 0);
  hi = Math.min(hi, nx - 1);
  // the loops' own float expressions decide; u(ix) is monotone, so the inside set is an interval
  while (lo <= hi && !insideAt(uRow + ux * lo, vRow + vx * lo, uLim, vLim)) lo++;
  while (hi >= lo && !insideAt(uRow + ux * hi, vRow + vx * hi, uLim, vLim)) hi--;
  rangeLo = lo;
  rangeHi = hi;
}

function insideAt(u: number, v: number, uLim: number, vLim: number): boolean {
  return u >= 0 && u < uLim && v >= 0 && v < vLim;
}

/** vol[rowBase + ix] += weight · bilinear(det at (u, v)) for every ix of the row. */
export function backRow(vol: Float32Array, rowBase: number, nx: number, r: RowView): void {
  computeInterior(r, nx);
  const lo = rangeLo;
  const hi = rangeHi;
  const { det, base, nu, uRow, ux, vRow, vx, weight } = r;
  for (let ix = 0; ix < nx && ix < lo; ix++)
    vol[rowBase + ix] += weight * sampleChecked(r, uRow + ux * ix, vRow + vx * ix);
  if (vx === 0) {
    // v constant along the row: one pair of detector rows, fixed row weights
    const v = vRow;
    const j0 = Math.floor(v);
    const fv = v - j0;
    const w0 = weight * (1 - fv);
    const w1 = weight * fv;
    const r0 = base + j0 * nu;
    const r1 = r0 + nu;
    for (let ix = lo; ix <= hi; ix++) {
      const u = uRow + ux * ix;
      const i0 = u | 0;
      const fu = u - i0;
      const a = w0 * det[r0 + i0] + w1 * det[r1 + i0];
      const b = w0 * det[r0 + i0 + 1] + w1 * det[r1 + i0 + 1];
      vol[rowBase + ix] += a + fu * (b - a);
    }
  } else {
    for (let ix = lo; ix <= hi; ix++) {
      const u = uRow + ux * ix;
      const v = vRow + vx * ix;
      const i0 = u | 0;
      const j0 = v | 0;
      const fu = u - i0;
      const fv = v - j0;
      const p = base + j0 * nu + i0;
      const a = det[p] + fu * (det[p + 1] - det[p]);
      const b = det[p + nu] + fu * (det[p + nu + 1] - det[p + nu]);
      vol[rowBase + ix] += weight * (a + fv * (b - a));
    }
  }
  for (let ix = Math.max(hi + 1, lo, 0); ix < nx; ix++) {
    vol[rowBase + ix] += weight * sampleChecked(r, uRow + ux * ix, vRow + vx * ix);
  }
}

/** The transpose of backRow: det(at (u, v)) += weight · vol[rowBase + ix], bilinear weights. */
export function forwardRow(vol: Float32Array, rowBase: number, nx: number, r: RowView): void {
  computeInterior(r, nx);
  const lo = rangeLo;
  const hi = rangeHi;
  const { det, base, nu, uRow, ux, vRow, vx, weight } = r;
  for (let ix = 0; ix < nx && ix < lo; ix++)
    splatChecked(r, uRow + ux * ix, vRow + vx * ix, weight * vol[rowBase + ix]);
  if (vx === 0) {
    const v = vRow;
    const j0 = Math.floor(v);
    const fv = v - j0;
    const w0 = weight * (1 - fv);
    const w1 = weight * fv;
    const r0 = base + j0 * nu;
    const r1 = r0 + nu;
    for (let ix = lo; ix <= hi; ix++) {
      const u = uRow + ux * ix;
      const i0 = u | 0;
      const fu = u - i0;
      const x = vol[rowBase + ix];
      const xb = fu * x;
      const xa = x - xb;
      det[r0 + i0] += w0 * xa;
      det[r1 + i0] += w1 * xa;
      det[r0 + i0 + 1] += w0 * xb;
      det[r1 + i0 + 1] += w1 * xb;
    }
  } else {
    for (let ix = lo; ix <= hi; ix++) {
      const u = uRow + ux * ix;
      const v = vRow + vx * ix;
      const i0 = u | 0;
      const j0 = v | 0;
      const fu = u - i0;
      const fv = v - j0;
      const p = base + j0 * nu + i0;
      const x = weight * vol[rowBase + ix];
      const xb = fv * x;
      const xa = x - xb;
      det[p] += xa - fu * xa;
      det[p + 1] += fu * xa;
      det[p + nu] += xb - fu * xb;
      det[p + nu + 1] += fu * xb;
    }
  }
  for (let ix = Math.max(hi + 1, lo, 0); ix < nx; ix++) {
    splatChecked(r, uRow + ux * ix, vRow + vx * ix, weight * vol[rowBase + ix]);
  }
}

/** Bilinear sample with each neighbour checked (edges of the detector); outside reads 0. */
function sampleChecked(r: RowView, u: number, v: number): number {
  if (!(u > -1 && u < r.nu && v > -1 && v < r.nv)) return 0;
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  const fu = u - i0;
  const fv = v - j0;
  let s = 0;
  if (j0 >= 0) {
    const row = r.base + j0 * r.nu;
    if (i0 >= 0) s += (1 - fu) * (1 - fv) * r.det[row + i0];
    if (i0 + 1 < r.nu) s += fu * (1 - fv) * r.det[row + i0 + 1];
  }
  if (j0 + 1 < r.nv) {
    const row = r.base + (j0 + 1) * r.nu;
    if (i0 >= 0) s += (1 - fu) * fv * r.det[row + i0];
    if (i0 + 1 < r.nu) s += fu * fv * r.det[row + i0 + 1];
  }
  return s;
}

/** The transpose of sampleChecked. */
function splatChecked(r: RowView, u: number, v: number, x: number): void {
  if (!(u > -1 && u < r.nu && v > -1 && v < r.nv)) return;
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  const fu = u - i0;
  const fv = v - j0;
  if (j0 >= 0) {
    const row = r.base + j0 * r.nu;
    if (i0 >= 0) r.det[row + i0] += (1 - fu) * (1 - fv) * x;
    if (i0 + 1 < r.nu) r.det[row + i0 + 1] += fu * (1 - fv) * x;
  }
  if (j0 + 1 < r.nv) {
    const row = r.base + (j0 + 1) * r.nu;
    if (i0 >= 0) r.det[row + i0] += (1 - fu) * fv * x;
    if (i0 + 1 < r.nu) r.det[row + i0 + 1] += fu * fv * x;
  }
}
