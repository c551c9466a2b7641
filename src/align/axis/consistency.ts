/**
 * How well the common-line profiles of all views agree. Each profile is windowed along the axis where its
 * content lies, weighted in frequency (H), and aligned along the axis (the views' shifts along it are
 * unknown): first onto the view nearest 0°, then twice onto the sum of all the others. The measure is the
 * least-squares residual R = Σ ‖q_k − c‖² about the best common profile c = mean of the aligned q_k, i.e.
 * Σ ‖q_k‖² − ‖Σ q_k‖² / m: the maximum-likelihood fit under white noise. Its noise part barely depends on
 * the angle (profiles.ts keeps each pixel's noise energy fixed, scan.ts divides out the frame's row lengths),
 * while a ratio such as the fraction of the power explained would follow the signal's own power, which on
 * the simulated series changes by ~2 % per degree (as much for one view as for all). Shifts are found to
 * a fraction of a bin by evaluating the band-limited correlation exactly near its peak, so R is a smooth
 * function of the angle.
 */
import { createFft, nextPowerOfTwo } from '../../core/fft/index.ts';
import type { BandPass } from '../image/spectrum.ts';

export interface Consistency {
  /** Σ‖q_k − c‖² (weighted, windowed) */
  residual: number;
  /** Σ‖q_k‖² */
  power: number;
  /** per profile, its normalised correlation with the sum of the others */
  perView: number[];
  /** per profile, the shift along the axis (bins) that carries it onto the common reference */
  shifts: number[];
}

/**
 * The window along the axis, in the reference frame, about bin `centre`: 1 up to |u| = half − taper, a cosine
 * down to 0 at half. It moves with each view's content, so the views are cut alike and the raw frame's own
 * ends stay outside it.
 */
export interface AlongWindow {
  centre: number;
  half: number;
  taper: number;
}

export const fftLengthFor = (profileLength: number) => nextPowerOfTwo(2 * profileLength);

const windowAt = (win: AlongWindow, u: number) => {
  const d = win.half - Math.abs(u);
  return d <= 0 ? 0 : d >= win.taper ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / win.taper);
};

interface Spec {
  re: Float64Array;
  im: Float64Array;
}

/** FFT (length n = H.length) of profile·W(bin − centre + shift), times H. */
function windowedSpectrum(p: Float64Array, H: Float64Array, win: AlongWindow, shift: number): Spec {
  const n = H.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let m = 0; m < p.length && m < n; m++) re[m] = p[m] * windowAt(win, m - win.centre + shift);
  createFft(n).forward(re, im);
  for (let k = 0; k < n; k++) {
    re[k] *= H[k];
    im[k] *= H[k];
  }
  return { re, im };
}

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

interface Work {
  re: Float64Array;
  im: Float64Array;
  pr: Float64Array;
  pi: Float64Array;
  c: Float64Array;
  s: Float64Array;
}

const newWork = (n: number): Work => ({
  re: new Float64Array(n),
  im: new Float64Array(n),
  pr: new Float64Array(n),
  pi: new Float64Array(n),
  c: new Float64Array(n),
  s: new Float64Array(n),
});

/** c(t) = Re (1/n) Σ P(f) e^{2πi f t / n}. */
function corrAt(work: Work, t: number): number {
  const { pr, pi, c, s } = work;
  const n = pr.length;
  phaseTable((2 * Math.PI * t) / n, c, s);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += pr[k] * c[k] - pi[k] * s[k];
  return sum / n;
}

const parabola = (m: number, c: number, p: number) => {
  const d = m - 2 * c + p;
  return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (m - p)) / d)) : 0;
};

/**
 * Peak of c(t) = Σₓ r(x + t)·q(x) over |t| ≤ maxShift: the shift that carries q onto r, and c there
 * (an inner product in the profiles' units).
 */
function correlationPeak(r: Spec, q: Spec, maxShift: number, work: Work): { shift: number; value: number } {
  const n = r.re.length;
  const { re, im, pr, pi } = work;
  for (let k = 0; k < n; k++) {
    pr[k] = r.re[k] * q.re[k] + r.im[k] * q.im[k];
    pi[k] = r.im[k] * q.re[k] - r.re[k] * q.im[k];
    re[k] = pr[k];
    im[k] = pi[k];
  }
  createFft(n).inverse(re, im);
  const limit = Math.max(1, Math.min(Math.floor(n / 2) - 2, Math.floor(maxShift)));
  const at = (t: number) => re[(t + n) % n];
  let bt = 0;
  for (let t = -limit; t <= limit; t++) if (at(t) > at(bt)) bt = t;
  let t1 = bt + parabola(at(bt - 1), at(bt), at(bt + 1));
  // one exact step on a 0.15-bin grid: the integer-grid parabola is biased towards whole bins
  const h = 0.15;
  const c0 = corrAt(work, t1);
  const cm = corrAt(work, t1 - h);
  const cp = corrAt(work, t1 + h);
  t1 += h * parabola(cm, c0, cp);
  return { shift: t1, value: Math.max(corrAt(work, t1), c0, cm, cp) };
}

