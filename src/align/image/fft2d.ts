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

/** Columns 0 … columns − 1 (all by default; a real image's spectrum needs only 0 … n/2). */
function transformColumns(s: Spectrum2d, inverse: boolean, columns = s.n): void {
  const { n, re, im } = s;
  const plan = createFft(n);
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let x = 0; x < columns; x++) {
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

/**
 * Forward transform of a real n × n image (consumed: its array becomes the real part). Half the work of a
 * complex 2D FFT: rows go through the 1D plan two at a time (one as the real, one as the imaginary part),
 * columns only for kx = 0 … n/2, and the rest follows from Hermitian symmetry X(−k) = conj X(k).
 */
export function fft2dReal(image: Float64Array, n: number): Spectrum2d {
  if (!isPowerOfTwo(n) || image.length !== n * n)
    throw new RangeError(`fft2dReal: need n·n with n a power of 2`);
  const re = image;
  const im = new Float64Array(n * n);
  if (n < 4) {
    const s = { n, re, im };
    transformRows(s, false);
    transformColumns(s, false);
    return s;
  }
  const plan = createFft(n);
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  const half = n / 2;
  for (let y = 0; y < n; y += 2) {
    const a = n * y;
    const b = n * (y + 1);
    for (let x = 0; x < n; x++) {
      zr[x] = re[a + x];
      zi[x] = re[b + x];
    }
    plan.forward(zr, zi);
    // A(k) = (Z(k) + conj Z(−k))/2, B(k) = (Z(k) − conj Z(−k))/2i, kept for k ≤ n/2
    for (let k = 0; k <= half; k++) {
      const m = (n - k) % n;
      re[a + k] = 0.5 * (zr[k] + zr[m]);
      im[a + k] = 0.5 * (zi[k] - zi[m]);
      re[b + k] = 0.5 * (zi[k] + zi[m]);
      im[b + k] = -0.5 * (zr[k] - zr[m]);
    }
  }
  transformColumns({ n, re, im }, false, half + 1);
  for (let y = 0; y < n; y++) {
    const my = (n - y) % n;
    for (let x = half + 1; x < n; x++) {
      re[x + n * y] = re[n - x + n * my];
      im[x + n * y] = -im[n - x + n * my];
    }
  }
  return { n, re, im };
}

/** Inverse transform in place (including the 1/n² scale); the real part is the result. */
export function ifft2dInPlace(s: Spectrum2d): void {
  transformColumns(s, true);
  transformRows(s, true);
}

/**
 * Inverse of a Hermitian spectrum (that of a real image, e.g. a cross spectrum of two) into its real part:
 * columns for kx = 0 … n/2 only, then rows two at a time. `s.im` is scratch afterwards.
 */
export function ifft2dRealInPlace(s: Spectrum2d): void {
  const { n, re, im } = s;
  if (n < 4) return ifft2dInPlace(s);
  const plan = createFft(n);
  const half = n / 2;
  transformColumns(s, true, half + 1);
  // rows y, y+1 have Hermitian spectra A, B (kx ≤ n/2 known): Z = A + iB inverts to a + ib
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  for (let y = 0; y < n; y += 2) {
    const a = n * y;
    const b = n * (y + 1);
    for (let k = 0; k < n; k++) {
      const j = k <= half ? k : n - k;
      const sg = k <= half ? 1 : -1;
      const ar = re[a + j];
      const ai = sg * im[a + j];
      const br = re[b + j];
      const bi = sg * im[b + j];
      zr[k] = ar - bi;
      zi[k] = ai + br;
    }
    plan.inverse(zr, zi);
    for (let x = 0; x < n; x++) {
      re[a + x] = zr[x];
      re[b + x] = zi[x];
    }
  }
}

/** Spatial frequency of index k on an n-point grid, cycles/pixel in [−0.5, 0.5). */
export function frequencyOf(k: number, n: number): number {
  return (k < n / 2 ? k : k - n) / n;
}
