/**
 * 1D complex FFT plans: iterative radix-2 for powers of two, Bluestein (chirp-z through a power-of-two
 * FFT) for every other length. Transforms run in place on separate real/imaginary arrays.
 * Convention: forward X[k] = Σ x[j] e^{-2πi jk/n}; inverse divides by n, so inverse∘forward = identity.
 */

/** Real or imaginary part of a signal; Float32 storage is transformed through a Float64 plan. */
export type FftArray = Float64Array | Float32Array;

export interface FftPlan {
  readonly n: number;
  forward(re: FftArray, im: FftArray): void;
  /** includes the 1/n scale */
  inverse(re: FftArray, im: FftArray): void;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** Plans are cached per length: twiddles and chirps are the expensive part and are read-only. */
const planCache = new Map<number, FftPlan>();

export function createFft(n: number): FftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  let plan = planCache.get(n);
  if (!plan) {
    plan = isPowerOfTwo(n) ? new Radix2Plan(n) : new BluesteinPlan(n);
    planCache.set(n, plan);
  }
  return plan;
}

class Radix2Plan implements FftPlan {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(n: number) {
    this.n = n;
    const half = n >> 1;
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      const a = (-2 * Math.PI * k) / n;
      this.cos[k] = Math.cos(a);
      this.sin[k] = Math.sin(a);
    }
    this.rev = new Uint32Array(n);
    let bits = 0;
    while (1 << bits < n) bits++;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      this.rev[i] = r;
    }
  }

  forward(re: FftArray, im: FftArray): void {
    this.run(re, im, 1);
  }

  inverse(re: FftArray, im: FftArray): void {
    this.run(re, im, -1);
    const s = 1 / this.n;
    for (let i = 0; i < this.n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }

  /** sign 1: forward (e^{-i}), -1: inverse without scaling */
  run(re: FftArray, im: FftArray, sign: number): void {
    const n = this.n;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        const tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        const ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    const cosT = this.cos;
    const sinT = this.sin;
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0, t = 0; k < half; k++, t += step) {
          const wr = cosT[t];
          const wi = sign * sinT[t];
          const a = start + k;
          const b = a + half;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}

/**
 * Bluestein: jk = (j² + k² − (k−j)²)/2 turns the DFT into a convolution with a chirp, done with a
 * power-of-two FFT of length m ≥ 2n−1.
 */
class BluesteinPlan implements FftPlan {
  readonly n: number;
  private readonly m: number;
  private readonly inner: Radix2Plan;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** FFT of the conjugate chirp, laid out circularly */
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.m = nextPowerOfTwo(2 * n - 1);
    this.inner = new Radix2Plan(this.m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // k² mod 2n keeps the angle small, so the chirp stays accurate for large n
      const k2 = (k * k) % (2 * n);
      const a = (-Math.PI * k2) / n;
      this.chirpRe[k] = Math.cos(a);
      this.chirpIm[k] = Math.sin(a);
    }
    const m = this.m;
    this.kernelRe = new Float64Array(m);
    this.kernelIm = new Float64Array(m);
    this.kernelRe[0] = this.chirpRe[0];
    this.kernelIm[0] = -this.chirpIm[0];
    for (let k = 1; k < n; k++) {
      this.kernelRe[k] = this.kernelRe[m - k] = this.chirpRe[k];
      this.kernelIm[k] = this.kernelIm[m - k] = -this.chirpIm[k];
    }
    this.inner.run(this.kernelRe, this.kernelIm, 1);
    this.bufRe = new Float64Array(m);
    this.bufIm = new Float64Array(m);
  }

  forward(re: FftArray, im: FftArray): void {
    this.run(re, im, false);
  }

  inverse(re: FftArray, im: FftArray): void {
    this.run(re, im, true);
  }

  private run(re: FftArray, im: FftArray, inverse: boolean): void {
    const { n, m, chirpRe, chirpIm, bufRe, bufIm, kernelRe, kernelIm } = this;
    // inverse DFT = conj(forward(conj(x))) / n
    const s = inverse ? -1 : 1;
    for (let k = 0; k < n; k++) {
      const xr = re[k];
      const xi = s * im[k];
      bufRe[k] = xr * chirpRe[k] - xi * chirpIm[k];
      bufIm[k] = xr * chirpIm[k] + xi * chirpRe[k];
    }
    bufRe.fill(0, n);
    bufIm.fill(0, n);
    this.inner.run(bufRe, bufIm, 1);
    for (let k = 0; k < m; k++) {
      const ar = bufRe[k];
      const ai = bufIm[k];
      bufRe[k] = ar * kernelRe[k] - ai * kernelIm[k];
      bufIm[k] = ar * kernelIm[k] + ai * kernelRe[k];
    }
    this.inner.run(bufRe, bufIm, -1);
    const scale = inverse ? 1 / (m * n) : 1 / m;
    for (let k = 0; k < n; k++) {
      const yr = bufRe[k];
      const yi = bufIm[k];
      re[k] = (yr * chirpRe[k] - yi * chirpIm[k]) * scale;
      im[k] = s * (yr * chirpIm[k] + yi * chirpRe[k]) * scale;
    }
  }
}
