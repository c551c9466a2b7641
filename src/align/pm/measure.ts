/**
 * The measuring half of a projection-matching round: the views resampled into the aligned, binned working
 * frame (a band of rows about the centre), and each view correlated with its reprojection.
 */
import {
  composeInPlane,
  fitSpecimenShift,
  rotationInPlane,
  specimenShiftAt,
  type InPlaneXf,
} from '../../core/geometry/index.ts';
import { nextPowerOfTwo } from '../../core/fft/index.ts';
import type { Yielder } from '../../recon/algorithms/hooks.ts';
import { binnedFrame, sampleRaw, type BinnedFrame } from '../image/frame.ts';
import { taperedSpectrum } from '../image/spectrum.ts';
import type { AlignInput } from '../types.ts';
import { crossCorrelate, type Correlation } from '../xcorr/correlate.ts';
import type { RingStats } from './weights.ts';

/** The working frame of a stage: binned, cut to `rows` rows starting at binned row `y0`. */
export interface SlabFrame {
  frame: BinnedFrame;
  y0: number;
}

export function slabFrame(input: AlignInput, bin: number, rowFraction: number): SlabFrame {
  const full = binnedFrame(input.det, bin);
  const rows = Math.max(8, Math.min(full.h, Math.round(rowFraction * full.h)));
  const y0 = Math.floor((full.h - rows) / 2);
  const n = nextPowerOfTwo(Math.max(full.w, rows));
  return {
    frame: { ...full, h: rows, n, offX: Math.floor((n - full.w) / 2), offY: Math.floor((n - rows) / 2) },
    y0,
  };
}

/** raw → aligned for a view: the axis rotation undone, then the shift (full-resolution .xf terms). */
export function viewXf(axisRotationDeg: number, shift: readonly [number, number]): InPlaneXf {
  return rotationInPlane(-axisRotationDeg, shift[0], shift[1]);
}

/**
 * Each kept view resampled through its transform (`xfs[i]` for view `kept[i]`) into the slab (NaN outside the raw image), and a finite copy
 * for the reconstruction: NaN replaced by the view's mean, views packed in the order of `kept`.
 */
export async function sampleViews(
  input: AlignInput,
  slab: SlabFrame,
  kept: readonly number[],
  xfs: readonly InPlaneXf[],
  yielder: Yielder,
): Promise<{ measured: Float64Array[]; packed: Float32Array }> {
  const { frame, y0 } = slab;
  const plane = input.det.nu * input.det.nv;
  const size = frame.w * frame.h;
  // the slab's row 0 is binned row y0: sample the frame moved up by bin·y0 full-resolution pixels
  const up: InPlaneXf = { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: -frame.bin * y0 };
  const packed = new Float32Array(size * kept.length);
  const measured: Float64Array[] = [];
  for (const [i, k] of kept.entries()) {
    await yielder.tick();
    const raw = input.data.subarray(k * plane, (k + 1) * plane);
    const img = sampleRaw(raw, input.det, composeInPlane(xfs[i], up), frame);
    measured.push(img);
    let sum = 0;
    let count = 0;
    for (let p = 0; p < size; p++) {
      if (!Number.isNaN(img[p])) {
        sum += img[p];
        count++;
      }
    }
    const mean = count ? sum / count : 0;
    for (let p = 0; p < size; p++) packed[i * size + p] = Number.isNaN(img[p]) ? mean : img[p];
  }
  return { measured, packed };
}

export interface MatchOptions {
  weights: Float64Array;
  taperFraction: number;
  /** binned pixels */
  maxShift: number;
  /** accumulates the ring correlation of views and references (weights.ts) */
  stats?: RingStats;
}

/**
 * Each measured view against its reprojection (pixels where the view is missing are missing in both). The
 * correlation's shift (binned px) moves the view onto its reprojection.
 */
export async function matchViews(
  measured: readonly Float64Array[],
  reprojected: Float32Array,
  frame: BinnedFrame,
  opts: MatchOptions,
  yielder: Yielder,
): Promise<Correlation[]> {
  const size = frame.w * frame.h;
  const out: Correlation[] = [];
  const ref = new Float64Array(size);
  for (const [i, mov] of measured.entries()) {
    await yielder.tick();
    for (let p = 0; p < size; p++) ref[p] = Number.isNaN(mov[p]) ? NaN : reprojected[i * size + p];
    const refSpec = taperedSpectrum(ref, frame, opts.taperFraction);
    const movSpec = taperedSpectrum(mov, frame, opts.taperFraction);
    opts.stats?.add(movSpec, refSpec);
    out.push(crossCorrelate(refSpec, movSpec, { weights: opts.weights, maxShift: opts.maxShift }));
  }
  return out;
}

/**
 * The updates (full-resolution px, one per kept view) less their best fit by a rigid translation of the
 * specimen, (X0·cos θ + Z0·sin θ, Y0): that part only moves the tomogram, nothing in the views can fix it,
 * and leaving it in lets the whole series drift from round to round.
 */
export function removeRigidPart(updates: [number, number][], anglesDeg: readonly number[]): void {
  const fit = fitSpecimenShift(anglesDeg, updates);
  updates.forEach((u, i) => {
    const [dx, dy] = specimenShiftAt(fit, anglesDeg[i]);
    u[0] -= dx;
    u[1] -= dy;
  });
}