/** Q · e^{−2πi f t / n} (the profile moved by +t) added (sign 1) or removed (−1) into acc. */
function addShifted(q: Spec, t: number, sign: number, acc: Spec, work: Work): void {
  const n = acc.re.length;
  const { c, s } = work;
  phaseTable((-2 * Math.PI * t) / n, c, s);
  for (let f = 0; f < n; f++) {
    acc.re[f] += sign * (q.re[f] * c[f] - q.im[f] * s[f]);
    acc.im[f] += sign * (q.re[f] * s[f] + q.im[f] * c[f]);
  }
}

/** ⟨r, q moved by t⟩. */
function innerShifted(r: Spec, q: Spec, t: number, work: Work): number {
  const n = r.re.length;
  const { c, s } = work;
  phaseTable((-2 * Math.PI * t) / n, c, s);
  let sum = 0;
  for (let f = 0; f < n; f++) {
    const qr = q.re[f] * c[f] - q.im[f] * s[f];
    const qi = q.re[f] * s[f] + q.im[f] * c[f];
    sum += r.re[f] * qr + r.im[f] * qi;
  }
  return sum / n;
}

const energy = (q: Spec) => {
  let e = 0;
  for (let f = 0; f < q.re.length; f++) e += q.re[f] * q.re[f] + q.im[f] * q.im[f];
  return e / q.re.length;
};

/** Shifts of every profile onto the anchor's, both windowed about their own centre. */
export function anchorShifts(
  profiles: Float64Array[],
  H: Float64Array,
  win: AlongWindow,
  anchor: number,
  maxShift: number,
): number[] {
  const work = newWork(H.length);
  const ref = windowedSpectrum(profiles[anchor], H, win, 0);
  return profiles.map((p, k) =>
    k === anchor ? 0 : correlationPeak(ref, windowedSpectrum(p, H, win, 0), maxShift, work).shift,
  );
}

/**
 * Aligns the profiles along the axis and measures their agreement (see the top of the file). `H`: weights
 * on the n-point spectrum, n = fftLengthFor(profile length); `maxShift` bounds the shifts (bins); `initial`
 * shifts replace the first alignment onto the anchor; with `refit` false they are kept as given (e.g. shifts
 * known from a 2D alignment) and only the residual is measured.
 */
export function profileConsistency(
  profiles: Float64Array[],
  H: Float64Array,
  win: AlongWindow,
  anchor: number,
  maxShift: number,
  initial?: readonly number[],
  passes = 2,
  refit = true,
): Consistency {
  const n = H.length;
  const m = profiles.length;
  const perView = new Array<number>(m).fill(0);
  const shifts = initial ? [...initial] : anchorShifts(profiles, H, win, anchor, maxShift);
  if (m < 2) return { residual: 0, power: 0, perView, shifts };
  const work = newWork(n);
  const sum: Spec = { re: new Float64Array(n), im: new Float64Array(n) };
  const rest: Spec = { re: new Float64Array(n), im: new Float64Array(n) };
  let residual = 0;
  let power = 0;
  for (let pass = 0; pass < passes; pass++) {
    const specs = profiles.map((p, k) => windowedSpectrum(p, H, win, shifts[k]));
    sum.re.fill(0);
    sum.im.fill(0);
    specs.forEach((q, k) => addShifted(q, shifts[k], 1, sum, work));
    let self = 0;
    let cross = 0;
    for (let k = 0; k < m; k++) {
      rest.re.set(sum.re);
      rest.im.set(sum.im);
      addShifted(specs[k], shifts[k], -1, rest, work);
      const peak = refit
        ? correlationPeak(rest, specs[k], maxShift, work)
        : { shift: shifts[k], value: innerShifted(rest, specs[k], shifts[k], work) };
      const e = energy(specs[k]);
      const er = energy(rest);
      self += e;
      cross += peak.value;
      perView[k] = e > 0 && er > 0 ? peak.value / Math.sqrt(e * er) : 0;
      shifts[k] = peak.shift;
    }
    // ‖Σ q‖² = Σ‖q_k‖² + Σ_k ⟨q_k, R_k⟩, each view at its new shift against the others
    power = self;
    residual = self - (self + cross) / m;
  }
  return { residual, power, perView, shifts };
}

/** A Gaussian high-pass (σ1) times a low-pass flat to radius2 with a Gaussian fall-off σ2, cycles/bin. */
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
