/**
 * X-TILTED views (vx = 0, vz ≠ 0: an x-axis tilt, per-view shifts or magnification, but no in-plane
 * rotation). Along a volume row (fixed y, z) such a view keeps v constant and moves u linearly, so every
 * voxel of the row reads the same two detector rows j0, j0 + 1 with the same row weights; only u moves.
 * Unlike flat views (rows.ts) the row pair changes with z, so the two rows cannot be blended once per y:
 * the loop reads them directly (four loads per voxel and view), and views go in pairs, one volume load and
 * store for two views, as flat views do. Same arithmetic as kernels.ts's `vx === 0` branch.
 *
 * Voxels whose four neighbours all lie in the window run unchecked; the few at each end of the interior
 * that still touch the window go through the checked sample/splat (exact formula). Rows whose v lies less
 * than a pixel beyond the window's first or last row (one of the two rows missing: the detector's top or
 * bottom edge) are left to the general kernel (kernels.ts): `setupTilted` returns GENERAL for them.
 */
import { COEF, sampleChecked, splatChecked, WIN, type SlabData } from './kernels.ts';

const EDGE_MARGIN_PX = 1e-6;

/** setupTilted results: the view does not touch this row / runs here / needs the general kernel */
export const MISS = 0;
export const FAST = 1;
export const GENERAL = 2;

// per-view state of the current row (y, z), indexed by view: set by setupTilted, read by the loops
let uStart = new Float64Array(0); // u at ix = 0
let row0 = new Int32Array(0); // det index of pixel (0, j0): det index of (i, j0) = row0 + i
let w0s = new Float64Array(0); // weight·(1 − fv), weight·fv
let w1s = new Float64Array(0);
let los = new Int32Array(0); // unchecked interior [lo, hi]
let his = new Int32Array(0);
let edgeLo = new Int32Array(0); // checked voxels: [edgeLo, lo) and (hi, edgeHi]
let edgeHi = new Int32Array(0);
let strides = new Int32Array(0); // window width wu: row j0 + 1 = row0 + wu
let vRows = new Float64Array(0); // v of the row (for the checked voxels)

/** Sizes the per-view state for `nviews` views. */
export function reserveTilted(nviews: number): void {
  if (uStart.length >= nviews) return;
  uStart = new Float64Array(nviews);
  row0 = new Int32Array(nviews);
  w0s = new Float64Array(nviews);
  w1s = new Float64Array(nviews);
  los = new Int32Array(nviews);
  his = new Int32Array(nviews);
  edgeLo = new Int32Array(nviews);
  edgeHi = new Int32Array(nviews);
  strides = new Int32Array(nviews);
  vRows = new Float64Array(nviews);
}

/** Whether view k of `s` is x-tilted (v constant along x but moving with z). */
export function isTilted(s: SlabData, k: number): boolean {
  const c = k * COEF;
  return s.coef[c + 5] === 0 && s.coef[c + 7] !== 0;
}

/** Prepares x-tilted view k for volume row (y, z): MISS, FAST or GENERAL (see above). */
export function setupTilted(s: SlabData, y: number, z: number, k: number): number {
  const { coef, win, nx } = s;
  const c = k * COEF;
  const o = k * WIN;
  const uLo = win[o];
  const uHi = win[o + 1];
  const vLo = win[o + 2];
  const vHi = win[o + 3];
  if (uHi < uLo) return MISS;
  const v = coef[c + 4] + coef[c + 6] * y + coef[c + 7] * z;
  if (!(v > vLo - 1 && v < vHi + 1)) return MISS; // every sample of the row reads 0
  const j0 = Math.floor(v);
  if (j0 < vLo || j0 + 1 > vHi) return GENERAL; // one of the two rows is off the window
  const ux = coef[c + 1];
  const u0 = coef[c] + coef[c + 2] * y + coef[c + 3] * z;
  // interior: u in [uLo, uHi) with a margin, so i0 = u | 0 and i0 + 1 stay in the window
  const uMin = uLo + EDGE_MARGIN_PX;
  const uMax = uHi - EDGE_MARGIN_PX;
  let a = 0;
  let b = nx - 1;
  if (Math.abs(ux) < 1e-12) {
    if (!(u0 >= uMin && u0 <= uMax)) return GENERAL;
  } else {
    const t1 = (uMin - u0) / ux;
    const t2 = (uMax - u0) / ux;
    a = Math.max(0, Math.ceil(Math.min(t1, t2)) - 1);
    b = Math.min(b, Math.floor(Math.max(t1, t2)) + 1);
  }
  // trim the ±1 slack with the exact formula (u is affine in ix, so the inside set is an interval)
  while (a <= b && !(u0 + ux * a >= uMin && u0 + ux * a <= uMax)) a++;
  while (b >= a && !(u0 + ux * b >= uMin && u0 + ux * b <= uMax)) b--;
  if (a > b) return GENERAL;
  // the voxels next to the interior that still touch the window (sampleChecked's own test)
  let ea = a;
  while (ea > 0 && touches(u0 + ux * (ea - 1), uLo, uHi)) ea--;
  let eb = b;
  while (eb < nx - 1 && touches(u0 + ux * (eb + 1), uLo, uHi)) eb++;
  const wu = uHi - uLo + 1;
  const fv = v - j0;
  const weight = coef[c + 8];
  uStart[k] = u0;
  row0[k] = win[o + 4] + (j0 - vLo) * wu - uLo;
  strides[k] = wu;
  vRows[k] = v;
  w0s[k] = weight * (1 - fv);
  w1s[k] = weight * fv;
  los[k] = a;
  his[k] = b;
  edgeLo[k] = ea;
  edgeHi[k] = eb;
  return FAST;
}

