/** Options of projection matching, their defaults and the stage plan they resolve to. */
import { WedgeLabError } from '../../core/errors.ts';
import { binFor } from '../image/frame.ts';
import type { BandPass } from '../image/spectrum.ts';
import type { AlignInput } from '../types.ts';

export interface PmOptions {
  /** binning of each stage, coarse to fine; default [2b, b] with b bringing the larger side to ≤ 512 px */
  binnings?: readonly number[];
  /** band-pass of each stage, cycles per binned pixel (default PM_BAND_PASS for every stage) */
  bandPasses?: readonly BandPass[];
  /** most rounds per stage (default 4) */
  maxRounds?: number;
  /** a stage has converged when no view moved by more than this × the stage's binning, full-res px (0.1) */
  tolerancePx?: number;
  /** thickness of the reconstructed volume, full-resolution px (default half the view width) */
  thicknessPx?: number;
  /** fraction of the rows, about the centre, reconstructed and matched (default 1: all of them) */
  rowFraction?: number;
  /** compare each view with a reference that leaves it out (default true; false: self-reinforcing) */
  leaveOneOut?: boolean;
  /** search the tilt-axis angle by the reprojection score, within ± axisRangeDeg of the start (default off) */
  refineAxis?: boolean;
  axisRangeDeg?: number;
  /** cosine edge taper of the correlated images, fraction of each side (default 0.1) */
  taperFraction?: number;
  /** largest correction a round may make, binned px (default an eighth of the FFT grid) */
  maxShiftPx?: number;
  /** CPU projector threads (default: all cores) */
  threads?: number;
}

/** Low-pass near 0.3 cycles/px: finer than xcorr's (the reference is an average of 60 views, not one). */
export const PM_BAND_PASS: BandPass = { sigma1: 0.02, radius2: 0.3, sigma2: 0.05 };

export interface PmStage {
  bin: number;
  bandPass: BandPass;
}

export interface PmPlan {
  stages: PmStage[];
  maxRounds: number;
  tolerancePx: number;
  thicknessPx: number;
  rowFraction: number;
  leaveOneOut: boolean;
  refineAxis: boolean;
  axisRangeDeg: number;
  taperFraction: number;
  maxShiftPx?: number;
  threads?: number;
}

function positive(name: string, v: number | undefined, fallback: number, max = Infinity): number {
  const x = v ?? fallback;
  if (!(x > 0 && x <= max))
    throw new WedgeLabError('bad-argument', `projection matching: ${name} = ${x}; expected a number in (0, ${max}]`);
  return x;
}

export function resolvePmOptions(input: AlignInput, opts: PmOptions): PmPlan {
  const fine = binFor(input.det, 512);
  const binnings = opts.binnings ?? [2 * fine, fine];
  if (binnings.length === 0 || binnings.some((b) => !Number.isInteger(b) || b < 1)) {
    throw new WedgeLabError(
      'bad-argument',
      `projection matching: binnings ${JSON.stringify(binnings)}; give whole numbers ≥ 1, coarse to fine`,
    );
  }
  const bandPasses = opts.bandPasses ?? binnings.map(() => PM_BAND_PASS);
  if (bandPasses.length !== binnings.length) {
    throw new WedgeLabError(
      'bad-argument',
      `projection matching: ${bandPasses.length} band-passes for ${binnings.length} stages; give one per binning`,
    );
  }
  const maxRounds = opts.maxRounds ?? 4;
  if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > 100) {
    throw new WedgeLabError('bad-argument', `projection matching: maxRounds = ${maxRounds}; expected 1 to 100`);
  }
  return {
    stages: binnings.map((bin, i) => ({ bin, bandPass: bandPasses[i] })),
    maxRounds,
    tolerancePx: positive('tolerancePx', opts.tolerancePx, 0.1),
    thicknessPx: positive('thicknessPx', opts.thicknessPx, Math.round(input.det.nu / 2)),
    rowFraction: positive('rowFraction', opts.rowFraction, 1, 1),
    leaveOneOut: opts.leaveOneOut ?? true,
    refineAxis: opts.refineAxis ?? false,
    axisRangeDeg: positive('axisRangeDeg', opts.axisRangeDeg, 1, 10),
    taperFraction: positive('taperFraction', opts.taperFraction, 0.1, 0.5),
    maxShiftPx: opts.maxShiftPx,
    threads: opts.threads,
  };
}
