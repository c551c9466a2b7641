/**
 * The per-chunk driver: volume row y, planes z ∈ [zA, zB), every view. Loop order y → z → view keeps each
 * volume row in L1 while all views pass over it.
 *
 * FLAT views (vx = vz = 0: no axis rotation or x-axis tilt, the usual aligned series) hit the same detector
 * row pair at every z of a given y. For them the two rows are blended once per (y, view) into one padded
 * row (weight and v-interpolation folded in), and the inner loop is a 1D linear interpolation: half the
 * loads. Forward accumulates into that padded row over z and splits it onto the two detector rows once —
 * the exact transpose. Flat views also go in pairs: one volume load/store per voxel for two views. Bilinear weights and edge checks are separable, so this is the same operator as the
 * reference's 2D form; the zero padding stands in for the missing neighbours at the detector's edges.
 *
 * X-TILTED views (vx = 0, vz ≠ 0) read a row pair that changes with z: tiltedRows.ts, also in pairs.
 * Everything else (in-plane rotation) runs the general kernel (kernels.ts) view by view.
 */
import { backRow, COEF, forwardRow, WIN, type SlabData } from './kernels.ts';
import {
  FAST,
  GENERAL,
  isTilted,
  reserveTilted,
  setupTilted,
  tiltedBackPair,
  tiltedBackRow,
  tiltedForwardPair,
  tiltedForwardRow,
} from './tiltedRows.ts';

const EDGE_MARGIN_PX = 1e-6;
let scratch = new Float64Array(0);

/** Per-view start of its padded row in `scratch` (or −1: not flat, or misses this y); total length. */
function layoutFlat(s: SlabData, starts: Int32Array): number {
  const nviews = s.coef.length / COEF;
  let total = 0;
  for (let k = 0; k < nviews; k++) {
    const c = k * COEF;
    const o = k * WIN;
    const flat = s.coef[c + 5] === 0 && s.coef[c + 7] === 0 && s.win[o + 1] >= s.win[o];
    starts[k] = flat ? total : -1;
    if (flat) total += s.win[o + 1] - s.win[o] + 3; // wu + 2 padding + 1 spare for i + 1 at the top edge
  }
  if (scratch.length < total) scratch = new Float64Array(total);
  return total;
}

/** The detector rows and weights of a flat view at volume row y, or false when v is off the window. */
let j0 = 0;
let w0 = 0;
let w1 = 0;
function flatRows(s: SlabData, k: number, y: number): boolean {
  const c = k * COEF;
  const o = k * WIN;
  const v = s.coef[c + 4] + s.coef[c + 6] * y;
  if (!(v > s.win[o + 2] - 1 && v < s.win[o + 3] + 1)) return false;
  j0 = Math.floor(v);
  const fv = v - j0;
  w0 = s.coef[c + 8] * (1 - fv);
  w1 = s.coef[c + 8] * fv;
  return true;
}

/** Padded-row range [lo, hi] of ix with sRow + ux·ix strictly inside (0, wu + 1). */
let lo = 0;
let hi = -1;
function flatRange(nx: number, sRow: number, ux: number, wu: number): void {
  const sMin = EDGE_MARGIN_PX;
  const sMax = wu + 1 - EDGE_MARGIN_PX;
  let a = 0;
  let b = nx - 1;
  if (Math.abs(ux) < 1e-12) {
    if (!(sRow >= sMin && sRow <= sMax)) b = -1;
  } else {
    const t1 = (sMin - sRow) / ux;
    const t2 = (sMax - sRow) / ux;
    a = Math.max(0, Math.ceil(Math.min(t1, t2)) - 1);
    b = Math.min(b, Math.floor(Math.max(t1, t2)) + 1);
  }
  while (a <= b && !(sRow + ux * a >= sMin && sRow + ux * a <= sMax)) a++;
  while (b >= a && !(sRow + ux * b >= sMin && sRow + ux * b <= sMax)) b--;
  lo = a;
  hi = b;
}

