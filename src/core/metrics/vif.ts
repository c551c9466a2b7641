import { WedgeLabError } from '../errors.ts';
import { gaussianKernel, reflectIndex } from './gaussian.ts';
import { throwIfAborted, type MetricHooks } from './hooks.ts';
import { momentScratch, moments2d, type Moments } from './moments.ts';
import { checkSameShape, minMax, type VolumeInput } from './volumeInput.ts';

export interface VifOptions extends MetricHooks {
  /** variance of the visual noise, default 2 */
  sigmaNsq?: number;
  /** slices are taken normal to this axis, default 'z' (xy slices) */
  sliceAxis?: 'x' | 'y' | 'z';
  /**
   * 'pooled' (default): Σ numerators / Σ denominators over every slice and scale, i.e. VIFp of the
   * volume seen as a stack of images; blank slices weigh nothing.
   * 'sewar': sewar.full_ref.vifp exactly: each slice's scales 2–4 are filtered and decimated from the
   * full-resolution slice (not cumulatively), and the per-slice ratios are averaged.
   */
  mode?: 'pooled' | 'sewar';
  /**
   * VIFp is not scale invariant: σ²ₙ = 2 assumes 8-bit intensities. true maps both volumes by
   * (v − truth min)·255/(truth max − min) first; default false (the values as given, like sewar).
   */
  scaleTo255?: boolean;
}

const EPS = 1e-10;

/**
 * Pixel-domain multi-scale visual information fidelity (VIFp, Sheikh & Bovik 2006), slice by slice.
 * Per slice and scale s = 1..4: Gaussian window N = 2^(5−s)+1, σ = N/5, radius (N−1)/2 (scipy 'reflect'
 * boundaries, as sewar); for s > 1 the images are smoothed with that window and decimated by 2 (x[::2])
 * cumulatively, as in the reference Matlab vifvec/vifp_mscale; local (co)variances come from the same
 * window, clamped as in the reference; sums skip n = round(N/2) pixels at each edge (numpy rounding).
 */
export function vif(truth: VolumeInput, rec: VolumeInput, options: VifOptions = {}): number {
  checkSameShape(truth, rec, 'vif');
  const sigmaNsq = options.sigmaNsq ?? 2;
  const mode = options.mode ?? 'pooled';
  const axis = options.sliceAxis ?? 'z';
  const { nx, ny, nz } = truth;
  // slice geometry: width w along the fastest remaining axis, height h
  const [w, h, nSlices] = axis === 'z' ? [nx, ny, nz] : axis === 'y' ? [nx, nz, ny] : [ny, nz, nx];
  const ref = new Float64Array(w * h);
  const dist = new Float64Array(w * h);
  let offset = 0;
  let scale = 1;
  if (options.scaleTo255) {
    const [lo, hi] = minMax(truth.data);
    if (!(hi > lo)) throw new WedgeLabError('bad-argument', 'vif: the truth is constant; VIF is undefined');
    offset = lo;
    scale = 255 / (hi - lo);
  }
  const work = new VifWork(w, h);
  let numTotal = 0;
  let denTotal = 0;
  let ratioSum = 0;
  for (let s = 0; s < nSlices; s++) {
    throwIfAborted(options.signal, 'vif');
    options.onProgress?.(s / nSlices);
    extractSlice(truth.data, nx, ny, axis, s, ref);
    extractSlice(rec.data, nx, ny, axis, s, dist);
    if (options.scaleTo255) {
      for (let i = 0; i < ref.length; i++) {
        ref[i] = (ref[i] - offset) * scale;
        dist[i] = (dist[i] - offset) * scale;
      }
    }
    const [num, den] = vifSlice(ref, dist, w, h, sigmaNsq, mode === 'pooled', work);
    numTotal += num;
    denTotal += den;
    ratioSum += num / den;
  }
  options.onProgress?.(1);
  if (mode === 'sewar') return ratioSum / nSlices;
  if (!(denTotal > 0)) {
    throw new WedgeLabError(
      'bad-argument',
      'vif: the truth has no local variance (constant or too small); VIF is undefined',
    );
  }
  return numTotal / denTotal;
}

function extractSlice(
  data: Float32Array,
  nx: number,
  ny: number,
  axis: 'x' | 'y' | 'z',
  s: number,
  out: Float64Array,
): void {
  if (axis === 'z') {
    const off = s * nx * ny;
    for (let i = 0; i < nx * ny; i++) out[i] = data[off + i];
  } else if (axis === 'y') {
    for (let i = 0, z = 0; i < out.length; z++)
      for (let x = 0, off = nx * (s + ny * z); x < nx; x++) out[i++] = data[off + x];
  } else {
    for (let i = 0; i < out.length; i++) {
      const y = i % ny;
      const z = (i - y) / ny;
      out[i] = data[s + nx * (y + ny * z)];
    }
  }
}

