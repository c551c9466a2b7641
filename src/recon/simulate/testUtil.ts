// Small statistics helpers shared by the simulator's tests.
import { fft3dInPlace } from '../../core/fft/index.ts';

export { correlation } from '../reference/testVolumes.ts';

export function sum(a: ArrayLike<number>, offset = 0, n = a.length - offset): number {
  let s = 0;
  for (let i = offset; i < offset + n; i++) s += a[i];
  return s;
}

/** |FFT|² of one nx × ny image; index i + nx·j. */
export function powerSpectrum(img: ArrayLike<number>, nx: number, ny: number, offset = 0): Float64Array {
  const re = new Float64Array(nx * ny);
  const im = new Float64Array(nx * ny);
  for (let i = 0; i < nx * ny; i++) re[i] = img[offset + i];
  fft3dInPlace(re, im, nx, ny, 1);
  for (let i = 0; i < re.length; i++) re[i] = re[i] * re[i] + im[i] * im[i];
  return re;
}

/** Radius of FFT index (i, j) in pixels of frequency, for a square nx × nx image. */
export function freqRadius(i: number, j: number, n: number): number {
  const a = Math.min(i, n - i);
  const b = Math.min(j, n - j);
  return Math.hypot(a, b);
}

/** The interior crop (margin px on each side) of an nx × ny image. */
export function crop(img: ArrayLike<number>, nx: number, ny: number, margin: number, offset = 0): number[] {
  const out: number[] = [];
  for (let y = margin; y < ny - margin; y++)
    for (let x = margin; x < nx - margin; x++) out.push(img[offset + x + nx * y]);
  return out;
}
