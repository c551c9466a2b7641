/**
 * How well the common-line profiles of all views agree: each profile is band-passed and aligned along the
 * axis (the views' shifts along the axis are unknown) first to the view nearest 0°, then to the sum of all
 * the others (leave-one-out); the score is the mean normalised correlation at the aligned shift, in [−1, 1].
 * Shifts are found to a fraction of a bin by evaluating the band-limited correlation exactly near its peak,
 * so the score is a smooth function of the axis angle.
 */
import { createFft, nextPowerOfTwo } from '../../core/fft/index.ts';
import type { BandPass } from '../image/spectrum.ts';

export interface ProfileSpectra {
  /** FFT length (≥ 2 × profile length, power of two) */
  n: number;
  re: Float64Array[];
  im: Float64Array[];
  /** Σ|Q|² of each band-passed spectrum */
  power: number[];
}

export interface Consistency {
  score: number;
  /** per profile, the normalised correlation with the others (leave-one-out sum) */
  perView: number[];
  /** per profile, its shift along the axis (bins) onto the common reference */
  shifts: number[];
}

export function bandPass1d(n: number, bp: BandPass): Float64Array {
  const H = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = Math.abs((k <= n / 2 ? k : k - n) / n);
    const high = bp.sigma1 > 0 ? 1 - Math.exp((-f * f) / (2 * bp.sigma1 * bp.sigma1)) : 1;
    const low = f <= bp.radius2 ? 1 : Math.exp(-((f - bp.radius2) ** 2) / (2 * bp.sigma2 * bp.sigma2));
    H[k] = high * low;
  }
  return H;
}

/** Band-passed spectra of the profiles (zero-padded to n). */
export function profileSpectra(profiles: Float64Array[], H: Float64Array): ProfileSpectra {
  const n = H.length;
  const plan = createFft(n);
  const re: Float64Array[] = [];
  const im: Float64Array[] = [];
  const power: number[] = [];
  for (const p of profiles) {
    const r = new Float64Array(n);
    const i = new Float64Array(n);
    r.set(p.subarray(0, Math.min(p.length, n)));
    plan.forward(r, i);
    let e = 0;
    for (let k = 0; k < n; k++) {
      r[k] *= H[k];
      i[k] *= H[k];
      e += r[k] * r[k] + i[k] * i[k];
    }
    re.push(r);
    im.push(i);
    power.push(e);
  }
  return { n, re, im, power };
}

export const fftLengthFor = (profileLength: number) => nextPowerOfTwo(2 * profileLength);

/** c[k] + i·s[k] = e^{i·w·f(k)} for the signed frequency f(k), by a recurrence (one cos/sin per call). */
function phaseTable(w: number, c: Float64Array, s: Float64Array): void {
  const n = c.length;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  let cr = 1;
  let ci = 0;
  for (let f = 0; f <= n / 2; f++) {
    c[f] = cr;
    s[f] = ci;
    if (f > 0 && f < n / 2) {
      c[n - f] = cr;
      s[n - f] = -ci;
    }
    const t = cr * cw - ci * sw;
    ci = cr * sw + ci * cw;
    cr = t;
  }
}

const tables = new Map<number, { c: Float64Array; s: Float64Array }>();
function table(n: number) {
  let t = tables.get(n);
  if (!t) {
    t = { c: new Float64Array(n), s: new Float64Array(n) };
    tables.set(n, t);
  }
  return t;
}

/** c(t) = Re (1/n) Σ P(f) e^{2πi f t / n}. */
function corrAt(pr: Float64Array, pi: Float64Array, n: number, t: number): number {
  const { c, s } = table(n);
  phaseTable((2 * Math.PI * t) / n, c, s);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += pr[k] * c[k] - pi[k] * s[k];
  return sum / n;
}

interface Peak {
  shift: number;
  value: number;
}

