/**
 * The band-pass fitted to the data: the Fourier ring correlation (FRC) of the view nearest 0° with its two
 * neighbours, roughly aligned first under a strong low-pass, says up to which frequency the views share
 * signal; the low-pass radius is where the FRC falls below 0.5 (SNR ≈ 1), within [0.03, 0.25] cycles per
 * binned pixel. Unlike a power spectrum's noise floor (tried first), this holds for coloured noise too
 * (a detector's MTF, a series binned or smoothed before it reached us), where the floor method let through
 * enough noise for 2 px errors (0.56 px with this). Lower thresholds (0.15–0.3) measured worse on 2 e/Å² views.
 */
import { composeInPlane, type InPlaneXf } from '../../core/geometry/index.ts';
import { frequencyOf, type Spectrum2d } from '../image/fft2d.ts';
import { shiftBy, stretchX, type BinnedFrame } from '../image/frame.ts';
import { bandPassWeights, DEFAULT_BAND_PASS, taperedSpectrum, type BandPass } from '../image/spectrum.ts';
import { measureShift } from './correlate.ts';

const ROUGH: BandPass = { sigma1: 0.02, radius2: 0.05, sigma2: 0.02 };
export const FRC_THRESHOLD = 0.5;

export interface BandFitInput {
  frame: BinnedFrame;
  taper: number;
  unrotate: InPlaneXf;
  cosOf: (k: number) => number;
  view: (k: number, xf: InPlaneXf) => Float64Array;
  anchor: number;
  neighbours: number[];
}

/** Ring-averaged FRC of two spectra, one value per ring of width 1/n. */
export function ringCorrelation(a: Spectrum2d, b: Spectrum2d): Float64Array {
  const n = a.n;
  const rings = Math.floor(n / 2);
  const num = new Float64Array(rings);
  const da = new Float64Array(rings);
  const db = new Float64Array(rings);
  for (let ky = 0; ky < n; ky++) {
    for (let kx = 0; kx < n; kx++) {
      const r = Math.floor(Math.hypot(frequencyOf(kx, n), frequencyOf(ky, n)) * n);
      if (r >= rings) continue;
      const k = kx + n * ky;
      num[r] += a.re[k] * b.re[k] + a.im[k] * b.im[k];
      da[r] += a.re[k] * a.re[k] + a.im[k] * a.im[k];
      db[r] += b.re[k] * b.re[k] + b.im[k] * b.im[k];
    }
  }
  return num.map((v, r) => (da[r] > 0 && db[r] > 0 ? v / Math.sqrt(da[r] * db[r]) : 0));
}

export function fitBandPass(ctx: BandFitInput): BandPass & { frc: number[] } {
  const { frame, taper, unrotate, cosOf, view, anchor } = ctx;
  const n = frame.n;
  const ref = taperedSpectrum(view(anchor, unrotate), frame, taper);
  const rough = bandPassWeights(n, ROUGH);
  const curves: Float64Array[] = [];
  for (const j of ctx.neighbours) {
    const s = cosOf(anchor) / cosOf(j);
    const at = (mx: number, my: number) =>
      taperedSpectrum(
        view(
          j,
          composeInPlane(composeInPlane(unrotate, stretchX(s)), shiftBy(mx * frame.bin, my * frame.bin)),
        ),
        frame,
        taper,
      );
    const c = measureShift(ref, at, { weights: rough, maxShift: n / 2 - 1 });
    curves.push(ringCorrelation(ref, at(c.dx, c.dy)));
  }
  if (curves.length === 0) return { ...DEFAULT_BAND_PASS, frc: [] };
  const rings = curves[0].length;
  const frc = Array.from({ length: rings }, (_, r) => curves.reduce((s, c) => s + c[r], 0) / curves.length);
  // a 3-ring running mean, so one noisy ring does not decide
  const smooth = frc.map((_, r) => {
    const lo = Math.max(0, r - 1);
    const hi = Math.min(rings - 1, r + 1);
    let s = 0;
    for (let q = lo; q <= hi; q++) s += frc[q];
    return s / (hi - lo + 1);
  });
  const first = Math.max(1, Math.ceil(0.03 * n));
  const last = Math.floor(DEFAULT_BAND_PASS.radius2 * n);
  let radius2 = DEFAULT_BAND_PASS.radius2;
  for (let r = first; r < last; r++) {
    if (smooth[r] < FRC_THRESHOLD && smooth[r + 1] < FRC_THRESHOLD) {
      radius2 = r / n;
      break;
    }
  }
  return {
    sigma1: Math.min(DEFAULT_BAND_PASS.sigma1, radius2 / 3),
    radius2,
    sigma2: Math.max(0.01, Math.min(DEFAULT_BAND_PASS.sigma2, radius2 / 3)),
    frc,
  };
}
