/**
 * Bead candidates in one view: a difference-of-Gaussians blob filter tuned to the bead radius, local maxima
 * of the (polarity-signed) response, sub-pixel centres from a Gaussian (log-parabola) fit to the response
 * around each maximum. Works on a binned copy when beads are large (radius ≥ 6 px), reports full-resolution
 * raw-image coordinates (binned pixel i stands for b·i + (b − 1)/2, src/align/image/frame.ts).
 *
 * Polarity: gold absorbs, so in intensity data (counts) a bead is a dark disc; in projection units (the
 * simulator's line integrals, or inverted/log data) it is bright. 'bright' looks for maxima of the DoG of
 * the image, 'dark' for maxima of the DoG of its negative; `chooseBeadScale` decides 'auto' from the data.
 */
import { identityInPlane, type DetectorDims } from '../../core/geometry/index.ts';
import { binnedFrame, sampleRaw, type BinnedFrame } from '../image/frame.ts';

export type Polarity = 'dark' | 'bright';

export interface BeadCandidate {
  /** raw-image position, full-resolution 0-based pixel indices */
  xPx: number;
  yPx: number;
  /** DoG response at the centre, in image units (polarity-signed, > 0) */
  peak: number;
  /** peak over the view's robust noise sd of the response */
  snr: number;
  /** smaller over larger curvature of the response at the peak: 1 for a round blob, → 0 for an edge */
  roundness: number;
}

export interface ViewResponse {
  frame: BinnedFrame;
  /** polarity-signed DoG response on the binned grid */
  response: Float64Array;
  /** robust sd (1.4826·MAD) of the response: noise plus specimen texture */
  noiseSd: number;
  /** sd of the response that the pixel noise alone gives (white noise from neighbour differences) */
  whiteSd: number;
}

/** Blob filter widths relative to the bead radius (binned px): centre Gaussian and background Gaussian. */
export const DOG_INNER = 0.55;
export const DOG_OUTER = 1.0;
/** at most this many maxima per view are considered (strongest first) */
export const MAX_PEAKS = 5000;

/** Binning that keeps a bead at least ~3 binned pixels in radius. */
export function beadBinning(radiusPx: number): number {
  return Math.max(1, Math.floor(radiusPx / 3));
}

/** Separable Gaussian blur of a w × h image, edges clamped. */
export function gaussianBlur(img: Float64Array, w: number, h: number, sigma: number): Float64Array {
  const rad = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * rad + 1);
  let ks = 0;
  for (let i = -rad; i <= rad; i++) ks += k[i + rad] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= ks;
  const tmp = new Float64Array(w * h);
  const padded = new Float64Array(w + 2 * rad);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // the row with its edge values repeated, so the taps need no bounds checks
    for (let x = 0; x < rad; x++) {
      padded[x] = img[row];
      padded[w + rad + x] = img[row + w - 1];
    }
    padded.set(img.subarray(row, row + w), rad);
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = 0; i < k.length; i++) s += k[i] * padded[x + i];
      tmp[row + x] = s;
    }
  }
  // columns: whole rows at a time (contiguous memory)
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let i = -rad; i <= rad; i++) {
      const src = (y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i) * w;
      const ki = k[i + rad];
      for (let x = 0; x < w; x++) out[o + x] += ki * tmp[src + x];
    }
  }
  return out;
}

function robustSd(v: Float64Array): number {
  const step = Math.max(1, Math.floor(v.length / 20000));
  const s: number[] = [];
  for (let i = 0; i < v.length; i += step) s.push(v[i]);
  s.sort((a, b) => a - b);
  const med = s[s.length >> 1];
  const dev = s.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
  return 1.4826 * dev[dev.length >> 1];
}

