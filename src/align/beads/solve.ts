/**
 * The fiducial model, tiltalign's simplest sound form. Bead i sits at (X, Y, Z), centred volume pixels;
 * view k has tilt θk and shift dk (the .xf dx, dy); the tilt axis is at φ in every raw image. The bead
 * projects into the aligned frame at c' + (X cos θk + Z sin θk, Y), c' = ((nu − 1)/2, (nv − 1)/2), and the
 * raw image holds it where the .xf (R(−φ), dk) about c = (nu/2, nv/2) sends that point back:
 *
 *   R(−φ)·(p − c) = (X cos θk + Z sin θk, Y) − sk,   sk = dk − (c' − c).
 *
 * For fixed φ this is linear least squares in (X, Y, Z) and sk, and x and y separate. Each bead's unknowns
 * are eliminated (a 2×2 block for X, Z, a scalar for Y) and the reduced normal equations in the views'
 * shifts are solved by Cholesky. They are singular along a 3D translation of the specimen (sk shifted by
 * (X0 cos θk + Z0 sin θk, Y0)), which no fiducial can fix; a small ridge picks one solution and the gauge
 * is then fixed explicitly: the translation that best explains the shifts is moved into the beads, so the
 * reported shifts are the smallest ones consistent with the data. φ is found by a 1D search on the
 * residual sum of squares. A tilt-angle offset is not solved: orthographic projection cannot tell it from
 * a rotation of the bead cloud about the tilt axis (X cos(θ+δ) + Z sin(θ+δ) is that rotation).
 */
import type { DetectorDims } from '../../core/geometry/index.ts';

export interface Observation {
  bead: number;
  view: number;
  /** raw-image position, full-resolution 0-based pixel indices */
  xPx: number;
  yPx: number;
}

export interface ModelInput {
  det: DetectorDims;
  /** per view (stack order), the tilt used in the model */
  anglesDeg: readonly number[];
  nBeads: number;
  observations: readonly Observation[];
}

export interface BeadModel {
  axisRotationDeg: number;
  /** per view, the .xf shift; null for views without a usable observation */
  shiftsPx: ([number, number] | null)[];
  /** per bead, centred volume pixels; null for beads seen in fewer than two distinct tilts */
  positionsPx: ([number, number, number] | null)[];
  /** per observation (input order), |observed − predicted| in px; NaN where not used in the fit */
  residualsPx: number[];
  /** per observation, whether the fit used it */
  used: boolean[];
  /** root mean square residual over the used observations, px */
  rmsPx: number;
}

const DEG = Math.PI / 180;

/** In-place Cholesky solve of the symmetric positive definite n × n system A x = b (A row-major). */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] ** 2;
    d = Math.sqrt(Math.max(d, 1e-300));
    A[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / d;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) x[i] -= A[i * n + k] * x[k];
    x[i] /= A[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) x[i] -= A[k * n + i] * x[k];
    x[i] /= A[i * n + i];
  }
  return x;
}

interface Prepared {
  /** per used observation: bead, compact view index, rotated centred position */
  obs: { o: number; bead: number; v: number; qx: number; qy: number }[];
  views: number[];
}

function prepare(input: ModelInput, axisDeg: number, use: readonly boolean[]): Prepared {
  const cx = input.det.nu / 2;
  const cy = input.det.nv / 2;
  const c = Math.cos(-axisDeg * DEG);
  const s = Math.sin(-axisDeg * DEG);
  // beads need two distinct tilts to have a Z
  const tilts = new Map<number, Set<number>>();
  input.observations.forEach((ob, o) => {
    if (!use[o]) return;
    const set = tilts.get(ob.bead) ?? new Set<number>();
    set.add(input.anglesDeg[ob.view]);
    tilts.set(ob.bead, set);
  });
  const viewIndex = new Map<number, number>();
  const views: number[] = [];
  const obs: Prepared['obs'] = [];
  input.observations.forEach((ob, o) => {
    if (!use[o] || (tilts.get(ob.bead)?.size ?? 0) < 2) return;
    let v = viewIndex.get(ob.view);
    if (v === undefined) {
      v = views.length;
      viewIndex.set(ob.view, v);
      views.push(ob.view);
    }
    const x = ob.xPx - cx;
    const y = ob.yPx - cy;
    obs.push({ o, bead: ob.bead, v, qx: c * x - s * y, qy: s * x + c * y });
  });
  return { obs, views };
}

