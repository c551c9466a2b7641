/**
 * How noisy the data are, measured from the data: the shot-noise level the synthetic training pairs are given.
 *
 * Noise variance: Immerkær's estimator (1996). The mask [1 −2 1; −2 4 −2; 1 −2 1] is a product of two second
 * differences, so it cancels a locally linear signal; on white noise of variance σ² its output has variance
 * 36σ². σ² = Σ(I∗M)² / (36·count) over the interior; the signal's curvature adds a little, so this is an upper
 * bound that is tight on the smooth, shot-noise-dominated views of cryo-ET (measured in noise.test.ts).
 *
 * Dose: where the data are counts (non-negative and the mean well above the noise sd, i.e. intensities as the
 * camera wrote them, possibly times a gain g), Poisson gives var = g·mean, so g = σ²/mean and the counts per
 * pixel are λ = mean²/σ²; with a pixel size the dose is λ/pixelSizeA² e/Å². Data that are not counts
 * (log-normalised projections, mean-subtracted or float-scaled stacks: IMOD's and our simulator's output)
 * carry no dose in their mean; then the noise is modelled as Gaussian with the measured variance, which is
 * what Poisson noise looks like at the tens of counts per pixel or more of any tilt series after binning.
 */

export interface NoiseModel {
  /** 'counts': Poisson with gain `gain`; 'gaussian': additive Gaussian of `sd` (data not in counts) */
  kind: 'counts' | 'gaussian';
  /** noise standard deviation per pixel of the image it was measured on */
  sd: number;
  /** mean of the image it was measured on */
  mean: number;
  /** data units per count (counts only): var = gain · mean */
  gain?: number;
  /** mean counts per pixel (counts only) */
  countsPerPx?: number;
  /** dose per view, e/Å² (counts with a known pixel size only) */
  doseEA2?: number;
}

/** Immerkær's noise variance of a w × h image, NaN pixels skipped (a mask touching one is not counted). */
export function noiseVariance(img: ArrayLike<number>, w: number, h: number): number {
  let s = 0;
  let count = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = x + w * y;
      const a = img[p - w - 1] - 2 * img[p - w] + img[p - w + 1];
      const b = img[p - 1] - 2 * img[p] + img[p + 1];
      const c = img[p + w - 1] - 2 * img[p + w] + img[p + w + 1];
      const v = a - 2 * b + c;
      if (Number.isNaN(v)) continue;
      s += v * v;
      count++;
    }
  }
  return count > 0 ? s / (36 * count) : NaN;
}

function meanOf(img: ArrayLike<number>): { mean: number; min: number } {
  let s = 0;
  let n = 0;
  let min = Infinity;
  for (let p = 0; p < img.length; p++) {
    const v = img[p];
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
    if (v < min) min = v;
  }
  return { mean: n ? s / n : NaN, min };
}

/** A data set is in counts when it is non-negative with a mean above this many noise sds (Poisson: √λ). */
export const COUNTS_MEAN_SDS = 3;

/**
 * The noise model of one image (w × h, NaN = outside). `pixelSizeA` is the size of this image's pixels
 * (binned: bin × the detector's), used only to turn counts into a dose.
 */
export function estimateNoise(img: ArrayLike<number>, w: number, h: number, pixelSizeA?: number): NoiseModel {
  const sd = Math.sqrt(Math.max(0, noiseVariance(img, w, h)));
  const { mean, min } = meanOf(img);
  if (min >= 0 && sd > 0 && mean > COUNTS_MEAN_SDS * sd) {
    const gain = (sd * sd) / mean;
    const countsPerPx = mean / gain;
    return {
      kind: 'counts',
      sd,
      mean,
      gain,
      countsPerPx,
      ...(pixelSizeA && pixelSizeA > 0 ? { doseEA2: countsPerPx / (pixelSizeA * pixelSizeA) } : {}),
    };
  }
  return { kind: 'gaussian', sd, mean };
}

/** One line for the result's warnings/notes: what noise the training pairs were given and why. */
export function describeNoise(m: NoiseModel): string {
  if (m.kind === 'counts') {
    const dose = m.doseEA2 !== undefined ? `, ${m.doseEA2.toPrecision(3)} e/Å² per view` : '';
    return `training noise: Poisson at ${m.countsPerPx!.toPrecision(3)} counts per binned pixel${dose} (gain ${m.gain!.toPrecision(3)}), from the views' mean/variance`;
  }
  return `training noise: Gaussian, sd ${m.sd.toPrecision(3)} per binned pixel (data not in counts, so no dose can be read from them)`;
}