/** The DoG response of one raw view (stack index `view`), signed so that beads are positive. */
export function viewResponse(
  data: Float32Array,
  det: DetectorDims,
  view: number,
  radiusPx: number,
  polarity: Polarity,
): ViewResponse {
  const plane = det.nu * det.nv;
  const frame = binnedFrame(det, beadBinning(radiusPx));
  const raw = data.subarray(view * plane, (view + 1) * plane);
  const img = frame.bin === 1 ? Float64Array.from(raw) : sampleRaw(raw, det, identityInPlane(), frame);
  const r = radiusPx / frame.bin;
  const inner = gaussianBlur(img, frame.w, frame.h, DOG_INNER * r);
  const outer = gaussianBlur(img, frame.w, frame.h, DOG_OUTER * r);
  const sign = polarity === 'bright' ? 1 : -1;
  const response = new Float64Array(inner.length);
  for (let i = 0; i < response.length; i++) response[i] = sign * (inner[i] - outer[i]);
  // white noise of sd σ through g_a − g_b has sd σ·‖g_a − g_b‖, ‖·‖² from the Gaussians' inner products
  const a = DOG_INNER * r;
  const b = DOG_OUTER * r;
  const gain = Math.sqrt(
    Math.max(0, 1 / (4 * Math.PI * a * a) + 1 / (4 * Math.PI * b * b) - 1 / (Math.PI * (a * a + b * b))),
  );
  return {
    frame,
    response,
    noiseSd: robustSd(response),
    whiteSd: gain * pixelNoiseSd(img, frame.w, frame.h),
  };
}

/**
 * Pixel noise sd of an image, from the robust spread of each pixel minus the mean of its 4 neighbours: a
 * smooth specimen leaves ~0 there, white noise of sd σ leaves sd σ·√(5/4).
 */
export function pixelNoiseSd(img: Float64Array, w: number, h: number): number {
  const d = new Float64Array((w - 2) * (h - 2));
  let n = 0;
  for (let j = 1; j < h - 1; j++)
    for (let i = 1; i < w - 1; i++) {
      const p = i + w * j;
      d[n++] = img[p] - 0.25 * (img[p - 1] + img[p + 1] + img[p - w] + img[p + w]);
    }
  return robustSd(d.subarray(0, n)) / Math.sqrt(1.25);
}

/**
 * Local maxima of the response above `minPeak`, at least a bead radius from the image border and from a
 * stronger maximum, with sub-pixel centres. Sorted by decreasing peak.
 */
export function findPeaks(vr: ViewResponse, radiusPx: number, minPeak: number): BeadCandidate[] {
  const { frame, response: R } = vr;
  const { w, h, bin } = frame;
  const r = radiusPx / bin;
  const border = Math.max(2, Math.ceil(r));
  let top = 0;
  for (let p = 0; p < R.length; p++) if (R[p] > top) top = R[p];
  // rounding-level ripples of a flat, noise-free background are not peaks
  minPeak = Math.max(minPeak, 1e-3 * top);
  const raw: { i: number; j: number; v: number }[] = [];
  for (let j = border; j < h - border; j++) {
    for (let i = border; i < w - border; i++) {
      const v = R[i + w * j];
      if (!(v > minPeak)) continue;
      let isMax = true;
      for (let dj = -1; dj <= 1 && isMax; dj++)
        for (let di = -1; di <= 1; di++) {
          if ((di || dj) && R[i + di + w * (j + dj)] > v) {
            isMax = false;
            break;
          }
        }
      if (isMax) raw.push({ i, j, v });
    }
  }
  raw.sort((a, b) => b.v - a.v);
  const kept: { i: number; j: number; v: number }[] = [];
  const sep = Math.max(2, r);
  // a grid of cells one separation wide: a stronger maximum closer than `sep` is in a neighbouring cell
  const gw = Math.ceil(w / sep) + 1;
  const cells = new Map<number, { i: number; j: number }[]>();
  for (const p of raw.slice(0, MAX_PEAKS)) {
    const ci = Math.floor(p.i / sep);
    const cj = Math.floor(p.j / sep);
    let clear = true;
    for (let dj = -1; dj <= 1 && clear; dj++)
      for (let di = -1; di <= 1 && clear; di++) {
        for (const q of cells.get(ci + di + gw * (cj + dj)) ?? []) {
          if ((q.i - p.i) ** 2 + (q.j - p.j) ** 2 < sep * sep) {
            clear = false;
            break;
          }
        }
      }
    if (!clear) continue;
    kept.push(p);
    const key = ci + gw * cj;
    cells.set(key, [...(cells.get(key) ?? []), p]);
  }
  const noise = vr.noiseSd > 0 ? vr.noiseSd : Number.MIN_VALUE;
  const half = (bin - 1) / 2;
  return kept.map(({ i, j, v }) => {
    const [fx, fy] = subPixel(R, w, i, j);
    const [cx, cy] = weightedCentre(R, w, h, i + fx, j + fy, r);
    return {
      xPx: bin * cx + half,
      yPx: bin * cy + half,
      peak: v,
      snr: v / noise,
      roundness: roundness(R, w, h, i, j, r),
    };
  });
}

