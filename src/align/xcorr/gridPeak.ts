/**
 * The correlation c(t) = (1/n²) Σ_k P(k) e^{2πi k·t/n} of a cross spectrum P evaluated exactly (band-limited:
 * signed frequencies, Nyquist dropped) on a small (2h+1)² grid of spacing `step` around a centre, by two
 * matrix products (Guizar-Sicairos' upsampled DFT), and its maximum refined by a parabola on that grid.
 * Cost n²·(2h+1): a fraction of a full inverse FFT when only the neighbourhood of a known peak matters.
 */
import type { Spectrum2d } from '../image/fft2d.ts';

export interface GridPeak {
  x: number;
  y: number;
  /** c at the best grid point (unnormalised) */
  value: number;
}

export function gridPeak(
  cross: Pick<Spectrum2d, 're' | 'im'>,
  n: number,
  cx: number,
  cy: number,
  half: number,
  step: number,
): GridPeak {
  const m = 2 * half + 1;
  const offsets = Array.from({ length: m }, (_, i) => (i - half) * step);
  const table = (centre: number) => {
    const c = new Float64Array(n * m);
    const s = new Float64Array(n * m);
    for (let k = 0; k < n; k++) {
      const f = (2 * Math.PI * (k < n / 2 ? k : k - n)) / n;
      for (let i = 0; i < m; i++) {
        c[k * m + i] = Math.cos(f * (centre + offsets[i]));
        s[k * m + i] = Math.sin(f * (centre + offsets[i]));
      }
    }
    return { c, s };
  };
  const tx = table(cx);
  const ty = table(cy);
  // T(kx, j) = Σ_ky P(kx, ky) e^{2πi ky yj / n}, then c(i, j) = Re Σ_kx T(kx, j) e^{2πi kx xi / n}
  const tr = new Float64Array(n * m);
  const ti = new Float64Array(n * m);
  for (let ky = 0; ky < n; ky++) {
    if (ky === n / 2) continue;
    for (let kx = 0; kx < n; kx++) {
      const pr = cross.re[kx + n * ky];
      const pi = cross.im[kx + n * ky];
      if (pr === 0 && pi === 0) continue;
      for (let j = 0; j < m; j++) {
        const c = ty.c[ky * m + j];
        const s = ty.s[ky * m + j];
        tr[kx * m + j] += pr * c - pi * s;
        ti[kx * m + j] += pr * s + pi * c;
      }
    }
  }
  const grid = new Float64Array(m * m);
  for (let kx = 0; kx < n; kx++) {
    if (kx === n / 2) continue;
    for (let j = 0; j < m; j++) {
      const ar = tr[kx * m + j];
      const ai = ti[kx * m + j];
      for (let i = 0; i < m; i++) grid[i + m * j] += ar * tx.c[kx * m + i] - ai * tx.s[kx * m + i];
    }
  }
  let bi = half;
  let bj = half;
  for (let p = 0; p < m * m; p++) if (grid[p] > grid[bi + m * bj]) [bi, bj] = [p % m, Math.floor(p / m)];
  const g = (i: number, j: number) => grid[i + m * j];
  const para = (a: number, b: number, c: number) => {
    const d = a - 2 * b + c;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d)) : 0;
  };
  const fx = bi === 0 || bi === m - 1 ? 0 : para(g(bi - 1, bj), g(bi, bj), g(bi + 1, bj));
  const fy = bj === 0 || bj === m - 1 ? 0 : para(g(bi, bj - 1), g(bi, bj), g(bi, bj + 1));
  return { x: cx + offsets[bi] + fx * step, y: cy + offsets[bj] + fy * step, value: g(bi, bj) / (n * n) };
}

/** The weighted cross spectrum H·R·conj(M) and the normalisation of its correlation values. */
export function crossSpectrum(
  ref: Spectrum2d,
  mov: Spectrum2d,
  weights?: Float64Array,
): { re: Float64Array; im: Float64Array; norm: number } {
  const size = ref.n * ref.n;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let normR = 0;
  let normM = 0;
  for (let k = 0; k < size; k++) {
    const h = weights ? weights[k] : 1;
    const ar = ref.re[k];
    const ai = ref.im[k];
    const br = mov.re[k];
    const bi = mov.im[k];
    re[k] = h * (ar * br + ai * bi);
    im[k] = h * (ai * br - ar * bi);
    normR += h * (ar * ar + ai * ai);
    normM += h * (br * br + bi * bi);
  }
  // Parseval: Σ c = (1/n²) Σ |·|², so the normalised value is c(t)·n² / sqrt(ΣH|R|² · ΣH|M|²)
  return { re, im, norm: normR > 0 && normM > 0 ? size / Math.sqrt(normR * normM) : 0 };
}

/**
 * A shift known to within ±`radius` px of `guess`, found from the spectra without a full inverse FFT: the
 * integer grid around the guess, then 0.1 px around its best point. Same sense as crossCorrelate.
 */
export function localCorrelate(
  ref: Spectrum2d,
  mov: Spectrum2d,
  weights: Float64Array | undefined,
  guess: [number, number] = [0, 0],
  radius = 2,
): { dx: number; dy: number; peak: number } {
  const cross = crossSpectrum(ref, mov, weights);
  const coarse = gridPeak(cross, ref.n, guess[0], guess[1], radius, 1);
  const fine = gridPeak(cross, ref.n, coarse.x, coarse.y, 3, 0.1);
  return { dx: fine.x, dy: fine.y, peak: fine.value * cross.norm };
}
