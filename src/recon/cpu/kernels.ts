/**
 * The hot loops of the CPU projector: one volume row (fixed y, z) against one view, with the detector held
 * as a rectangular WINDOW of a view (all of it, or the part one Y-slab touches). Same arithmetic as
 * src/recon/reference/rowKernels.ts (u = u0 + uy·y + uz·z, then + ux per voxel; four bilinear weights;
 * outside the detector reads 0 / is dropped), so back = the reference's back and forward = its transpose.
 *
 * The detector coordinate is advanced incrementally along x. The bounds-free interior is computed with an
 * EDGE_MARGIN_PX margin so that the accumulated rounding of u += ux can never step outside it; the few
 * voxels near the edges go through the checked path, which uses the exact formula.
 *
 * Per-view layout (Float64Array COEF per view, Int32Array WIN per view): see below.
 */

/** Coefficients per view: u0, ux, uy, uz, v0, vx, vy, vz, weight (ViewAffine). */
export const COEF = 9;
/** Window per view: uLo, uHi, vLo, vHi (inclusive, full-detector pixel indices), offset of (uLo, vLo). */
export const WIN = 5;
const EDGE_MARGIN_PX = 1e-6;

/** What one run over volume rows needs; plain data so that it crosses to a thread by structured clone. */
export interface SlabData {
  nx: number;
  /** volume index of voxel (x, y, z) = x + nx·(y − volY0) + volZStride·z */
  vol: Float32Array;
  volY0: number;
  volZStride: number;
  det: Float32Array;
  coef: Float64Array;
  win: Int32Array;
}

// interior range of the current row, module scope so the per-row call allocates nothing
let lo = 0;
let hi = -1;

/** Sets [lo, hi]: the ix whose four neighbours lie in the window (with margin); empty when hi < lo. */
function interior(nx: number, uRow: number, ux: number, vRow: number, vx: number, w: Int32Array, o: number) {
  const uMin = w[o] + EDGE_MARGIN_PX;
  const uMax = w[o + 1] - EDGE_MARGIN_PX;
  const vMin = w[o + 2] + EDGE_MARGIN_PX;
  const vMax = w[o + 3] - EDGE_MARGIN_PX;
  let a = 0;
  let b = nx - 1;
  if (Math.abs(ux) < 1e-12) {
    if (!(uRow >= uMin && uRow <= uMax)) b = -1;
  } else {
    const t1 = (uMin - uRow) / ux;
    const t2 = (uMax - uRow) / ux;
    a = Math.max(a, Math.ceil(Math.min(t1, t2)) - 1);
    b = Math.min(b, Math.floor(Math.max(t1, t2)) + 1);
  }
  if (Math.abs(vx) < 1e-12) {
    if (!(vRow >= vMin && vRow <= vMax)) b = -1;
  } else {
    const t1 = (vMin - vRow) / vx;
    const t2 = (vMax - vRow) / vx;
    a = Math.max(a, Math.ceil(Math.min(t1, t2)) - 1);
    b = Math.min(b, Math.floor(Math.max(t1, t2)) + 1);
  }
  a = Math.max(a, 0);
  b = Math.min(b, nx - 1);
  // u(ix) is affine, so the inside set is an interval: trim the ±1 slack with the exact formula
  while (a <= b && !inside(uRow + ux * a, vRow + vx * a, uMin, uMax, vMin, vMax)) a++;
  while (b >= a && !inside(uRow + ux * b, vRow + vx * b, uMin, uMax, vMin, vMax)) b--;
  lo = a;
  hi = b;
}

function inside(u: number, v: number, uMin: number, uMax: number, vMin: number, vMax: number): boolean {
  return u >= uMin && u <= uMax && v >= vMin && v <= vMax;
}

/** Bilinear sample with each neighbour checked against the window (= the detector where it matters). */
export function sampleChecked(det: Float32Array, w: Int32Array, o: number, u: number, v: number): number {
  const uLo = w[o];
  const uHi = w[o + 1];
  const vLo = w[o + 2];
  const vHi = w[o + 3];
  if (!(u > uLo - 1 && u < uHi + 1 && v > vLo - 1 && v < vHi + 1)) return 0;
  const wu = uHi - uLo + 1;
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  const fu = u - i0;
  const fv = v - j0;
  let s = 0;
  if (j0 >= vLo) {
    const row = w[o + 4] + (j0 - vLo) * wu - uLo;
    if (i0 >= uLo) s += (1 - fu) * (1 - fv) * det[row + i0];
    if (i0 + 1 <= uHi) s += fu * (1 - fv) * det[row + i0 + 1];
  }
  if (j0 + 1 <= vHi) {
    const row = w[o + 4] + (j0 + 1 - vLo) * wu - uLo;
    if (i0 >= uLo) s += (1 - fu) * fv * det[row + i0];
    if (i0 + 1 <= uHi) s += fu * fv * det[row + i0 + 1];
  }
  return s;
}

/** The transpose of sampleChecked. */
export function splatChecked(
  det: Float32Array,
  w: Int32Array,
  o: number,
  u: number,
  v: number,
  x: number,
): void {
  const uLo = w[o];
  const uHi = w[o + 1];
  const vLo = w[o + 2];
  const vHi = w[o + 3];
  if (!(u > uLo - 1 && u < uHi + 1 && v > vLo - 1 && v < vHi + 1)) return;
  const wu = uHi - uLo + 1;
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  const fu = u - i0;
  const fv = v - j0;
  if (j0 >= vLo) {
    const row = w[o + 4] + (j0 - vLo) * wu - uLo;
    if (i0 >= uLo) det[row + i0] += (1 - fu) * (1 - fv) * x;
    if (i0 + 1 <= uHi) det[row + i0 + 1] += fu * (1 - fv) * x;
  }
  if (j0 + 1 <= vHi) {
    const row = w[o + 4] + (j0 + 1 - vLo) * wu - uLo;
    if (i0 >= uLo) det[row + i0] += (1 - fu) * fv * x;
    if (i0 + 1 <= uHi) det[row + i0 + 1] += fu * fv * x;
  }
}