/**
 * The centre of a symmetric blob: iterated Gaussian-weighted centroid of the positive response around
 * (x0, y0), weight sigma 0.6 r. Unlike a parabola through three samples it has no pixel-phase bias.
 */
function weightedCentre(
  R: Float64Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
  r: number,
): [number, number] {
  const sigma = Math.max(1, 0.6 * r);
  const rad = Math.ceil(2.5 * sigma);
  const inv2 = 1 / (2 * sigma * sigma);
  let x = x0;
  let y = y0;
  for (let it = 0; it < 8; it++) {
    const i0 = Math.round(x);
    const j0 = Math.round(y);
    let sw = 0;
    let sx = 0;
    let sy = 0;
    for (let j = Math.max(0, j0 - rad); j <= Math.min(h - 1, j0 + rad); j++) {
      for (let i = Math.max(0, i0 - rad); i <= Math.min(w - 1, i0 + rad); i++) {
        const v = R[i + w * j];
        if (!(v > 0)) continue;
        const g = v * Math.exp(-((i - x) ** 2 + (j - y) ** 2) * inv2);
        sw += g;
        sx += g * i;
        sy += g * j;
      }
    }
    if (!(sw > 0)) break;
    const nx = sx / sw;
    const ny = sy / sw;
    // stay near the maximum: a neighbour's flank must not drag the centre away
    if (Math.hypot(nx - x0, ny - y0) > 0.5 * r + 1) break;
    const moved = Math.hypot(nx - x, ny - y);
    x = nx;
    y = ny;
    if (moved < 1e-3) break;
  }
  return [x, y];
}

/**
 * Eigenvalue ratio of the response's Hessian at (i, j), finite differences half a bead radius wide: gold
 * beads are round (≈ 1), edges and elongated specimen features are not (the edge test of SIFT).
 */
function roundness(R: Float64Array, w: number, h: number, i: number, j: number, r: number): number {
  const s = Math.max(1, Math.min(Math.round(0.5 * r), i, j, w - 1 - i, h - 1 - j));
  const at = (di: number, dj: number) => R[i + di + w * (j + dj)];
  const c = at(0, 0);
  const dxx = at(s, 0) - 2 * c + at(-s, 0);
  const dyy = at(0, s) - 2 * c + at(0, -s);
  const dxy = (at(s, s) - at(s, -s) - at(-s, s) + at(-s, -s)) / 4;
  const mean = (dxx + dyy) / 2;
  const dev = Math.hypot((dxx - dyy) / 2, dxy);
  const l1 = mean - dev;
  const l2 = mean + dev;
  // a maximum has both curvatures negative: l1 ≤ l2 < 0
  if (!(l2 < 0)) return 0;
  return l2 / l1;
}

/** Offset of the peak from pixel (i, j) along x and y: a parabola through the logs (a Gaussian fit). */
function subPixel(R: Float64Array, w: number, i: number, j: number): [number, number] {
  const c = R[i + w * j];
  const fit = (m: number, p: number) => {
    // log-parabola when all three are positive (a Gaussian through them), else a plain parabola
    if (m > 0 && p > 0 && c > 0) {
      const lm = Math.log(m);
      const lc = Math.log(c);
      const lp = Math.log(p);
      const den = lm - 2 * lc + lp;
      if (den < 0) return Math.max(-0.5, Math.min(0.5, (0.5 * (lm - lp)) / den));
    }
    const den = m - 2 * c + p;
    return den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (m - p)) / den)) : 0;
  };
  return [fit(R[i - 1 + w * j], R[i + 1 + w * j]), fit(R[i + w * (j - 1)], R[i + w * (j + 1)])];
}
