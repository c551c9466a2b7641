/**
 * Common lines. With the tilt about y, every aligned view projected onto y gives the same 1D profile
 * ∫∫ f(x, y, z) dx dz, whatever the tilt. In a raw view whose tilt axis lies at φ (CCW from +y), that is the
 * projection onto the direction a(φ) = (−sin φ, cos φ); at a wrong φ the profiles of views at different tilts
 * differ, because each view's content moves perpendicular to the true axis as the tilt changes. AreTomo finds
 * the axis likewise.
 *
 * The views are box-binned once. A profile sums the pixels of a frame (the inscribed disk, which holds the
 * same pixels at every angle, or the whole image) with a cosine taper at its edge, the frame's weighted mean
 * removed so that a constant background gives no profile.
 */
import type { AlignInput } from '../types.ts';
import type { ViewSelection } from '../views.ts';

export interface AxisViews {
  /** binned image size */
  w: number;
  h: number;
  bin: number;
  /** binned kept views in tilt order (ViewSelection.byTilt), each w·h, x fastest */
  images: Float32Array[];
  /** stack index of each image */
  views: number[];
  /** index into images of the view nearest 0° */
  anchor: number;
}

/** Box-bins the kept views by `bin` (binned pixel i averages full-resolution b·i … b·i + b − 1). */
export function binViews(input: AlignInput, sel: ViewSelection, bin: number): AxisViews {
  const { nu, nv } = input.det;
  const b = Math.max(1, Math.round(bin));
  const w = Math.max(1, Math.floor(nu / b));
  const h = Math.max(1, Math.floor(nv / b));
  const scale = 1 / (b * b);
  const images = sel.byTilt.map((k) => {
    const raw = input.data.subarray(k * nu * nv, (k + 1) * nu * nv);
    const out = new Float32Array(w * h);
    const row = new Float64Array(w);
    for (let j = 0; j < h; j++) {
      row.fill(0);
      for (let t = 0; t < b; t++) {
        const o = nu * (b * j + t);
        for (let i = 0; i < w; i++) {
          let s = 0;
          for (let q = 0; q < b; q++) s += raw[o + b * i + q];
          row[i] += s;
        }
      }
      for (let i = 0; i < w; i++) out[i + w * j] = row[i] * scale;
    }
    return out;
  });
  return { w, h, bin: b, images, views: [...sel.byTilt], anchor: sel.anchor };
}

/** Profile bins for a w × h image at any angle: s from −half … +half in steps of 1 binned pixel. */
export function profileLength(w: number, h: number): number {
  return 2 * Math.ceil(Math.hypot(w - 1, h - 1) / 2) + 3;
}

/** Which pixels a profile reads (weights w·h) and how far along the axis they reach (binned pixels). */
export interface PixelFrame {
  weights: Float32Array;
  halfAlongPx: number;
}

const ramp = (d: number, t: number) => (d <= 0 ? 0 : d >= t ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / t));

/** The disk inscribed in the w × h image, a cosine ramp over `taperPx` inside its rim: the same at every angle. */
export function diskFrame(w: number, h: number, taperPx: number): PixelFrame {
  const r = Math.min(w, h) / 2;
  const weights = new Float32Array(w * h);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++)
      weights[i + w * j] = ramp(r - Math.hypot(i - (w - 1) / 2, j - (h - 1) / 2), taperPx);
  return { weights, halfAlongPx: r };
}

/**
 * The whole w × h image, a cosine ramp over `taperPx` inside its edges. Near an axis along a side, every
 * profile bin sums a full row (content that moves across the axis with the tilt stays in its row); the rows'
 * lengths change a little with the angle, which scan.ts allows for.
 */
export function imageFrame(w: number, h: number, taperPx: number): PixelFrame {
  const weights = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    const wy = ramp(Math.min(j, h - 1 - j) + 0.5, taperPx);
    for (let i = 0; i < w; i++) weights[i + w * j] = wy * ramp(Math.min(i, w - 1 - i) + 0.5, taperPx);
  }
  return { weights, halfAlongPx: Math.min(w, h) / 2 };
}

/** Sub-bins per profile bin for the nearest-neighbour splat, and the Gaussian that then gathers them (bins). */
const OVERSAMPLE = 4;
const GATHER_SIGMA = 1;
const GATHER_REACH = 3 * GATHER_SIGMA * OVERSAMPLE;
const GATHER = Float64Array.from({ length: 2 * GATHER_REACH + 1 }, (_, k) => {
  const d = (k - GATHER_REACH) / OVERSAMPLE;
  return Math.exp((-d * d) / (2 * GATHER_SIGMA * GATHER_SIGMA)) / (Math.sqrt(2 * Math.PI) * GATHER_SIGMA);
});

/**
 * The common-line profile of one binned image for the axis at `phiDeg`: Σ weight·(I − mean) onto s, bin m
 * standing for s = m − (length − 1)/2. Each pixel lands in the nearest quarter bin; the quarter bins are
 * gathered into bins by a Gaussian of σ = 1 bin. A linear splat would spread a pixel's noise over two bins
 * with weights that depend on where it falls, so the profiles' noise power would change with the angle (most
 * at φ = 0, where every pixel falls on a bin) and bias the score; a Gaussian of this width carries the same
 * noise energy wherever the pixel falls (to ~1e-4).
 */
export function lineProfile(
  img: Float32Array,
  w: number,
  h: number,
  weights: Float32Array,
  phiDeg: number,
  out: Float64Array,
  fine = new Float64Array(OVERSAMPLE * out.length + 2 * GATHER_REACH),
): void {
  const phi = (phiDeg * Math.PI) / 180;
  const ax = -Math.sin(phi) * OVERSAMPLE;
  const ay = Math.cos(phi) * OVERSAMPLE;
  const len = out.length;
  // fine index of s: OVERSAMPLE·(s + half) + GATHER_REACH
  const origin = OVERSAMPLE * ((len - 1) / 2) + GATHER_REACH + 0.5;
  fine.fill(0);
  let sumW = 0;
  let sumWI = 0;
  for (let p = 0; p < w * h; p++) {
    sumW += weights[p];
    sumWI += weights[p] * img[p];
  }
  const mean = sumW > 0 ? sumWI / sumW : 0;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let j = 0; j < h; j++) {
    const u0 = -cx * ax + (j - cy) * ay + origin;
    const row = w * j;
    for (let i = 0; i < w; i++) {
      const wt = weights[row + i];
      if (wt !== 0) fine[Math.floor(u0 + i * ax)] += wt * (img[row + i] - mean);
    }
  }
  for (let m = 0; m < len; m++) {
    const c = OVERSAMPLE * m + GATHER_REACH;
    let s = 0;
    for (let k = -GATHER_REACH; k <= GATHER_REACH; k++) s += fine[c + k] * GATHER[k + GATHER_REACH];
    out[m] = s;
  }
}