/** Peak of the correlation of reference R with profile Q (|shift| ≤ maxShift): the shift that carries Q onto R. */
function correlationPeak(
  rr: Float64Array,
  ri: Float64Array,
  qr: Float64Array,
  qi: Float64Array,
  maxShift: number,
  work: { re: Float64Array; im: Float64Array; pr: Float64Array; pi: Float64Array },
): Peak {
  const n = rr.length;
  const { re, im, pr, pi } = work;
  for (let k = 0; k < n; k++) {
    // R · conj(Q)
    pr[k] = rr[k] * qr[k] + ri[k] * qi[k];
    pi[k] = ri[k] * qr[k] - rr[k] * qi[k];
    re[k] = pr[k];
    im[k] = pi[k];
  }
  createFft(n).inverse(re, im);
  const limit = Math.min(Math.floor(n / 2) - 1, Math.floor(maxShift));
  let best = -Infinity;
  let bt = 0;
  for (let t = -limit; t <= limit; t++) {
    const v = re[(t + n) % n];
    if (v > best) {
      best = v;
      bt = t;
    }
  }
  const at = (t: number) => re[(t + n) % n];
  const para = (m: number, c: number, p: number) => {
    const d = m - 2 * c + p;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (m - p)) / d)) : 0;
  };
  let t1 = bt + para(at(bt - 1), at(bt), at(bt + 1));
  // one exact step on a 0.15-bin grid: the integer-grid parabola is biased towards whole bins
  const h = 0.15;
  const c0 = corrAt(pr, pi, n, t1);
  const cm = corrAt(pr, pi, n, t1 - h);
  const cp = corrAt(pr, pi, n, t1 + h);
  t1 += h * para(cm, c0, cp);
  const value = Math.max(corrAt(pr, pi, n, t1), c0, cm, cp);
  return { shift: t1, value };
}

/**
 * Aligns the profiles along the axis and scores their agreement. `anchor` is the first reference;
 * `maxShift` bounds the shift (bins).
 */
export function profileConsistency(spec: ProfileSpectra, anchor: number, maxShift: number): Consistency {
  const { n } = spec;
  const m = spec.re.length;
  const work = {
    re: new Float64Array(n),
    im: new Float64Array(n),
    pr: new Float64Array(n),
    pi: new Float64Array(n),
  };
  const shifts = new Array<number>(m).fill(0);
  const perView = new Array<number>(m).fill(0);
  if (m < 2) return { score: 0, perView, shifts };
  for (let k = 0; k < m; k++) {
    if (k === anchor) continue;
    shifts[k] = correlationPeak(spec.re[anchor], spec.im[anchor], spec.re[k], spec.im[k], maxShift, work).shift;
  }
  const sr = new Float64Array(n);
  const si = new Float64Array(n);
  const rr = new Float64Array(n);
  const ri = new Float64Array(n);
  // aligned copy of Q_k: Q_k · e^{−2πi f t_k / n} (a feature at x moves to x + t_k)
  const addShifted = (k: number, sign: number, tr: Float64Array, ti: Float64Array) => {
    const { c, s } = table(n);
    phaseTable((-2 * Math.PI * shifts[k]) / n, c, s);
    const qr = spec.re[k];
    const qi = spec.im[k];
    for (let f = 0; f < n; f++) {
      tr[f] += sign * (qr[f] * c[f] - qi[f] * s[f]);
      ti[f] += sign * (qr[f] * s[f] + qi[f] * c[f]);
    }
  };
  for (let pass = 0; pass < 2; pass++) {
    sr.fill(0);
    si.fill(0);
    for (let k = 0; k < m; k++) addShifted(k, 1, sr, si);
    const next = shifts.slice();
    for (let k = 0; k < m; k++) {
      rr.set(sr);
      ri.set(si);
      addShifted(k, -1, rr, ri);
      // shifts are measured against the leave-one-out sum, which sits where the others were moved to
      const p = correlationPeak(rr, ri, spec.re[k], spec.im[k], maxShift, work);
      let e = 0;
      for (let f = 0; f < n; f++) e += rr[f] * rr[f] + ri[f] * ri[f];
      const norm = Math.sqrt(e * spec.power[k]);
      perView[k] = norm > 0 ? (p.value * n) / norm : 0;
      next[k] = p.shift;
    }
    for (let k = 0; k < m; k++) shifts[k] = next[k];
  }
  const score = perView.reduce((a, b) => a + b, 0) / m;
  return { score, perView, shifts };
}
