/**
 * What the network sees: a binned image in units of its noise sd, mean removed over the valid pixels, edges
 * tapered to 0 with the same cosine xcorr uses (spectrum.ts), pixels outside the raw view (NaN) set to 0.
 * Real and synthetic pairs go through this one function.
 */
import * as tf from '@tensorflow/tfjs';

export const TAPER_FRACTION = 0.1;

export function networkInput(
  img: Float64Array,
  w: number,
  h: number,
  noiseSd: number,
  out: Float32Array = new Float32Array(w * h),
  taperFraction = TAPER_FRACTION,
): Float32Array {
  let s = 0;
  let c = 0;
  for (let p = 0; p < w * h; p++)
    if (!Number.isNaN(img[p])) {
      s += img[p];
      c++;
    }
  const mean = c ? s / c : 0;
  const inv = noiseSd > 0 ? 1 / noiseSd : 1;
  const tx = Math.max(1, Math.round(taperFraction * w));
  const ty = Math.max(1, Math.round(taperFraction * h));
  const ramp = (d: number, t: number) => (d >= t ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * (d + 0.5)) / t));
  for (let j = 0; j < h; j++) {
    const wy = ramp(Math.min(j, h - 1 - j), ty);
    for (let i = 0; i < w; i++) {
      const v = img[i + w * j];
      out[i + w * j] = Number.isNaN(v) ? 0 : (v - mean) * inv * wy * ramp(Math.min(i, w - 1 - i), tx);
    }
  }
  return out;
}

/** A set of pairs held as two N × h × w arrays (already network inputs) and N labels (binned px). */
export interface PairSet {
  w: number;
  h: number;
  count: number;
  ref: Float32Array;
  mov: Float32Array;
  /** N × 2, binned px; zeros where unknown (real pairs) */
  labels: Float32Array;
  /** the view each pair came from (folds split by view) */
  views: Int32Array;
}

export function allocatePairs(w: number, h: number, count: number): PairSet {
  return {
    w,
    h,
    count,
    ref: new Float32Array(count * w * h),
    mov: new Float32Array(count * w * h),
    labels: new Float32Array(2 * count),
    views: new Int32Array(count),
  };
}

/** The pairs at `indices` as tensors (N × h × w × 1 each, labels N × 2). */
export function batchTensors(
  set: PairSet,
  indices: ArrayLike<number>,
): { ref: tf.Tensor4D; mov: tf.Tensor4D; labels: tf.Tensor2D } {
  const size = set.w * set.h;
  const n = indices.length;
  const ref = new Float32Array(n * size);
  const mov = new Float32Array(n * size);
  const labels = new Float32Array(2 * n);
  for (let b = 0; b < n; b++) {
    const k = indices[b];
    ref.set(set.ref.subarray(k * size, (k + 1) * size), b * size);
    mov.set(set.mov.subarray(k * size, (k + 1) * size), b * size);
    labels[2 * b] = set.labels[2 * k];
    labels[2 * b + 1] = set.labels[2 * k + 1];
  }
  return {
    ref: tf.tensor4d(ref, [n, set.h, set.w, 1]),
    mov: tf.tensor4d(mov, [n, set.h, set.w, 1]),
    labels: tf.tensor2d(labels, [n, 2]),
  };
}