/** vol row += weight · bilinear(det) for one view; `o` = view index · WIN, `c` = view index · COEF. */
export function backRow(s: SlabData, rb: number, y: number, z: number, c: number, o: number): void {
  const { nx, vol, det, coef, win } = s;
  const uLo = win[o];
  const uHi = win[o + 1];
  if (uHi < uLo) return; // this view does not see the slab
  const ux = coef[c + 1];
  const vx = coef[c + 5];
  const uRow = coef[c] + coef[c + 2] * y + coef[c + 3] * z;
  const vRow = coef[c + 4] + coef[c + 6] * y + coef[c + 7] * z;
  const weight = coef[c + 8];
  interior(nx, uRow, ux, vRow, vx, win, o);
  const a0 = lo;
  const a1 = hi;
  const wu = uHi - uLo + 1;
  const off = win[o + 4] - win[o + 2] * wu - uLo; // det index of pixel (i, j) = off + j·wu + i
  for (let ix = 0; ix < nx && ix < a0; ix++)
    vol[rb + ix] += weight * sampleChecked(det, win, o, uRow + ux * ix, vRow + vx * ix);
  if (a0 <= a1) {
    let u = uRow + ux * a0;
    if (vx === 0) {
      // v constant along the row: one pair of detector rows with fixed weights
      const j0 = Math.floor(vRow);
      const fv = vRow - j0;
      const w0 = weight * (1 - fv);
      const w1 = weight * fv;
      const r0 = off + j0 * wu;
      const r1 = r0 + wu;
      for (let ix = a0; ix <= a1; ix++) {
        const i0 = u | 0;
        const fu = u - i0;
        const a = w0 * det[r0 + i0] + w1 * det[r1 + i0];
        const b = w0 * det[r0 + i0 + 1] + w1 * det[r1 + i0 + 1];
        vol[rb + ix] += a + fu * (b - a);
        u += ux;
      }
    } else {
      let v = vRow + vx * a0;
      for (let ix = a0; ix <= a1; ix++) {
        const i0 = u | 0;
        const j0 = v | 0;
        const fu = u - i0;
        const fv = v - j0;
        const p = off + j0 * wu + i0;
        const q = p + wu;
        const a = det[p] + fu * (det[p + 1] - det[p]);
        const b = det[q] + fu * (det[q + 1] - det[q]);
        vol[rb + ix] += weight * (a + fv * (b - a));
        u += ux;
        v += vx;
      }
    }
  }
  for (let ix = Math.max(a1 + 1, a0, 0); ix < nx; ix++)
    vol[rb + ix] += weight * sampleChecked(det, win, o, uRow + ux * ix, vRow + vx * ix);
}

/** The transpose of backRow: det += weight · vol row, splatted with the same bilinear weights. */
export function forwardRow(s: SlabData, rb: number, y: number, z: number, c: number, o: number): void {
  const { nx, vol, det, coef, win } = s;
  const uLo = win[o];
  const uHi = win[o + 1];
  if (uHi < uLo) return;
  const ux = coef[c + 1];
  const vx = coef[c + 5];
  const uRow = coef[c] + coef[c + 2] * y + coef[c + 3] * z;
  const vRow = coef[c + 4] + coef[c + 6] * y + coef[c + 7] * z;
  const weight = coef[c + 8];
  interior(nx, uRow, ux, vRow, vx, win, o);
  const a0 = lo;
  const a1 = hi;
  const wu = uHi - uLo + 1;
  const off = win[o + 4] - win[o + 2] * wu - uLo;
  for (let ix = 0; ix < nx && ix < a0; ix++)
    splatChecked(det, win, o, uRow + ux * ix, vRow + vx * ix, weight * vol[rb + ix]);
  if (a0 <= a1) {
    let u = uRow + ux * a0;
    if (vx === 0) {
      const j0 = Math.floor(vRow);
      const fv = vRow - j0;
      const w0 = weight * (1 - fv);
      const w1 = weight * fv;
      const r0 = off + j0 * wu;
      const r1 = r0 + wu;
      for (let ix = a0; ix <= a1; ix++) {
        const i0 = u | 0;
        const fu = u - i0;
        const x = vol[rb + ix];
        const xb = fu * x;
        const xa = x - xb;
        det[r0 + i0] += w0 * xa;
        det[r1 + i0] += w1 * xa;
        det[r0 + i0 + 1] += w0 * xb;
        det[r1 + i0 + 1] += w1 * xb;
        u += ux;
      }
    } else {
      let v = vRow + vx * a0;
      for (let ix = a0; ix <= a1; ix++) {
        const i0 = u | 0;
        const j0 = v | 0;
        const fu = u - i0;
        const fv = v - j0;
        const p = off + j0 * wu + i0;
        const q = p + wu;
        const x = weight * vol[rb + ix];
        const xb = fv * x;
        const xa = x - xb;
        det[p] += xa - fu * xa;
        det[p + 1] += fu * xa;
        det[q] += xb - fu * xb;
        det[q + 1] += fu * xb;
        u += ux;
        v += vx;
      }
    }
  }
  for (let ix = Math.max(a1 + 1, a0, 0); ix < nx; ix++)
    splatChecked(det, win, o, uRow + ux * ix, vRow + vx * ix, weight * vol[rb + ix]);
}