function touches(u: number, uLo: number, uHi: number): boolean {
  return u > uLo - 1 && u < uHi + 1;
}

/** vol[rb + ix] += the view's bilinear sample, for ix ∈ [from, to] (inside its interior). */
function backSpan(s: SlabData, rb: number, k: number, from: number, to: number): void {
  const { vol, det } = s;
  const r0 = row0[k];
  const r1 = r0 + strides[k];
  const w0 = w0s[k];
  const w1 = w1s[k];
  const ux = s.coef[k * COEF + 1];
  let u = uStart[k] + ux * from;
  for (let ix = from; ix <= to; ix++) {
    const i0 = u | 0;
    const a = w0 * det[r0 + i0] + w1 * det[r1 + i0];
    const b = w0 * det[r0 + i0 + 1] + w1 * det[r1 + i0 + 1];
    vol[rb + ix] += a + (u - i0) * (b - a);
    u += ux;
  }
}

/** The checked voxels at both ends of view k's interior (back). */
function backEdges(s: SlabData, rb: number, k: number): void {
  const o = k * WIN;
  const u0 = uStart[k];
  const ux = s.coef[k * COEF + 1];
  const v = vRows[k];
  const weight = s.coef[k * COEF + 8];
  for (let ix = edgeLo[k]; ix < los[k]; ix++)
    s.vol[rb + ix] += weight * sampleChecked(s.det, s.win, o, u0 + ux * ix, v);
  for (let ix = his[k] + 1; ix <= edgeHi[k]; ix++)
    s.vol[rb + ix] += weight * sampleChecked(s.det, s.win, o, u0 + ux * ix, v);
}

/** Back-projects one x-tilted view (set up FAST) into volume row rb. */
export function tiltedBackRow(s: SlabData, rb: number, k: number): void {
  backSpan(s, rb, k, los[k], his[k]);
  backEdges(s, rb, k);
}

/** Two x-tilted views in one pass over their common interior: one volume load/store for two updates. */
export function tiltedBackPair(s: SlabData, rb: number, k1: number, k2: number): void {
  const a = Math.max(los[k1], los[k2]);
  const b = Math.min(his[k1], his[k2]);
  if (a > b) {
    tiltedBackRow(s, rb, k1);
    tiltedBackRow(s, rb, k2);
    return;
  }
  backSpan(s, rb, k1, los[k1], a - 1);
  backSpan(s, rb, k2, los[k2], a - 1);
  const { vol, det, coef } = s;
  const p0 = row0[k1];
  const p1 = p0 + strides[k1];
  const q0 = row0[k2];
  const q1 = q0 + strides[k2];
  const pw0 = w0s[k1];
  const pw1 = w1s[k1];
  const qw0 = w0s[k2];
  const qw1 = w1s[k2];
  const ux1 = coef[k1 * COEF + 1];
  const ux2 = coef[k2 * COEF + 1];
  let u1 = uStart[k1] + ux1 * a;
  let u2 = uStart[k2] + ux2 * a;
  for (let ix = a; ix <= b; ix++) {
    const i1 = u1 | 0;
    const i2 = u2 | 0;
    const a1 = pw0 * det[p0 + i1] + pw1 * det[p1 + i1];
    const b1 = pw0 * det[p0 + i1 + 1] + pw1 * det[p1 + i1 + 1];
    const a2 = qw0 * det[q0 + i2] + qw1 * det[q1 + i2];
    const b2 = qw0 * det[q0 + i2 + 1] + qw1 * det[q1 + i2 + 1];
    vol[rb + ix] += a1 + (u1 - i1) * (b1 - a1) + (a2 + (u2 - i2) * (b2 - a2));
    u1 += ux1;
    u2 += ux2;
  }
  backSpan(s, rb, k1, b + 1, his[k1]);
  backSpan(s, rb, k2, b + 1, his[k2]);
  backEdges(s, rb, k1);
  backEdges(s, rb, k2);
}

