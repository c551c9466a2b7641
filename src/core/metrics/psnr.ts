import { WedgeLabError } from '../errors.ts';
import { checkSameShape, minMax, type VolumeInput } from './volumeInput.ts';

/**
 * Peak signal-to-noise ratio in dB, as scikit-image's peak_signal_noise_ratio:
 * 10·log10(range² / MSE), range = truth max − min unless given. Identical volumes give Infinity.
 */
export function psnr(truth: VolumeInput, rec: VolumeInput, dataRange?: number): number {
  checkSameShape(truth, rec, 'psnr');
  const range = dataRange ?? dataRangeOf(truth);
  if (!(range > 0)) {
    throw new WedgeLabError(
      'bad-argument',
      `psnr: data range must be > 0 (got ${range}); the truth is constant, pass dataRange`,
    );
  }
  return 10 * Math.log10((range * range) / mse(truth.data, rec.data));
}

export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s / a.length;
}

export function dataRangeOf(v: VolumeInput): number {
  const [lo, hi] = minMax(v.data);
  return hi - lo;
}
