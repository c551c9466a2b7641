/**
 * Bead size and polarity from the data, on the view nearest 0°. The DoG of detect.ts, with its widths
 * proportional to the trial radius, responds most strongly to a bead when the trial radius matches (for a
 * narrower filter the bead's top is flat, for a wider one its mass spreads over the filter), so the radius
 * is the trial with the strongest typical bead peak. Polarity: gold is far denser than anything around it,
 * so its peaks stand out on one side of the response only; 'auto' takes the side whose strongest peaks are
 * the stronger (dark in counts, bright in projection units).
 */
import type { DetectorDims } from '../../core/geometry/index.ts';
import { findPeaks, viewResponse, type BeadCandidate, type Polarity } from './detect.ts';

export const TRIAL_RADII_PX = [1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40];
/** colloidal gold fiducials are 5–20 nm across: with a known pixel size only these radii are tried */
export const GOLD_RADIUS_RANGE_A: readonly [number, number] = [20, 100];
/** how many of the strongest peaks make a view's typical bead peak */
export const TYPICAL_OF = 5;
/** a seed bead's response over the noise (robust sd of the response) */
export const SEED_SNR = 3.5;

export interface BeadScale {
  radiusPx: number;
  polarity: Polarity;
  /** median response of the strongest TYPICAL_OF peaks of the anchor view (image units) */
  typicalPeak: number;
  /** the anchor view's candidates at this scale (seed threshold), strongest first */
  anchorPeaks: BeadCandidate[];
  /** peaks over the same threshold with the other polarity: many means a specimen texture, not gold */
  oppositePeaks: number;
  /** the anchor response's sd from pixel noise alone (detect.ts whiteSd) */
  whiteSd: number;
}

/** SNR above this counts as plainly visible: among such trials the strongest response wins */
const SNR_CAP = 100;
/** seeds and tracking candidates must be this round (detect.ts): edges and elongated features are not gold */
export const MIN_ROUNDNESS = 0.4;

/** Median of the strongest TYPICAL_OF values, missing ones counted as 0: a trial needs ≥ 3 strong peaks. */
const typical = (peaks: BeadCandidate[], key: (p: BeadCandidate) => number = (p) => p.peak) => {
  const top = peaks
    .map(key)
    .sort((a, b) => b - a)
    .slice(0, TYPICAL_OF);
  while (top.length < TYPICAL_OF) top.push(0);
  return top[TYPICAL_OF >> 1];
};

function peaksAt(
  data: Float32Array,
  det: DetectorDims,
  view: number,
  radiusPx: number,
  polarity: Polarity,
): { peaks: BeadCandidate[]; whiteSd: number } {
  const vr = viewResponse(data, det, view, radiusPx, polarity);
  const all = findPeaks(vr, radiusPx, SEED_SNR * vr.noiseSd).filter((p) => p.roundness >= MIN_ROUNDNESS);
  // noise-free data: the noise floor is ~0, so keep only peaks that are bead-like in strength
  const floor = 0.25 * typical(all);
  return { peaks: all.filter((p) => p.peak >= floor), whiteSd: vr.whiteSd };
}

export function chooseBeadScale(
  data: Float32Array,
  det: DetectorDims,
  anchorView: number,
  radiusPx: number | undefined,
  polarity: Polarity | 'auto',
  pixelSizeA?: number,
): BeadScale {
  const maxRadius = Math.max(1.5, 0.06 * Math.min(det.nu, det.nv));
  const fits = TRIAL_RADII_PX.filter((r) => r <= maxRadius);
  const [lo, hi] = GOLD_RADIUS_RANGE_A.map((a) => a / (pixelSizeA ?? NaN));
  const gold = fits.filter((r) => r >= lo && r <= hi);
  const radii = radiusPx !== undefined ? [radiusPx] : gold.length ? gold : fits;
  const sides: Polarity[] = polarity === 'auto' ? ['bright', 'dark'] : [polarity];
  // matched filter: the trial with the highest typical SNR; among noise-free ones the strongest response
  let best: BeadScale | undefined;
  let bestSnr = -1;
  for (const r of radii) {
    for (const side of sides) {
      const { peaks, whiteSd } = peaksAt(data, det, anchorView, r, side);
      const t = typical(peaks);
      const snr = typical(peaks, (p) => Math.min(SNR_CAP, p.snr));
      if (!best || snr > bestSnr || (snr === bestSnr && t > best.typicalPeak)) {
        best = { radiusPx: r, polarity: side, typicalPeak: t, anchorPeaks: peaks, oppositePeaks: 0, whiteSd };
        bestSnr = snr;
      }
    }
  }
  const chosen = best!;
  const other: Polarity = chosen.polarity === 'bright' ? 'dark' : 'bright';
  const opposite = peaksAt(data, det, anchorView, chosen.radiusPx, other).peaks;
  chosen.oppositePeaks = opposite.filter((p) => p.peak >= 0.5 * chosen.typicalPeak).length;
  return chosen;
}