/** Blends (back) or clears (forward) the padded rows of the flat views for volume row y. */
function loadFlat(s: SlabData, y: number, starts: Int32Array, live: Uint8Array, back: boolean): void {
  const { det, win } = s;
  for (let k = 0; k < starts.length; k++) {
    live[k] = 0;
    if (starts[k] < 0 || !flatRows(s, k, y)) continue;
    live[k] = 1;
    const o = k * WIN;
    const uLo = win[o];
    const wu = win[o + 1] - uLo + 1;
    const t0 = starts[k];
    scratch.fill(0, t0, t0 + wu + 3);
    if (!back) continue;
    const rowLen = wu;
    const r0 = win[o + 4] + (j0 - win[o + 2]) * rowLen;
    const has0 = j0 >= win[o + 2];
    const has1 = j0 + 1 <= win[o + 3];
    for (let i = 0; i < wu; i++) {
      scratch[t0 + 1 + i] = (has0 ? w0 * det[r0 + i] : 0) + (has1 ? w1 * det[r0 + rowLen + i] : 0);
    }
  }
}

/** Splits the forward accumulators of the flat views onto their two detector rows. */
function flushFlat(s: SlabData, y: number, starts: Int32Array, live: Uint8Array): void {
  const { det, win } = s;
  for (let k = 0; k < starts.length; k++) {
    if (!live[k] || !flatRows(s, k, y)) continue;
    const o = k * WIN;
    const wu = win[o + 1] - win[o] + 1;
    const t0 = starts[k] + 1;
    const r0 = win[o + 4] + (j0 - win[o + 2]) * wu;
    if (j0 >= win[o + 2]) for (let i = 0; i < wu; i++) det[r0 + i] += w0 * scratch[t0 + i];
    if (j0 + 1 <= win[o + 3]) for (let i = 0; i < wu; i++) det[r0 + wu + i] += w1 * scratch[t0 + i];
  }
}

/** Padded coordinate of ix = 0 (pixel uLo sits at index 1) and the step, for flat view k at row (y, z). */
function flatStart(s: SlabData, y: number, z: number, k: number): number {
  const c = k * COEF;
  return s.coef[c] + s.coef[c + 2] * y + s.coef[c + 3] * z - s.win[k * WIN] + 1;
}

function flatWidth(s: SlabData, k: number): number {
  return s.win[k * WIN + 1] - s.win[k * WIN] + 1;
}

/** vol[rb + ix] += linear interpolation of the padded row at t0, for ix ∈ [from, to]. */
function backSpan(
  vol: Float32Array,
  rb: number,
  t0: number,
  sRow: number,
  ux: number,
  from: number,
  to: number,
) {
  const t = scratch;
  let u = sRow + ux * from;
  for (let ix = from; ix <= to; ix++) {
    const i = u | 0;
    const a = t[t0 + i];
    vol[rb + ix] += a + (u - i) * (t[t0 + i + 1] - a);
    u += ux;
  }
}

function flatBackRow(s: SlabData, rb: number, y: number, z: number, k: number, t0: number): void {
  const ux = s.coef[k * COEF + 1];
  const sRow = flatStart(s, y, z, k);
  flatRange(s.nx, sRow, ux, flatWidth(s, k));
  backSpan(s.vol, rb, t0, sRow, ux, lo, hi);
}

