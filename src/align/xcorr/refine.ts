/**
 * The chain's random walk removed by least squares. Each view is correlated, already moved by its current
 * shift, with up to K neighbours on either side in tilt (the lower-tilt one the reference, the other
 * stretched into its frame); the small residual r of each pair (ref i, moving j, stretch s = cos θi/cos θj)
 * measures the shift errors e as r_x = e_ix − s·e_jx and r_y = e_iy − e_jy. Solving all pairs at once with
 * the anchor's error fixed at 0 and subtracting e leaves errors that grow far slower along the series than a
 * chain's, whose errors add up view by view.
 */
import type { InPlaneXf } from '../../core/geometry/index.ts';
import { composeInPlane } from '../../core/geometry/index.ts';
import type { Yielder } from '../../recon/algorithms/hooks.ts';
import type { Spectrum2d } from '../image/fft2d.ts';
import { shiftBy, stretchX, type BinnedFrame } from '../image/frame.ts';
import { taperedSpectrum } from '../image/spectrum.ts';
import type { ViewSelection } from '../views.ts';
import { localCorrelate } from './gridPeak.ts';

export interface RefineContext {
  sel: ViewSelection;
  /** updated in place */
  shifts: ([number, number] | null)[];
  /** filled: per view, RMS misfit of its pairs after the fit, px */
  residualsPx: (number | null)[];
  unrotate: InPlaneXf;
  cosOf: (k: number) => number;
  frame: BinnedFrame;
  taper: number;
  weights: Float64Array;
  view: (k: number, xf: InPlaneXf) => Float64Array;
}

interface Pair {
  ref: number;
  mov: number;
  s: number;
  rx: number;
  ry: number;
  w: number;
}

export async function refineByNeighbours(
  ctx: RefineContext,
  k: number,
  yielder: Yielder,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const { sel, shifts, frame, taper, weights, unrotate, cosOf } = ctx;
  const order = sel.byTilt;
  const at = (k: number) => shifts[k]!;
  const spectra = new Map<number, Spectrum2d>();
  const alignedSpectrum = (v: number) => {
    let s = spectra.get(v);
    if (!s) {
      s = taperedSpectrum(ctx.view(v, composeInPlane(unrotate, shiftBy(...at(v)))), frame, taper);
      spectra.set(v, s);
    }
    return s;
  };
  const pairs: Pair[] = [];
  for (let t = 0; t < order.length; t++) {
    await yielder.tick();
    for (let q = 1; q <= k && t + q < order.length; q++) {
      let ref = order[t];
      let mov = order[t + q];
      if (cosOf(mov) > cosOf(ref)) [ref, mov] = [mov, ref];
      const s = cosOf(ref) / cosOf(mov);
      const xf = composeInPlane(composeInPlane(unrotate, shiftBy(...at(mov))), stretchX(s));
      const movSpec = taperedSpectrum(ctx.view(mov, xf), frame, taper);
      const c = localCorrelate(alignedSpectrum(ref), movSpec, weights, [0, 0], 2);
      pairs.push({ ref, mov, s, rx: c.dx * frame.bin, ry: c.dy * frame.bin, w: Math.max(1e-3, c.peak) });
    }
    onProgress((t + 1) / order.length);
  }
  const index = new Map(order.map((v, i) => [v, i]));
  const anchor = sel.anchor;
  const ex = solve(
    order.length,
    anchor,
    pairs.map((p) => ({ i: index.get(p.ref)!, j: index.get(p.mov)!, a: 1, b: -p.s, r: p.rx, w: p.w })),
  );
  const ey = solve(
    order.length,
    anchor,
    pairs.map((p) => ({ i: index.get(p.ref)!, j: index.get(p.mov)!, a: 1, b: -1, r: p.ry, w: p.w })),
  );
  for (const [v, i] of index) shifts[v] = [at(v)[0] - ex[i], at(v)[1] - ey[i]];
  // misfit of each pair after the fit, gathered per view
  const sum = new Float64Array(order.length);
  const cnt = new Float64Array(order.length);
  for (const p of pairs) {
    const i = index.get(p.ref)!;
    const j = index.get(p.mov)!;
    const mx = p.rx - (ex[i] - p.s * ex[j]);
    const my = p.ry - (ey[i] - ey[j]);
    const m2 = mx * mx + my * my;
    sum[i] += m2;
    sum[j] += m2;
    cnt[i]++;
    cnt[j]++;
  }
  for (const [v, i] of index) ctx.residualsPx[v] = cnt[i] > 0 ? Math.sqrt(sum[i] / cnt[i]) : null;
}

/** Weighted least squares of a·e_i + b·e_j = r over all equations, with e_anchor = 0 (normal equations). */
function solve(
  n: number,
  anchor: number,
  eqs: { i: number; j: number; a: number; b: number; r: number; w: number }[],
): Float64Array {
  const A = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (const { i, j, a, b, r, w } of eqs) {
    A[i * n + i] += w * a * a;
    A[j * n + j] += w * b * b;
    A[i * n + j] += w * a * b;
    A[j * n + i] += w * a * b;
    y[i] += w * a * r;
    y[j] += w * b * r;
  }
  // pin the anchor: its row and column become the identity
  for (let q = 0; q < n; q++) {
    A[anchor * n + q] = 0;
    A[q * n + anchor] = 0;
  }
  A[anchor * n + anchor] = 1;
  y[anchor] = 0;
  // a view no pair reached keeps its shift
  for (let q = 0; q < n; q++) if (A[q * n + q] === 0) A[q * n + q] = 1;
  // Gaussian elimination with partial pivoting (n is the number of views: small)
  const x = Float64Array.from(y);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[p * n + c])) p = r;
    if (p !== c) {
      for (let q = 0; q < n; q++) [A[c * n + q], A[p * n + q]] = [A[p * n + q], A[c * n + q]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    const d = A[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / d;
      if (f === 0) continue;
      for (let q = c; q < n; q++) A[r * n + q] -= f * A[c * n + q];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let q = c + 1; q < n; q++) s -= A[c * n + q] * x[q];
    x[c] = s / A[c * n + c];
  }
  return x;
}