/** The least-squares model for a fixed axis angle, using the observations marked in `use`. */
export function solveFixedAxis(input: ModelInput, axisDeg: number, use: readonly boolean[]): BeadModel {
  const { obs, views } = prepare(input, axisDeg, use);
  const V = views.length;
  const cosK = views.map((k) => Math.cos(input.anglesDeg[k] * DEG));
  const sinK = views.map((k) => Math.sin(input.anglesDeg[k] * DEG));
  const byBead = new Map<number, typeof obs>();
  for (const ob of obs) byBead.set(ob.bead, [...(byBead.get(ob.bead) ?? []), ob]);
  const Sx = new Float64Array(V * V);
  const Sy = new Float64Array(V * V);
  const rx = new Float64Array(V);
  const ry = new Float64Array(V);
  // per bead: inverse of B = Σ a aᵀ (a = (cos θ, sin θ)), g = Σ a qx, and Σ qy
  const blocks = new Map<
    number,
    { i11: number; i12: number; i22: number; g1: number; g2: number; sy: number }
  >();
  for (const [bead, list] of byBead) {
    let b11 = 0,
      b12 = 0,
      b22 = 0,
      g1 = 0,
      g2 = 0,
      sy = 0;
    for (const ob of list) {
      const ca = cosK[ob.v];
      const sa = sinK[ob.v];
      b11 += ca * ca;
      b12 += ca * sa;
      b22 += sa * sa;
      g1 += ca * ob.qx;
      g2 += sa * ob.qx;
      sy += ob.qy;
    }
    const det = b11 * b22 - b12 * b12;
    const blk = { i11: b22 / det, i12: -b12 / det, i22: b11 / det, g1, g2, sy };
    blocks.set(bead, blk);
    const m = list.length;
    for (const ok of list) {
      const k = ok.v;
      const ak1 = blk.i11 * cosK[k] + blk.i12 * sinK[k];
      const ak2 = blk.i12 * cosK[k] + blk.i22 * sinK[k];
      Sx[k * V + k] += 1;
      Sy[k * V + k] += 1;
      rx[k] += -ok.qx + ak1 * g1 + ak2 * g2;
      ry[k] += -ok.qy + sy / m;
      for (const ol of list) {
        const l = ol.v;
        Sx[k * V + l] -= ak1 * cosK[l] + ak2 * sinK[l];
        Sy[k * V + l] -= 1 / m;
      }
    }
  }
  let ridge = 0;
  for (let k = 0; k < V; k++) ridge = Math.max(ridge, Sx[k * V + k]);
  ridge *= 1e-9;
  for (let k = 0; k < V; k++) {
    Sx[k * V + k] += ridge;
    Sy[k * V + k] += ridge;
  }
  const sx = choleskySolve(Sx, rx, V);
  const sy = choleskySolve(Sy, ry, V);
  // shifts d = s + (c' − c) = s − ½; gauge: the specimen translation that best explains d goes into the beads
  const e = -0.5;
  const [x0, z0] = fitCosSin(
    cosK,
    sinK,
    Array.from(sx, (v) => v + e),
  );
  const y0 = sy.reduce((t, v) => t + v + e, 0) / Math.max(1, V);
  const shiftsPx: ([number, number] | null)[] = input.anglesDeg.map(() => null);
  views.forEach((k, v) => {
    sx[v] -= x0 * cosK[v] + z0 * sinK[v];
    sy[v] -= y0;
    shiftsPx[k] = [sx[v] + e, sy[v] + e];
  });
  const positionsPx: ([number, number, number] | null)[] = new Array(input.nBeads).fill(null);
  for (const [bead, list] of byBead) {
    const b = blocks.get(bead)!;
    let h1 = b.g1;
    let h2 = b.g2;
    let hy = b.sy;
    for (const ob of list) {
      h1 += cosK[ob.v] * sx[ob.v];
      h2 += sinK[ob.v] * sx[ob.v];
      hy += sy[ob.v];
    }
    positionsPx[bead] = [b.i11 * h1 + b.i12 * h2, hy / list.length, b.i12 * h1 + b.i22 * h2];
  }
  const residualsPx = new Array<number>(input.observations.length).fill(NaN);
  const used = new Array<boolean>(input.observations.length).fill(false);
  let ss = 0;
  for (const ob of obs) {
    const [X, Y, Z] = positionsPx[ob.bead]!;
    const ex = X * cosK[ob.v] + Z * sinK[ob.v] - sx[ob.v] - ob.qx;
    const ey = Y - sy[ob.v] - ob.qy;
    residualsPx[ob.o] = Math.hypot(ex, ey);
    used[ob.o] = true;
    ss += ex * ex + ey * ey;
  }
  return {
    axisRotationDeg: axisDeg,
    shiftsPx,
    positionsPx,
    residualsPx,
    used,
    rmsPx: obs.length ? Math.sqrt(ss / obs.length) : NaN,
  };
}

/** Least-squares (A, B) of e ≈ A cos θ + B sin θ. */
function fitCosSin(cosK: number[], sinK: number[], e: number[]): [number, number] {
  let cc = 0,
    cs = 0,
    ss = 0,
    ce = 0,
    se = 0;
  e.forEach((v, k) => {
    cc += cosK[k] * cosK[k];
    cs += cosK[k] * sinK[k];
    ss += sinK[k] * sinK[k];
    ce += cosK[k] * v;
    se += sinK[k] * v;
  });
  const det = cc * ss - cs * cs;
  if (!(Math.abs(det) > 1e-12 * Math.max(1, cc * ss))) return [cc > 0 ? ce / cc : 0, 0];
  return [(ce * ss - se * cs) / det, (se * cc - ce * cs) / det];
}
