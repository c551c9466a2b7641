/**
 * 2D FFT of a real image on a power-of-two grid, through the 1D plans of src/core/fft: rows, then columns.
 * Complex results live in two Float64Arrays (n·n, x fastest).
 */
import { createFft, isPowerOfTwo } from '../../core/fft/index.ts';

export interface Spectrum2d {
  n: number;
  re: Float64Array;
  im: Float64Array;
}

function transformColumns(s: Spectrum2d, inverse: boolean): void {
  const { n, re, im } = s;
  const plan = createFft(n);
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      cr[y] = re[x + n * y];
      ci[y] = im[x + n * y];
    }
    if (inverse) plan.inverse(cr, ci);
    else plan.forward(cr, ci);
    for (let y = 0; y < n; y++) {
      re[x + n * y] = cr[y];
      im[x + n * y] = ci[y];
    }
  }
}

function transformRows(s: Spectrum2d, inverse: boolean): void {
  const { n, re, im } = s;
  const plan = createFft(n);
  for (let y = 0; y < n; y++) {
    const r = re.subarray(n * y, n * (y + 1));
    const i = im.subarray(n * y, n * (y + 1));
    if (inverse) plan.inverse(r, i);
    else plan.forward(r, i);
  }
}

/** Forward transform of a real n × n image (consumed: its array becomes the real part). */
export function fft2dReal(image: Float64Array, n: number): Spectrum2d {
  if (!isPowerOfTwo(n) || image.length !== n * n)
    throw new RangeError(`fft2dReal: need n·n with n a power of 2`);
  const s = { n, re: image, im: new Float64Array(n * n) };
  transformRows(s, false);
  transformColumns(s, false);
  return s;
}

/** Inverse transform in place (including the 1/n² scale); the real part is the result. */
export function ifft2dInPlace(s: Spectrum2d): void {
  transformColumns(s, true);
  transformRows(s, true);
}

/** Spatial frequency of index k on an n-point grid, cycles/pixel in [−0.5, 0.5). */
export function frequencyOf(k: number, n: number): number {
  return (k < n / 2 ? k : k - n) / n;
}