/** Two flat views in one pass over their common span: one volume load/store for two updates. */
function flatBackPair(s: SlabData, rb: number, y: number, z: number, k1: number, k2: number): void {
  const vol = s.vol;
  const t01 = starts[k1];
  const t02 = starts[k2];
  const ux1 = s.coef[k1 * COEF + 1];
  const ux2 = s.coef[k2 * COEF + 1];
  const s1 = flatStart(s, y, z, k1);
  const s2 = flatStart(s, y, z, k2);
  flatRange(s.nx, s1, ux1, flatWidth(s, k1));
  const lo1 = lo;
  const hi1 = hi;
  flatRange(s.nx, s2, ux2, flatWidth(s, k2));
  const lo2 = lo;
  const hi2 = hi;
  const a = Math.max(lo1, lo2);
  const b = Math.min(hi1, hi2);
  if (a > b) {
    backSpan(vol, rb, t01, s1, ux1, lo1, hi1);
    backSpan(vol, rb, t02, s2, ux2, lo2, hi2);
    return;
  }
  backSpan(vol, rb, t01, s1, ux1, lo1, a - 1);
  backSpan(vol, rb, t02, s2, ux2, lo2, a - 1);
  const t = scratch;
  let u1 = s1 + ux1 * a;
  let u2 = s2 + ux2 * a;
  for (let ix = a; ix <= b; ix++) {
    const i1 = u1 | 0;
    const i2 = u2 | 0;
    const a1 = t[t01 + i1];
    const a2 = t[t02 + i2];
    vol[rb + ix] += a1 + (u1 - i1) * (t[t01 + i1 + 1] - a1) + (a2 + (u2 - i2) * (t[t02 + i2 + 1] - a2));
    u1 += ux1;
    u2 += ux2;
  }
  backSpan(vol, rb, t01, s1, ux1, b + 1, hi1);
  backSpan(vol, rb, t02, s2, ux2, b + 1, hi2);
}

/** The transpose of backSpan: splats vol[rb + ix] onto the padded row at t0, for ix ∈ [from, to]. */
function forwardSpan(
  vol: Float32Array,
  rb: number,
  t0: number,
  sRow: number,
  ux: number,
  from: number,
  to: number,
) {
  const t = scratch;
  let u = sRow + ux * from;
  for (let ix = from; ix <= to; ix++) {
    const i = u | 0;
    const x = vol[rb + ix];
    const xb = (u - i) * x;
    t[t0 + i] += x - xb;
    t[t0 + i + 1] += xb;
    u += ux;
  }
}

function flatForwardRow(s: SlabData, rb: number, y: number, z: number, k: number, t0: number): void {
  const ux = s.coef[k * COEF + 1];
  const sRow = flatStart(s, y, z, k);
  flatRange(s.nx, sRow, ux, flatWidth(s, k));
  forwardSpan(s.vol, rb, t0, sRow, ux, lo, hi);
}

/** The transpose of flatBackPair: one volume load for two views' splats. */
function flatForwardPair(s: SlabData, rb: number, y: number, z: number, k1: number, k2: number): void {
  const vol = s.vol;
  const t01 = starts[k1];
  const t02 = starts[k2];
  const ux1 = s.coef[k1 * COEF + 1];
  const ux2 = s.coef[k2 * COEF + 1];
  const s1 = flatStart(s, y, z, k1);
  const s2 = flatStart(s, y, z, k2);
  flatRange(s.nx, s1, ux1, flatWidth(s, k1));
  const lo1 = lo;
  const hi1 = hi;
  flatRange(s.nx, s2, ux2, flatWidth(s, k2));
  const lo2 = lo;
  const hi2 = hi;
  const a = Math.max(lo1, lo2);
  const b = Math.min(hi1, hi2);
  if (a > b) {
    forwardSpan(vol, rb, t01, s1, ux1, lo1, hi1);
    forwardSpan(vol, rb, t02, s2, ux2, lo2, hi2);
    return;
  }
  forwardSpan(vol, rb, t01, s1, ux1, lo1, a - 1);
  forwardSpan(vol, rb, t02, s2, ux2, lo2, a - 1);
  const t = scratch;
  let u1 = s1 + ux1 * a;
  let u2 = s2 + ux2 * a;
  for (let ix = a; ix <= b; ix++) {
    const i1 = u1 | 0;
    const i2 = u2 | 0;
    const x = vol[rb + ix];
    const xb1 = (u1 - i1) * x;
    const xb2 = (u2 - i2) * x;
    t[t01 + i1] += x - xb1;
    t[t01 + i1 + 1] += xb1;
    t[t02 + i2] += x - xb2;
    t[t02 + i2 + 1] += xb2;
    u1 += ux1;
    u2 += ux2;
  }
  forwardSpan(vol, rb, t01, s1, ux1, b + 1, hi1);
  forwardSpan(vol, rb, t02, s2, ux2, b + 1, hi2);
}

