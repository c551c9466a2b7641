/**
 * From the fitted bead model to what an aligner reports: a shift for every view (views with no bead take
 * the coarse shift, moved into the model's gauge; excluded views are interpolated), per-view and per-bead
 * residuals, per-view scores (fraction of the beads expected in the view that the fit used), and warnings
 * that name views and beads. Too few beads is an error, not a silent bad alignment.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { fitSpecimenShift, specimenShiftAt, type SpecimenShift } from '../../core/geometry/index.ts';
import type { AlignInput, AlignResult } from '../types.ts';
import { fillExcludedShifts, viewNames, type ViewSelection } from '../views.ts';
import { alignmentWarnings, residualOutliers } from '../warnings.ts';
import type { Polarity } from './detect.ts';
import { predictRaw } from './fit.ts';
import type { BeadScale } from './scale.ts';
import type { Tracks } from './track.ts';
import { median } from '../../core/stats.ts';

export interface BeadObservationReport {
  bead: number;
  view: number;
  /** raw-image position, full-resolution 0-based pixel indices */
  xPx: number;
  yPx: number;
  /** distance from the model's prediction, px (NaN when its bead has no position) */
  residualPx: number;
  /** false for observations the robust fit rejected */
  used: boolean;
}

export interface BeadReport {
  radiusPx: number;
  polarity: Polarity;
  /** beads seeded in the view nearest 0° */
  count: number;
  /** beads the fit used in at least half of the views */
  tracked: number;
  /** per bead, (X, Y, Z) in centred volume pixels (the volume's centre is the tilt axis); null if unsolved */
  positionsPx: ([number, number, number] | null)[];
  /** per bead, mean residual of its used observations, px */
  residualsPx: (number | null)[];
  /** per bead, how many views the fit used it in */
  viewCounts: number[];
  /** beads whose mean residual is far above the others' (indices; warnings number beads from 1) */
  outlierBeads: number[];
  /** RMS residual of all used observations, px */
  rmsResidualPx: number;
  /** robust sd of one residual coordinate, px, and what the beads' contrast alone would give */
  residualSdPx: number;
  expectedSdPx: number;
  observations: BeadObservationReport[];
}

/** residuals this many times the expected centroid error: the "beads" are not rigid points */
export const NOT_RIGID_FACTOR = 3;
/** a view needs this many used beads for its own shift; with fewer it keeps the coarse one */
export const MIN_BEADS_FOR_SHIFT = 2;
/** a view's bead shift that disagrees grossly with the coarse one is kept only with this many beads */
export const TRUSTED_BEADS = 5;
/** a view with fewer used beads than this gets a warning */
export const MIN_BEADS_PER_VIEW = 3;

const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);

