/**
 * Image formation of one view after the projection p (line integrals of the truth, projection units):
 *   1. spectrum: P'(q) = P(q) · D(q, N) · C(q), with D = Grant & Grigorieff exposure attenuation for the dose N
 *      received up to the middle of this exposure, and C = −CTF(q) (weak-phase CTF, contrast-inverted so
 *      density stays bright, as reconstructions are displayed; C(0) = amplitude contrast);
 *   2. counts ~ Poisson(N0 · exp(−μ·p')) with N0 = dose · pixelSizeA² · beam factor (Beer–Lambert);
 *   3. back to projection units: p̂ = −ln(counts / N0) / μ (a per-view flat-field normalisation).
 */
import { ctfValue, exposureAttenuation, type CtfParams } from '../../core/acquisition/index.ts';
import { fft3dInPlace } from '../../core/fft/index.ts';
import type { Rng } from '../../core/phantoms/index.ts';
import { samplePoisson } from './poisson.ts';

/** |q| depends on (|i|, |j|) only: tables cover one quadrant, (nx/2+1) × (ny/2+1) entries. */
export class SpectralFilter {
  readonly qx: number;
  readonly qy: number;
  private readonly ctf: Float64Array | undefined;
  private readonly table: Float64Array;
  private readonly tableB: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(
    readonly nx: number,
    readonly ny: number,
    readonly pixelSizeA: number,
    ctf?: CtfParams,
  ) {
    this.qx = Math.floor(nx / 2) + 1;
    this.qy = Math.floor(ny / 2) + 1;
    this.table = new Float64Array(this.qx * this.qy);
    this.tableB = new Float64Array(this.qx * this.qy);
    this.re = new Float64Array(nx * ny);
    this.im = new Float64Array(nx * ny);
    if (ctf) {
      this.ctf = new Float64Array(this.qx * this.qy);
      for (let b = 0; b < this.qy; b++)
        for (let a = 0; a < this.qx; a++) this.ctf[a + this.qx * b] = -ctfValue(this.freqPerA(a, b), ctf);
    }
  }

  /** |q| in 1/Å of quadrant entry (a, b) = (|i|, |j|) frequency indices. */
  freqPerA(a: number, b: number): number {
    return Math.hypot(a / this.nx, b / this.ny) / this.pixelSizeA;
  }

  /** Multiplier of quadrant entry (a, b) for an exposure N (e/Å²). */
  gain(a: number, b: number, exposureEA2: number): number {
    const d = exposureEA2 > 0 ? exposureAttenuation(this.freqPerA(a, b), exposureEA2) : 1;
    return this.ctf ? d * this.ctf[a + this.qx * b] : d;
  }

  /** Filters nx·ny values of `view` from `offset` in place. */
  apply(view: Float32Array, offset: number, exposureEA2: number): void {
    this.applyPair(view, offset, exposureEA2);
  }

  /**
   * Filters one or two views with ONE complex FFT (view a in the real part, b in the imaginary part).
   * With Z = F(a + ib) and real, even gains Ha, Hb: Z'(k) = s·Z(k) + d·conj Z(−k), s = (Ha+Hb)/2,
   * d = (Ha−Hb)/2, which is F(Ha∗a + i·Hb∗b); half the FFT work of filtering the views one by one.
   */
  applyPair(view: Float32Array, offA: number, expA: number, offB?: number, expB = expA): void {
    const { nx, ny, qx, re, im, table, tableB } = this;
    const n = nx * ny;
    for (let b = 0; b < this.qy; b++) {
      for (let a = 0; a < qx; a++) {
        table[a + qx * b] = this.gain(a, b, expA);
        tableB[a + qx * b] = offB === undefined ? table[a + qx * b] : this.gain(a, b, expB);
      }
    }
    for (let i = 0; i < n; i++) re[i] = view[offA + i];
    if (offB === undefined) im.fill(0);
    else for (let i = 0; i < n; i++) im[i] = view[offB + i];
    fft3dInPlace(re, im, nx, ny, 1);
    for (let j = 0; j < ny; j++) {
      const jm = j === 0 ? 0 : ny - j;
      const b = j <= ny - j ? j : ny - j;
      for (let i = 0; i < nx; i++) {
        const p = i + nx * j;
        const m = (i === 0 ? 0 : nx - i) + nx * jm;
        if (m < p) continue; // done together with its mirror
        const t = (i <= nx - i ? i : nx - i) + qx * b;
        const s = (table[t] + tableB[t]) / 2;
        const d = (table[t] - tableB[t]) / 2;
        const zr = re[p];
        const zi = im[p];
        const wr = re[m];
        const wi = im[m];
        re[p] = s * zr + d * wr;
        im[p] = s * zi - d * wi;
        if (m !== p) {
          re[m] = s * wr + d * zr;
          im[m] = s * wi - d * zi;
        }
      }
    }
    fft3dInPlace(re, im, nx, ny, 1, true);
    for (let i = 0; i < n; i++) view[offA + i] = re[i];
    if (offB !== undefined) for (let i = 0; i < n; i++) view[offB + i] = im[i];
  }
}

/**
 * Beer–Lambert + Poisson on n values of `view` from `offset`, in place: expected counts N0·exp(−μ·p),
 * then p̂ = −ln(max(counts, ½) / N0) / μ (½ keeps a rare zero count finite).
 */
export function addShotNoise(
  view: Float32Array,
  offset: number,
  n: number,
  countsPerPixel: number,
  attenuationPerUnit: number,
  rng: Rng,
): void {
  const mu = attenuationPerUnit;
  for (let i = offset; i < offset + n; i++) {
    const c = samplePoisson(rng, countsPerPixel * Math.exp(-mu * view[i]));
    view[i] = -Math.log(Math.max(c, 0.5) / countsPerPixel) / mu;
  }
}

/** Largest 0° ray sum (column sum along z) of a volume: sets μ from the requested contrast. */
export function maxColumnSum(data: Float32Array, nx: number, ny: number, nz: number): number {
  const acc = new Float64Array(nx * ny);
  for (let z = 0; z < nz; z++) {
    const o = nx * ny * z;
    for (let i = 0; i < nx * ny; i++) acc[i] += data[o + i];
  }
  let best = 0;
  for (let i = 0; i < acc.length; i++) if (acc[i] > best) best = acc[i];
  return best;
}

/** Fraction of the beam left after the specimen at tilt θ: exp(−t / (λ·cos θ)). */
export function beamFactor(angleDeg: number, thicknessNm: number, meanFreePathNm: number): number {
  return Math.exp(-thicknessNm / (meanFreePathNm * Math.cos((angleDeg * Math.PI) / 180)));
}
