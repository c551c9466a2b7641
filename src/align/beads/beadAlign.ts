/**
 * Gold-bead fiducial alignment: `wedgelab align --method beads`. Coarse xcorr alignment → bead size and
 * polarity from the view nearest 0° → candidates in every view → tracking outwards from that view →
 * robust least-squares fiducial model (bead positions, per-view shifts, the tilt-axis angle). See
 * README.md in this folder for the model and its limits.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { rotationInPlane } from '../../core/geometry/index.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { selectViews, viewNames } from '../views.ts';
import { xcorrAlign } from '../xcorr/xcorrAlign.ts';
import { findPeaks, viewResponse, type BeadCandidate, type Polarity } from './detect.ts';
import { beadReport, type BeadReport } from './report.ts';
import { chooseBeadScale, MIN_ROUNDNESS } from './scale.ts';
import { trackBeads } from './track.ts';

export interface BeadAlignOptions {
  /**
   * bead radius in full-resolution pixels; default: the best of a range of trial radii on the 0° view
   * (those of 5–20 nm gold when the input has a pixel size)
   */
  beadRadiusPx?: number;
  /** 'dark' for intensity data (counts), 'bright' for projection units or inverted data; default 'auto' */
  polarity?: Polarity | 'auto';
  /** refine the tilt-axis angle (default true) */
  fitAxis?: boolean;
  /** a coarse alignment of the same series to predict from; default xcorrAlign(input) */
  coarse?: AlignResult;
  /** fewer beads than this tracked through half the views is an error; default 3 */
  minBeads?: number;
  /** at most this many seed beads (the strongest); default 200 */
  maxBeads?: number;
}

export type BeadAlignResult = AlignResult & { beads: BeadReport };

/** a tracking candidate's response over the noise; seeds need SEED_SNR (scale.ts) */
export const TRACK_SNR = 3;
/** tracking candidates may be a little less round than seeds (noise at low SNR) */
const TRACK_ROUNDNESS = 0.75 * MIN_ROUNDNESS;

export async function beadAlign(
  input: AlignInput,
  opts: BeadAlignOptions = {},
  hooks: AlignHooks = {},
): Promise<BeadAlignResult> {
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const progress = (from: number, to: number) => (f: number, d: string) =>
    hooks.onProgress?.(from + (to - from) * f, d);
  const sel = selectViews(input);
  if (sel.byTilt.length < 3) {
    throw new WedgeLabError(
      'bad-argument',
      `bead alignment needs at least 3 usable views, got ${sel.byTilt.length}`,
    );
  }
  const coarse =
    opts.coarse ?? (await xcorrAlign(input, {}, { signal: hooks.signal, onProgress: progress(0, 0.35) }));
  const anchor = sel.byTilt[sel.anchor];
  const name = (k: number) => viewNames([k], input.anglesDeg);
  const scale = chooseBeadScale(
    input.data,
    input.det,
    anchor,
    opts.beadRadiusPx,
    opts.polarity ?? 'auto',
    input.pixelSizeA,
  );
  const minBeads = opts.minBeads ?? 3;
  const seeds = scale.anchorPeaks.slice(0, opts.maxBeads ?? 200);
  if (seeds.length < minBeads) {
    throw new WedgeLabError(
      'not-found',
      `no gold beads: ${seeds.length} bead-like spots in ${name(anchor)} (need ${minBeads}); ` +
        'align with xcorr, or give the bead radius and polarity if the series has beads',
    );
  }

  // candidates in every kept view, with the tracking threshold and a floor from the seeds' strength
  const candidates: (BeadCandidate[] | null)[] = input.anglesDeg.map(() => null);
  for (let i = 0; i < sel.byTilt.length; i++) {
    await yielder.tick();
    const k = sel.byTilt[i];
    hooks.onProgress?.(0.35 + (0.35 * i) / sel.byTilt.length, `finding beads in ${name(k)}`);
    const vr = viewResponse(input.data, input.det, k, scale.radiusPx, scale.polarity);
    const floor = Math.max(TRACK_SNR * vr.noiseSd, 0.25 * scale.typicalPeak);
    candidates[k] = findPeaks(vr, scale.radiusPx, floor).filter((p) => p.roundness >= TRACK_ROUNDNESS);
  }
  const tracks = await trackBeads(
    input,
    sel,
    candidates,
    seeds,
    { radiusPx: scale.radiusPx, coarseShiftsPx: coarse.shiftsPx, fitAxis: opts.fitAxis ?? true },
    { signal: hooks.signal, onProgress: progress(0.7, 0.98) },
  );
  const report = beadReport(input, sel, tracks, scale, coarse, minBeads);
  hooks.onProgress?.(1, 'bead model');
  const axis = tracks.model.axisRotationDeg;
  return {
    method: 'beads',
    transforms: report.shiftsPx.map(([dx, dy]) => rotationInPlane(-axis, dx, dy)),
    shiftsPx: report.shiftsPx,
    residualsPx: report.viewResidualsPx,
    scores: report.viewScores,
    axisRotationDeg: axis,
    tiltOffsetDeg: 0,
    excludedViews: sel.excluded,
    warnings: [...sel.notices, ...report.warnings],
    converged: tracks.model.converged,
    iterations: tracks.model.rounds,
    beads: report.beads,
  };
}
