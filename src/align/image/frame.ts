/**
 * Binned working frames. Every aligner measures on binned, tapered copies of the views but reports in
 * full-resolution pixels, so the two are tied here once: binned pixel i covers full-resolution pixels
 * b·i … b·i + b − 1, i.e. it stands for the full-resolution coordinate b·i + (b − 1)/2. Transforms are
 * always given in full-resolution .xf terms (about the full image's centre, src/core/geometry/inPlane.ts).
 */
import { invertInPlane, xfCentrePx, type DetectorDims, type InPlaneXf } from '../../core/geometry/index.ts';
import { nextPowerOfTwo } from '../../core/fft/index.ts';

export interface BinnedFrame {
  det: DetectorDims;
  bin: number;
  /** binned image size */
  w: number;
  h: number;
  /** FFT grid (power of two ≥ w, h) and where the image sits in it */
  n: number;
  offX: number;
  offY: number;
}

export function binnedFrame(det: DetectorDims, bin: number): BinnedFrame {
  const b = Math.max(1, Math.round(bin));
  const w = Math.max(1, Math.floor(det.nu / b));
  const h = Math.max(1, Math.floor(det.nv / b));
  const n = nextPowerOfTwo(Math.max(w, h));
  return { det, bin: b, w, h, n, offX: Math.floor((n - w) / 2), offY: Math.floor((n - h) / 2) };
}

/** The binning that brings the larger side to at most `targetPx` (IMOD bins the coarse search likewise). */
export function binFor(det: DetectorDims, targetPx: number): number {
  return Math.max(1, Math.ceil(Math.max(det.nu, det.nv) / targetPx));
}

/**
 * A raw view resampled through `xf` (raw → target, full resolution) and binned into `frame`: each binned
 * pixel averages b×b bilinear samples. Pixels whose samples fall outside the raw image are NaN.
 */
export function sampleRaw(
  raw: Float32Array,
  det: DetectorDims,
  xf: InPlaneXf,
  frame: BinnedFrame,
  out = new Float64Array(frame.w * frame.h),
): Float64Array {
  const { nu, nv } = det;
  const inv = invertInPlane(xf);
  const [cx, cy] = xfCentrePx(det);
  const b = frame.bin;
  const inv2 = 1 / (b * b);
  for (let j = 0; j < frame.h; j++) {
    for (let i = 0; i < frame.w; i++) {
      let sum = 0;
      let outside = false;
      for (let t = 0; t < b && !outside; t++) {
        const y = b * j + t - cy;
        for (let s = 0; s < b; s++) {
          const x = b * i + s - cx;
          const u = inv.a11 * x + inv.a12 * y + cx + inv.dxPx;
          const v = inv.a21 * x + inv.a22 * y + cy + inv.dyPx;
          const iu = Math.floor(u);
          const iv = Math.floor(v);
          if (iu < 0 || iv < 0 || iu >= nu - 1 || iv >= nv - 1) {
            // the last row/column still reads exactly (no neighbour needed)
            if (u === nu - 1 || v === nv - 1) {
              sum += raw[Math.min(nu - 1, Math.round(u)) + nu * Math.min(nv - 1, Math.round(v))];
              continue;
            }
            outside = true;
            break;
          }
          const fu = u - iu;
          const fv = v - iv;
          const p = iu + nu * iv;
          const top = raw[p] + fu * (raw[p + 1] - raw[p]);
          const bottom = raw[p + nu] + fu * (raw[p + nu + 1] - raw[p + nu]);
          sum += top + fv * (bottom - top);
        }
      }
      out[i + frame.w * j] = outside ? NaN : sum * inv2;
    }
  }
  return out;
}

/**
 * A binned image resampled through `xf` (given in full-resolution .xf terms), bilinear; NaN where the source
 * is outside or NaN. Used to carry a reference from one view's frame into the next one's.
 */
export function warpBinned(
  img: Float64Array,
  frame: BinnedFrame,
  xf: InPlaneXf,
  out = new Float64Array(frame.w * frame.h),
): Float64Array {
  const inv = invertInPlane(xf);
  const [cx, cy] = xfCentrePx(frame.det);
  const b = frame.bin;
  const half = (b - 1) / 2;
  const { w, h } = frame;
  for (let j = 0; j < h; j++) {
    const y = b * j + half - cy;
    for (let i = 0; i < w; i++) {
      const x = b * i + half - cx;
      const u = (inv.a11 * x + inv.a12 * y + cx + inv.dxPx - half) / b;
      const v = (inv.a21 * x + inv.a22 * y + cy + inv.dyPx - half) / b;
      const iu = Math.floor(u);
      const iv = Math.floor(v);
      if (iu < 0 || iv < 0 || iu >= w - 1 || iv >= h - 1) {
        out[i + w * j] = NaN;
        continue;
      }
      const fu = u - iu;
      const fv = v - iv;
      const p = iu + w * iv;
      const top = img[p] + fu * (img[p + 1] - img[p]);
      const bottom = img[p + w] + fu * (img[p + w + 1] - img[p + w]);
      out[i + w * j] = top + fv * (bottom - top);
    }
  }
  return out;
}

/** A raw view block-averaged into the frame (b×b pixels per binned pixel; the rest of the edge dropped). */
export function binView(raw: Float32Array, frame: BinnedFrame): Float64Array {
  const { w, h, bin: b } = frame;
  const nu = frame.det.nu;
  const out = new Float64Array(w * h);
  const inv = 1 / (b * b);
  for (let j = 0; j < h; j++) {
    for (let t = 0; t < b; t++) {
      const row = nu * (b * j + t);
      for (let i = 0; i < w; i++) {
        let s = 0;
        for (let q = 0, p = row + b * i; q < b; q++, p++) s += raw[p];
        out[i + w * j] += s * inv;
      }
    }
  }
  return out;
}

/** x stretched by s about the centre (perpendicular to a vertical tilt axis). */
export const stretchX = (s: number): InPlaneXf => ({ a11: s, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 });
export const shiftBy = (dxPx: number, dyPx: number): InPlaneXf => ({
  a11: 1,
  a12: 0,
  a21: 0,
  a22: 1,
  dxPx,
  dyPx,
});