let starts = new Int32Array(0);
let live = new Uint8Array(0);
/** 1 for x-tilted views (tiltedRows.ts) */
let tilted = new Uint8Array(0);

function views(s: SlabData): number {
  const n = s.coef.length / COEF;
  if (starts.length !== n) {
    starts = new Int32Array(n);
    live = new Uint8Array(n);
    tilted = new Uint8Array(n);
  }
  layoutFlat(s, starts);
  for (let k = 0; k < n; k++) tilted[k] = starts[k] < 0 && isTilted(s, k) ? 1 : 0;
  reserveTilted(n);
  return n;
}

/** Back-projects volume row y for planes z ∈ [zA, zB): zeroes each row, then adds every view. */
export function backRows(s: SlabData, y: number, zA: number, zB: number): void {
  const nviews = views(s);
  loadFlat(s, y, starts, live, true);
  for (let z = zA; z < zB; z++) {
    const rb = s.nx * (y - s.volY0) + s.volZStride * z;
    s.vol.fill(0, rb, rb + s.nx);
    let pending = -1; // flat views go in pairs
    let pendingTilted = -1; // and so do x-tilted ones
    for (let k = 0; k < nviews; k++) {
      if (tilted[k]) {
        const how = setupTilted(s, y, z, k);
        if (how === GENERAL) backRow(s, rb, y, z, k * COEF, k * WIN);
        else if (how !== FAST) continue;
        else if (pendingTilted < 0) pendingTilted = k;
        else {
          tiltedBackPair(s, rb, pendingTilted, k);
          pendingTilted = -1;
        }
      } else if (starts[k] < 0) backRow(s, rb, y, z, k * COEF, k * WIN);
      else if (!live[k]) continue;
      else if (pending < 0) pending = k;
      else {
        flatBackPair(s, rb, y, z, pending, k);
        pending = -1;
      }
    }
    if (pending >= 0) flatBackRow(s, rb, y, z, pending, starts[pending]);
    if (pendingTilted >= 0) tiltedBackRow(s, rb, pendingTilted);
  }
}

/** Projects volume row y, planes z ∈ [zA, zB), into the detector windows (accumulating). */
export function forwardRows(s: SlabData, y: number, zA: number, zB: number): void {
  const nviews = views(s);
  loadFlat(s, y, starts, live, false);
  for (let z = zA; z < zB; z++) {
    const rb = s.nx * (y - s.volY0) + s.volZStride * z;
    let pending = -1;
    let pendingTilted = -1;
    for (let k = 0; k < nviews; k++) {
      if (tilted[k]) {
        const how = setupTilted(s, y, z, k);
        if (how === GENERAL) forwardRow(s, rb, y, z, k * COEF, k * WIN);
        else if (how !== FAST) continue;
        else if (pendingTilted < 0) pendingTilted = k;
        else {
          tiltedForwardPair(s, rb, pendingTilted, k);
          pendingTilted = -1;
        }
      } else if (starts[k] < 0) forwardRow(s, rb, y, z, k * COEF, k * WIN);
      else if (!live[k]) continue;
      else if (pending < 0) pending = k;
      else {
        flatForwardPair(s, rb, y, z, pending, k);
        pending = -1;
      }
    }
    if (pending >= 0) flatForwardRow(s, rb, y, z, pending, starts[pending]);
    if (pendingTilted >= 0) tiltedForwardRow(s, rb, pendingTilted);
  }
  flushFlat(s, y, starts, live);
}