/** Scratch buffers for one slice size, reused across slices and scales. */
class VifWork {
  readonly moments: Moments;
  readonly scratch: Moments;
  readonly ref: Float64Array;
  readonly dist: Float64Array;
  readonly next: Float64Array;
  readonly rows: Float64Array;
  constructor(w: number, h: number) {
    const n = w * h;
    this.moments = momentScratch(h, w);
    this.scratch = momentScratch(h, w);
    this.ref = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.next = new Float64Array(n);
    this.rows = new Float64Array(h * ((w + 1) >> 1));
  }
}

/** numpy's round(): halves go to the even neighbour (round(8.5) = 8). */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * gaussian_filter(src)[::2, ::2] with scipy 'reflect' edges, computing only the kept samples.
 * `out` receives ceil(w/2)·ceil(h/2) values; `rows` is scratch of h·ceil(w/2).
 */
function smoothDecimate(
  src: Float64Array,
  w: number,
  h: number,
  kernel: Float64Array,
  out: Float64Array,
  rows: Float64Array,
): void {
  const r = (kernel.length - 1) >> 1;
  const nk = kernel.length;
  const w2 = (w + 1) >> 1;
  for (let y = 0; y < h; y++) {
    const off = y * w;
    for (let x = 0, j = 0; x < w; x += 2, j++) {
      let s = 0;
      for (let k = 0; k < nk; k++) {
        const xi = x + k - r;
        s += kernel[k] * src[off + (xi >= 0 && xi < w ? xi : reflectIndex(xi, w))];
      }
      rows[y * w2 + j] = s;
    }
  }
  for (let y = 0, i = 0; y < h; y += 2, i++) {
    for (let j = 0; j < w2; j++) out[i * w2 + j] = 0;
    for (let k = 0; k < nk; k++) {
      const yi = y + k - r;
      const srcRow = (yi >= 0 && yi < h ? yi : reflectIndex(yi, h)) * w2;
      const wk = kernel[k];
      for (let j = 0; j < w2; j++) out[i * w2 + j] += wk * rows[srcRow + j];
    }
  }
}

function sliceMean(v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  return s / n;
}

/** [Σ numerator, Σ denominator] over the 4 scales of one slice. */
function vifSlice(
  ref0: Float64Array,
  dist0: Float64Array,
  w0: number,
  h0: number,
  sigmaNsq: number,
  cumulative: boolean,
  k: VifWork,
): [number, number] {
  let num = 0;
  let den = 0;
  let w = w0;
  let h = h0;
  k.ref.set(ref0);
  k.dist.set(dist0);
  for (let scale = 1; scale <= 4; scale++) {
    const N = 2 ** (4 - scale + 1) + 1;
    const sd = N / 5;
    const truncate = ((N - 1) / 2 - 0.5) / sd;
    const kernel = gaussianKernel(sd, truncate);
    if (scale > 1) {
      // cumulative: smooth the previous scale; sewar: smooth the full-resolution slice
      const [srcRef, srcDist, sw, sh] = cumulative ? [k.ref, k.dist, w, h] : [ref0, dist0, w0, h0];
      smoothDecimate(srcRef, sw, sh, kernel, k.next, k.rows);
      k.ref.set(k.next.subarray(0, ((sw + 1) >> 1) * ((sh + 1) >> 1)));
      smoothDecimate(srcDist, sw, sh, kernel, k.next, k.rows);
      k.dist.set(k.next.subarray(0, ((sw + 1) >> 1) * ((sh + 1) >> 1)));
      w = (sw + 1) >> 1;
      h = (sh + 1) >> 1;
    }
    // the sums skip `edge` ≥ kernel radius pixels, so the kept statistics never reach the boundary
    const edge = roundHalfEven(N / 2);
    if (w - 2 * edge <= 0 || h - 2 * edge <= 0) continue;
    const rect = { x0: edge, x1: w - edge, y0: edge, y1: h - edge };
    // variances are shift invariant: centring on the slice means only improves precision
    const m1 = sliceMean(k.ref, w * h);
    const m2 = sliceMean(k.dist, w * h);
    moments2d(k.ref, k.dist, 0, w, m1, m2, kernel, rect, k.scratch, k.moments, 0);
    const [mu1, mu2, e11, e22, e12] = k.moments;
    const count = (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
    for (let i = 0; i < count; i++) {
      const a = mu1[i];
      const b = mu2[i];
      let s1 = e11[i] - a * a;
      let s2 = e22[i] - b * b;
      const s12 = e12[i] - a * b;
      if (s1 < 0) s1 = 0;
      if (s2 < 0) s2 = 0;
      let g = s12 / (s1 + EPS);
      let sv = s2 - g * s12;
      if (s1 < EPS) {
        g = 0;
        sv = s2;
        s1 = 0;
      }
      if (s2 < EPS) {
        g = 0;
        sv = 0;
      }
      if (g < 0) {
        sv = s2;
        g = 0;
      }
      if (sv <= EPS) sv = EPS;
      num += Math.log10(1 + (g * g * s1) / (sv + sigmaNsq));
      den += Math.log10(1 + s1 / sigmaNsq);
    }
  }
  return [num, den];
}
