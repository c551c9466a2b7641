/**
 * Correlation-ready spectra: mean removed over the valid (non-NaN) pixels, invalid pixels set to that mean,
 * the edges tapered to it with a cosine over `taperFraction` of each side (IMOD's tiltxcorr tapers likewise),
 * padded into the frame's FFT grid and transformed.
 */
import { fft2dReal, frequencyOf, type Spectrum2d } from './fft2d.ts';
import type { BinnedFrame } from './frame.ts';

export function taperedSpectrum(img: Float64Array, frame: BinnedFrame, taperFraction = 0.1): Spectrum2d {
  const { w, h, n, offX, offY } = frame;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < w * h; p++) {
    if (!Number.isNaN(img[p])) {
      sum += img[p];
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const tx = Math.max(1, Math.round(taperFraction * w));
  const ty = Math.max(1, Math.round(taperFraction * h));
  const ramp = (d: number, t: number) => (d >= t ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * (d + 0.5)) / t));
  const grid = new Float64Array(n * n);
  for (let j = 0; j < h; j++) {
    const wy = ramp(Math.min(j, h - 1 - j), ty);
    for (let i = 0; i < w; i++) {
      const v = img[i + w * j];
      if (Number.isNaN(v)) continue;
      grid[offX + i + n * (offY + j)] = (v - mean) * wy * ramp(Math.min(i, w - 1 - i), tx);
    }
  }
  return fft2dReal(grid, n);
}

/**
 * tiltxcorr's band-pass, in cycles per binned pixel: a Gaussian high-pass 1 − exp(−r²/2σ1²) and a low-pass
 * that is 1 up to radius2 and falls as a Gaussian of σ2 beyond. σ1 = 0 turns the high-pass off.
 */
export interface BandPass {
  sigma1: number;
  radius2: number;
  sigma2: number;
}

export const DEFAULT_BAND_PASS: BandPass = { sigma1: 0.03, radius2: 0.25, sigma2: 0.05 };

/** H(kx, ky) on the n-point grid, x fastest. */
export function bandPassWeights(n: number, bp: BandPass): Float64Array {
  const out = new Float64Array(n * n);
  for (let ky = 0; ky < n; ky++) {
    const fy = frequencyOf(ky, n);
    for (let kx = 0; kx < n; kx++) {
      const fx = frequencyOf(kx, n);
      const r = Math.hypot(fx, fy);
      const high = bp.sigma1 > 0 ? 1 - Math.exp((-r * r) / (2 * bp.sigma1 * bp.sigma1)) : 1;
      const low = r <= bp.radius2 ? 1 : Math.exp(-((r - bp.radius2) ** 2) / (2 * bp.sigma2 * bp.sigma2));
      // exact zeros past the tail let the sub-pixel refinement skip most of the plane (gridPeak.ts)
      const w = high * low;
      out[kx + n * ky] = w < 1e-4 ? 0 : w;
    }
  }
  return out;
}
