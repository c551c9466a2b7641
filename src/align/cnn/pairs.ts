/**
 * Synthetic training pairs made from the data set itself, with exactly known sub-pixel shifts.
 *
 * A view's binned working copy (axis made vertical, as the chain sees it) already carries its own shot
 * noise; a pair made of two shifted copies of it would share that noise, and a network would learn to match
 * noise. So each view is first Wiener-filtered with its measured noise power (ring-averaged power spectrum
 * P(r), gain max(0, 1 − N/P(r)), which keeps the mean), giving a base image; a pair is then two Fourier-
 * shifted copies of the base, each with fresh noise at the view's own level (noise.ts): the reference at a
 * random sub-pixel offset a, the moving copy at a + e. The label is the correction the chain must add to the
 * moving view's shift, t = −e, in binned pixels. Both copies are normalised as the real pairs are (inputs.ts).
 * What the pairs lack: the parallax of a real neighbour (objects off the z = 0 plane move between tilts,
 * which the cosine stretch cannot undo), and the base keeps the part of its noise the filter could not tell
 * from signal; so the CV error on synthetic pairs is a lower bound of the error on real neighbours.
 */
import type { Rng } from '../../core/phantoms/index.ts';
import { samplePoisson } from '../../recon/simulate/poisson.ts';
import { fft2dReal, ifft2dInPlace, type Spectrum2d } from '../image/fft2d.ts';
import type { BinnedFrame } from '../image/frame.ts';
import type { NoiseModel } from './noise.ts';

/** A view's denoised base, as a spectrum on the frame's FFT grid (image at the frame's offset). */
export interface PairBase {
  spectrum: Spectrum2d;
  noise: NoiseModel;
  /** mean of the view (added back after the filter, so Poisson noise sees the right counts) */
  mean: number;
}

/** Fills NaN with the mean, subtracts it, pads into the n × n grid. */
function padded(img: Float64Array, frame: BinnedFrame): { grid: Float64Array; mean: number } {
  const { w, h, n, offX, offY } = frame;
  let s = 0;
  let c = 0;
  for (let p = 0; p < w * h; p++)
    if (!Number.isNaN(img[p])) {
      s += img[p];
      c++;
    }
  const mean = c ? s / c : 0;
  const grid = new Float64Array(n * n);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      const v = img[i + w * j];
      grid[offX + i + n * (offY + j)] = Number.isNaN(v) ? 0 : v - mean;
    }
  return { grid, mean };
}

/** Wiener-filtered spectrum of a binned view whose white noise has standard deviation `noise.sd`. */
export function pairBase(img: Float64Array, frame: BinnedFrame, noise: NoiseModel): PairBase {
  const { n, w, h } = frame;
  const { grid, mean } = padded(img, frame);
  const s = fft2dReal(grid, n);
  const rings = Math.floor(n / 2) + 1;
  const power = new Float64Array(rings);
  const count = new Float64Array(rings);
  const ringOf = (kx: number, ky: number) => {
    const fx = kx < n / 2 ? kx : n - kx;
    const fy = ky < n / 2 ? ky : n - ky;
    return Math.min(rings - 1, Math.round(Math.hypot(fx, fy)));
  };
  for (let ky = 0; ky < n; ky++)
    for (let kx = 0; kx < n; kx++) {
      const p = kx + n * ky;
      const r = ringOf(kx, ky);
      power[r] += s.re[p] * s.re[p] + s.im[p] * s.im[p];
      count[r]++;
    }
  // white noise over the w·h image pixels: E|X(k)|² = w·h·σ² at every frequency
  const noisePower = w * h * noise.sd * noise.sd;
  const gain = new Float64Array(rings);
  for (let r = 0; r < rings; r++) {
    const p = count[r] ? power[r] / count[r] : 0;
    gain[r] = r === 0 ? 1 : p > 0 ? Math.max(0, 1 - noisePower / p) : 0;
  }
  for (let ky = 0; ky < n; ky++)
    for (let kx = 0; kx < n; kx++) {
      const p = kx + n * ky;
      const g = gain[ringOf(kx, ky)];
      s.re[p] *= g;
      s.im[p] *= g;
    }
  return { spectrum: s, noise, mean };
}

/** The base moved by (sx, sy) binned pixels (content moves by +s), cropped to w × h, mean restored. */
export function shiftedBase(base: PairBase, frame: BinnedFrame, sx: number, sy: number): Float64Array {
  const { n, w, h, offX, offY } = frame;
  const { re, im } = base.spectrum;
  const out: Spectrum2d = { n, re: new Float64Array(n * n), im: new Float64Array(n * n) };
  // the Nyquist row and column are their own conjugates: they take the real factor cos(π·s) in place of the
  // phase ramp, which keeps the image real and is exact for whole-pixel shifts
  const nyqX = Math.cos(Math.PI * sx);
  const nyqY = Math.cos(Math.PI * sy);
  for (let ky = 0; ky < n; ky++) {
    const fy = ky === n / 2 ? 0 : (ky < n / 2 ? ky : ky - n) / n;
    for (let kx = 0; kx < n; kx++) {
      const fx = kx === n / 2 ? 0 : (kx < n / 2 ? kx : kx - n) / n;
      const ph = -2 * Math.PI * (fx * sx + fy * sy);
      const g = (kx === n / 2 ? nyqX : 1) * (ky === n / 2 ? nyqY : 1);
      const c = g * Math.cos(ph);
      const sn = g * Math.sin(ph);
      const p = kx + n * ky;
      out.re[p] = re[p] * c - im[p] * sn;
      out.im[p] = re[p] * sn + im[p] * c;
    }
  }
  ifft2dInPlace(out);
  const img = new Float64Array(w * h);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) img[i + w * j] = out.re[offX + i + n * (offY + j)] + base.mean;
  return img;
}

/** Shot noise at the model's level, in place: Poisson on the counts, or Gaussian of the measured sd. */
export function addNoise(img: Float64Array, noise: NoiseModel, rng: Rng): Float64Array {
  if (noise.kind === 'counts') {
    const g = noise.gain!;
    for (let p = 0; p < img.length; p++) img[p] = g * samplePoisson(rng, Math.max(0, img[p]) / g);
  } else {
    for (let p = 0; p < img.length; p++) img[p] += noise.sd * rng.normal();
  }
  return img;
}

export interface SyntheticPair {
  ref: Float64Array;
  mov: Float64Array;
  /** correction to the moving copy's shift, binned px */
  label: [number, number];
}

/** One pair from a base: shift error e uniform in ±maxBinnedPx on each axis. */
export function syntheticPair(
  base: PairBase,
  frame: BinnedFrame,
  maxBinnedPx: number,
  rng: Rng,
): SyntheticPair {
  const ax = rng.next();
  const ay = rng.next();
  const ex = rng.uniform(-maxBinnedPx, maxBinnedPx);
  const ey = rng.uniform(-maxBinnedPx, maxBinnedPx);
  const ref = addNoise(shiftedBase(base, frame, ax, ay), base.noise, rng);
  const mov = addNoise(shiftedBase(base, frame, ax + ex, ay + ey), base.noise, rng);
  return { ref, mov, label: [-ex, -ey] };
}