/** The transpose of backSpan: splats vol[rb + ix] onto the view's two rows, for ix ∈ [from, to]. */
function forwardSpan(s: SlabData, rb: number, k: number, from: number, to: number): void {
  const { vol, det } = s;
  const r0 = row0[k];
  const r1 = r0 + strides[k];
  const w0 = w0s[k];
  const w1 = w1s[k];
  const ux = s.coef[k * COEF + 1];
  let u = uStart[k] + ux * from;
  for (let ix = from; ix <= to; ix++) {
    const i0 = u | 0;
    const x = vol[rb + ix];
    const xb = (u - i0) * x;
    const xa = x - xb;
    det[r0 + i0] += w0 * xa;
    det[r1 + i0] += w1 * xa;
    det[r0 + i0 + 1] += w0 * xb;
    det[r1 + i0 + 1] += w1 * xb;
    u += ux;
  }
}

/** The transpose of backEdges. */
function forwardEdges(s: SlabData, rb: number, k: number): void {
  const o = k * WIN;
  const u0 = uStart[k];
  const ux = s.coef[k * COEF + 1];
  const v = vRows[k];
  const weight = s.coef[k * COEF + 8];
  for (let ix = edgeLo[k]; ix < los[k]; ix++)
    splatChecked(s.det, s.win, o, u0 + ux * ix, v, weight * s.vol[rb + ix]);
  for (let ix = his[k] + 1; ix <= edgeHi[k]; ix++)
    splatChecked(s.det, s.win, o, u0 + ux * ix, v, weight * s.vol[rb + ix]);
}

/** Projects volume row rb into one x-tilted view (set up FAST). */
export function tiltedForwardRow(s: SlabData, rb: number, k: number): void {
  forwardSpan(s, rb, k, los[k], his[k]);
  forwardEdges(s, rb, k);
}

/** The transpose of tiltedBackPair: one volume load for two views' splats. */
export function tiltedForwardPair(s: SlabData, rb: number, k1: number, k2: number): void {
  const a = Math.max(los[k1], los[k2]);
  const b = Math.min(his[k1], his[k2]);
  if (a > b) {
    tiltedForwardRow(s, rb, k1);
    tiltedForwardRow(s, rb, k2);
    return;
  }
  forwardSpan(s, rb, k1, los[k1], a - 1);
  forwardSpan(s, rb, k2, los[k2], a - 1);
  const { vol, det, coef } = s;
  const p0 = row0[k1];
  const p1 = p0 + strides[k1];
  const q0 = row0[k2];
  const q1 = q0 + strides[k2];
  const pw0 = w0s[k1];
  const pw1 = w1s[k1];
  const qw0 = w0s[k2];
  const qw1 = w1s[k2];
  const ux1 = coef[k1 * COEF + 1];
  const ux2 = coef[k2 * COEF + 1];
  let u1 = uStart[k1] + ux1 * a;
  let u2 = uStart[k2] + ux2 * a;
  for (let ix = a; ix <= b; ix++) {
    const i1 = u1 | 0;
    const i2 = u2 | 0;
    const x = vol[rb + ix];
    const xb1 = (u1 - i1) * x;
    const xa1 = x - xb1;
    const xb2 = (u2 - i2) * x;
    const xa2 = x - xb2;
    det[p0 + i1] += pw0 * xa1;
    det[p1 + i1] += pw1 * xa1;
    det[p0 + i1 + 1] += pw0 * xb1;
    det[p1 + i1 + 1] += pw1 * xb1;
    det[q0 + i2] += qw0 * xa2;
    det[q1 + i2] += qw1 * xa2;
    det[q0 + i2 + 1] += qw0 * xb2;
    det[q1 + i2 + 1] += qw1 * xb2;
    u1 += ux1;
    u2 += ux2;
  }
  forwardSpan(s, rb, k1, b + 1, his[k1]);
  forwardSpan(s, rb, k2, b + 1, his[k2]);
  forwardEdges(s, rb, k1);
  forwardEdges(s, rb, k2);
}
