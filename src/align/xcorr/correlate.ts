/**
 * Band-passed cross-correlation of two spectra and its sub-pixel peak. The shift s it returns is the one
 * that carries `mov` onto `ref`: a feature at x in mov lies at x + s in ref (the .xf sense: apply +s to mov).
 * c(t) = Σₓ ref(x + t)·mov(x) = F⁻¹[R·conj(M)·H](t).
 */
import { ifft2dInPlace, type Spectrum2d } from '../image/fft2d.ts';

export interface Correlation {
  /** shift in binned pixels */
  dx: number;
  dy: number;
  /** normalised correlation at the peak (−1 … 1) */
  peak: number;
  /** second-highest local maximum (outside the main peak) over the peak: near 1 means ambiguous */
  secondRatio: number;
}

export interface CorrelateOptions {
  /** band-pass weights H (n·n) applied to the cross spectrum; all-pass when omitted */
  weights?: Float64Array;
  /** only shifts with |dx|, |dy| ≤ this are searched (binned pixels) */
  maxShift?: number;
}

export function crossCorrelate(ref: Spectrum2d, mov: Spectrum2d, opts: CorrelateOptions = {}): Correlation {
  const n = ref.n;
  const size = n * n;
  const H = opts.weights;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let normR = 0;
  let normM = 0;
  for (let k = 0; k < size; k++) {
    const h = H ? H[k] : 1;
    const ar = ref.re[k];
    const ai = ref.im[k];
    const br = mov.re[k];
    const bi = mov.im[k];
    re[k] = h * (ar * br + ai * bi);
    im[k] = h * (ai * br - ar * bi);
    normR += h * (ar * ar + ai * ai);
    normM += h * (br * br + bi * bi);
  }
  const cross = { re: Float64Array.from(re), im: Float64Array.from(im) };
  const cc = { n, re, im };
  ifft2dInPlace(cc);
  // Parseval: Σ c = (1/n²) Σ |·|², so the normalised value is c(t)·n² / sqrt(ΣH|R|² · ΣH|M|²)
  const scale = normR > 0 && normM > 0 ? size / Math.sqrt(normR * normM) : 0;
  const limit = Math.min(Math.floor(n / 2) - 1, Math.floor(opts.maxShift ?? n));
  const wrap = (t: number) => (t + n) % n;
  const at = (tx: number, ty: number) => re[wrap(tx) + n * wrap(ty)];
  let best = -Infinity;
  let bx = 0;
  let by = 0;
  for (let ty = -limit; ty <= limit; ty++) {
    for (let tx = -limit; tx <= limit; tx++) {
      const v = at(tx, ty);
      if (v > best) {
        best = v;
        bx = tx;
        by = ty;
      }
    }
  }
  const fit = (m: number, c: number, p: number) => {
    const d = m - 2 * c + p;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (m - p)) / d)) : 0;
  };
  const c0 = at(bx, by);
  const px = bx + fit(at(bx - 1, by), c0, at(bx + 1, by));
  const py = by + fit(at(bx, by - 1), c0, at(bx, by + 1));
  const [dx, dy] = refinePeak(cross, n, px, py);
  // the main peak's extent: until the correlation falls to half, at least 2 px
  const exclusion = Math.max(2, peakRadius(at, bx, by, c0, limit));
  let second = -Infinity;
  for (let ty = -limit + 1; ty < limit; ty++) {
    for (let tx = -limit + 1; tx < limit; tx++) {
      if (Math.abs(tx - bx) <= exclusion && Math.abs(ty - by) <= exclusion) continue;
      const v = at(tx, ty);
      if (
        v > second &&
        v >= at(tx - 1, ty) &&
        v >= at(tx + 1, ty) &&
        v >= at(tx, ty - 1) &&
        v >= at(tx, ty + 1)
      )
        second = v;
    }
  }
  return {
    dx,
    dy,
    peak: best * scale,
    secondRatio: best > 0 && second > 0 ? second / best : 0,
  };
}

/** Half-width and step (px) of the band-limited grid the parabolic estimate is refined on. */
const REFINE_STEPS = 3;
const REFINE_STEP = 0.1;

/**
 * The correlation evaluated exactly (band-limited, signed frequencies) on a 7 × 7 grid of 0.1 px around the
 * parabolic estimate, then a parabola on that grid: the 3-point parabola on the integer grid is biased
 * towards whole pixels by up to ~0.1 px, which a chain of 30 views turns into a drift.
 */
function refinePeak(
  cross: { re: Float64Array; im: Float64Array },
  n: number,
  px: number,
  py: number,
): [number, number] {
  const m = 2 * REFINE_STEPS + 1;
  const offsets = Array.from({ length: m }, (_, i) => (i - REFINE_STEPS) * REFINE_STEP);
  const freq = (k: number) => (k < n / 2 ? k : k - n);
  // phase tables e^{2πi k t / n} for the m sample positions on each axis
  const table = (centre: number) => {
    const c = new Float64Array(n * m);
    const s = new Float64Array(n * m);
    for (let k = 0; k < n; k++) {
      const f = (2 * Math.PI * freq(k)) / n;
      for (let i = 0; i < m; i++) {
        c[k * m + i] = Math.cos(f * (centre + offsets[i]));
        s[k * m + i] = Math.sin(f * (centre + offsets[i]));
      }
    }
    return { c, s };
  };
  const tx = table(px);
  const ty = table(py);
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
  let bi = REFINE_STEPS;
  let bj = REFINE_STEPS;
  for (let p = 0; p < m * m; p++) if (grid[p] > grid[bi + m * bj]) [bi, bj] = [p % m, Math.floor(p / m)];
  const g = (i: number, j: number) =>
    grid[Math.max(0, Math.min(m - 1, i)) + m * Math.max(0, Math.min(m - 1, j))];
  const para = (a: number, b: number, c: number) => {
    const d = a - 2 * b + c;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d)) : 0;
  };
  const fx = bi === 0 || bi === m - 1 ? 0 : para(g(bi - 1, bj), g(bi, bj), g(bi + 1, bj));
  const fy = bj === 0 || bj === m - 1 ? 0 : para(g(bi, bj - 1), g(bi, bj), g(bi, bj + 1));
  return [px + offsets[bi] + fx * REFINE_STEP, py + offsets[bj] + fy * REFINE_STEP];
}

function peakRadius(
  at: (x: number, y: number) => number,
  bx: number,
  by: number,
  c0: number,
  limit: number,
): number {
  let r = 1;
  while (r < limit / 2 && Math.max(at(bx + r, by), at(bx - r, by), at(bx, by + r), at(bx, by - r)) > c0 / 2)
    r++;
  return r;
}