export function beadReport(
  input: AlignInput,
  sel: ViewSelection,
  tracks: Tracks,
  scale: BeadScale,
  coarse: AlignResult,
  minBeads: number,
): {
  shiftsPx: [number, number][];
  viewResidualsPx: (number | null)[];
  viewScores: (number | null)[];
  warnings: string[];
  beads: BeadReport;
} {
  const { det, anglesDeg } = input;
  const m = tracks.model;
  const perView: number[][] = anglesDeg.map(() => []);
  const perBead: number[][] = Array.from({ length: tracks.nBeads }, () => []);
  tracks.observations.forEach((ob, o) => {
    if (!m.used[o]) return;
    perView[ob.view].push(m.residualsPx[o]);
    perBead[ob.bead].push(m.residualsPx[o]);
  });
  const kept = sel.byTilt.length;
  const tracked = perBead.filter((r) => r.length >= kept / 2).length;
  if (tracked < minBeads) {
    throw new WedgeLabError(
      'not-found',
      `too few gold beads: ${tracked} of ${tracks.nBeads} tracked through half of the ${kept} views (need ${minBeads}); ` +
        'align with xcorr, or give the bead radius and polarity if the series has beads',
    );
  }

  // views the model did not solve: the coarse shift, in the model's gauge (the specimen translation that
  // best maps coarse onto model shifts on the solved views). A view resting on a few beads that disagrees
  // grossly with the coarse shift has most likely matched noise spots that happen to agree, and keeps the
  // coarse shift too.
  const r = scale.radiusPx;
  const solved = sel.byTilt.filter((k) => m.shiftsPx[k] && perView[k].length >= MIN_BEADS_FOR_SHIFT);
  const coarseAt = (k: number, g: SpecimenShift): [number, number] => {
    const [gx, gy] = specimenShiftAt(g, anglesDeg[k]);
    const c = coarse.shiftsPx[k];
    return [c[0] + gx, c[1] + gy];
  };
  const gaugeOf = (views: number[]) =>
    fitSpecimenShift(
      views.map((k) => anglesDeg[k]),
      views.map((k) => minus(m.shiftsPx[k]!, coarse.shiftsPx[k])),
    );
  const limitPx = Math.max(4 * r, 0.08 * Math.max(det.nu, det.nv));
  const farOf = (g: SpecimenShift) =>
    solved.filter(
      (k) =>
        perView[k].length < TRUSTED_BEADS && Math.hypot(...minus(m.shiftsPx[k]!, coarseAt(k, g))) > limitPx,
    );
  let gauge = gaugeOf(solved);
  let far = farOf(gauge);
  if (far.length) {
    gauge = gaugeOf(solved.filter((k) => !far.includes(k)));
    far = farOf(gauge);
  }
  const keptSet = new Set(sel.byTilt);
  const raw = anglesDeg.map((_, k): [number, number] | null => {
    if (!keptSet.has(k)) return null;
    const d = m.shiftsPx[k];
    // one bead alone fits any shift exactly, a wrong match included: such a view keeps the coarse shift
    if (d && perView[k].length >= MIN_BEADS_FOR_SHIFT && !far.includes(k)) return d;
    return coarseAt(k, gauge);
  });
  const shiftsPx = fillExcludedShifts(raw, anglesDeg);

  const viewResidualsPx = anglesDeg.map((_, k) => (perView[k].length ? mean(perView[k]) : null));
  const viewScores = anglesDeg.map((a, k) => {
    if (!keptSet.has(k)) return null;
    let expected = 0;
    for (const p of m.positionsPx) {
      if (!p) continue;
      const [x, y] = predictRaw(det, m.axisRotationDeg, a, p, shiftsPx[k]);
      if (x >= r && y >= r && x <= det.nu - 1 - r && y <= det.nv - 1 - r) expected++;
    }
    return expected ? Math.min(1, perView[k].length / expected) : 0;
  });

  const warnings: string[] = [];
  const few = sel.byTilt.filter((k) => perView[k].length < MIN_BEADS_PER_VIEW);
  if (few.length) {
    warnings.push(
      `${viewNames(few, anglesDeg)} ${few.length === 1 ? 'has' : 'have'} fewer than ${MIN_BEADS_PER_VIEW} beads ` +
        `(${few.map((k) => perView[k].length).join(', ')}); a view with fewer than ${MIN_BEADS_FOR_SHIFT} keeps the coarse (xcorr) shift: check or exclude`,
    );
  }
  if (far.length) {
    warnings.push(
      `${viewNames(far, anglesDeg)} ${far.length === 1 ? 'rests' : 'rest'} on fewer than ${TRUSTED_BEADS} beads that disagree with the coarse alignment by more than ${limitPx.toFixed(0)} px (noise taken for beads?): kept the coarse shift`,
    );
  }
  const beadResiduals = perBead.map((v) => (v.length ? mean(v) : null));
  const outlierBeads = residualOutliers(beadResiduals);
  if (outlierBeads.length) {
    warnings.push(
      `${outlierBeads.length === 1 ? 'bead' : 'beads'} ${outlierBeads.map((b) => `${b + 1} (${beadResiduals[b]!.toFixed(2)} px)`).join(', ')} ` +
        `${outlierBeads.length === 1 ? 'fits' : 'fit'} the model poorly (median ${median(beadResiduals.filter((x): x is number => x !== null)).toFixed(2)} px): merged, moving or not gold?`,
    );
  }
  const meanResidual = mean(perView.flat());
  // what the beads' contrast over the pixel noise allows: centroid error ≈ 0.9 r / SNR per axis (measured
  // on simulated gold), plus 0.1 px for sampling and neighbours. Specimen texture is not counted as noise
  // here, so specimen features that do not move as rigid points stand out.
  const snr = median(scale.anchorPeaks.map((p) => p.peak)) / scale.whiteSd;
  const expectedSd = 0.1 + (0.9 * r) / snr;
  if (m.sigmaPx > Math.max(0.3, NOT_RIGID_FACTOR * expectedSd)) {
    warnings.push(
      `bead residuals (${m.sigmaPx.toFixed(2)} px sd) are ${(m.sigmaPx / expectedSd).toFixed(0)}× what their contrast allows: ` +
        'they move like specimen features, not rigid gold beads; check the alignment or use xcorr',
    );
  } else if (meanResidual > Math.max(1.5, 0.15 * r)) {
    warnings.push(
      `the bead model leaves a mean residual of ${meanResidual.toFixed(2)} px (weak or few beads?); check the aligned stack`,
    );
  }
  if (scale.oppositePeaks >= Math.max(3, scale.anchorPeaks.length / 2)) {
    warnings.push(
      `${viewNames([sel.byTilt[sel.anchor]], anglesDeg)} has as many strong spots of the opposite contrast as beads: they may be specimen texture, not gold; check the polarity`,
    );
  }
  if (Math.abs(m.axisRotationDeg - input.axisRotationDeg) > 0.05) {
    warnings.push(
      `tilt-axis angle refined from ${input.axisRotationDeg.toFixed(2)}° to ${m.axisRotationDeg.toFixed(2)}° by the bead model`,
    );
  }
  warnings.push(
    ...alignmentWarnings(input, { shiftsPx, residualsPx: viewResidualsPx, excluded: sel.excluded }),
  );

  const observations = tracks.observations.map((ob, o) => {
    const p = m.positionsPx[ob.bead];
    const d = shiftsPx[ob.view];
    const res = p
      ? Math.hypot(...minus([ob.xPx, ob.yPx], predictRaw(det, m.axisRotationDeg, anglesDeg[ob.view], p, d)))
      : NaN;
    return { ...ob, residualPx: res, used: m.used[o] };
  });
  return {
    shiftsPx,
    viewResidualsPx,
    viewScores,
    warnings,
    beads: {
      radiusPx: r,
      polarity: scale.polarity,
      count: tracks.nBeads,
      tracked,
      positionsPx: m.positionsPx,
      residualsPx: beadResiduals,
      viewCounts: perBead.map((v) => v.length),
      outlierBeads,
      rmsResidualPx: m.rmsPx,
      residualSdPx: m.sigmaPx,
      expectedSdPx: expectedSd,
      observations,
    },
  };
}

const minus = (a: readonly number[], b: readonly number[]): [number, number] => [a[0] - b[0], a[1] - b[1]];
