/**
 * Alignment results in IMOD terms. A view's transform maps the RAW image onto the ALIGNED one about the
 * image centre (.xf semantics, src/core/geometry/types.ts): first a rotation by −axisRotationDeg, which puts
 * the tilt axis on +y, then the shift (dx, dy) in the aligned frame. So `transforms[k]` is exactly
 * rotationInPlane(−axisRotationDeg, shiftsPx[k][0], shiftsPx[k][1]) unless a refinement added per-view
 * rotation or magnification.
 */
import type { DetectorDims, InPlaneXf } from '../core/geometry/index.ts';

export const ALIGN_METHODS = ['xcorr', 'pm', 'cnn', 'beads'] as const;
export type AlignMethod = (typeof ALIGN_METHODS)[number];

/** A raw tilt series as the aligners read it. */
export interface AlignInput {
  /** views in stack order, nu·nv each, x fastest (index u + nu·(v + nv·view)) */
  data: Float32Array;
  det: DetectorDims;
  /** nominal tilt angle of each view, degrees */
  anglesDeg: readonly number[];
  /** tilt-axis angle of the raw images, degrees CCW from +y (docs/geometry.md); the search starts here */
  axisRotationDeg: number;
  /** views the user excluded (stack indices); dark or blank views are added to these automatically */
  excludedViews?: readonly number[];
  pixelSizeA?: number;
}

export interface AlignHooks {
  signal?: AbortSignal;
  /** fraction in [0, 1] and a short note */
  onProgress?: (fraction: number, detail: string) => void;
}

export interface AlignResult {
  method: AlignMethod;
  /** per view, raw → aligned (IMOD .xf); excluded views get their neighbours' interpolated shift */
  transforms: InPlaneXf[];
  /** per view, the shift of the aligned frame (the .xf dx, dy), full-resolution pixels */
  shiftsPx: [number, number][];
  /** per view, a consistency residual in pixels (method-specific, see each aligner); null for excluded views */
  residualsPx: (number | null)[];
  /** normalised correlation of each view with its reference (null for excluded views) */
  scores: (number | null)[];
  axisRotationDeg: number;
  /** refined tilt = nominal + tiltOffsetDeg */
  tiltOffsetDeg: number;
  /** every view excluded, the user's and the detected ones, ascending */
  excludedViews: number[];
  /** one line each, naming the views */
  warnings: string[];
  /** false when an iterative refinement stopped at its iteration limit with the shifts still moving */
  converged: boolean;
  /** iterations run (1 for a single pass) */
  iterations: number;
  /** with an axis search: its score against the angle (for a plot), and how the 180° twin was resolved */
  axisSearch?: { scores: { angleDeg: number; score: number }[]; ambiguity180: string; seconds: number };
  /** with an axis search: the tilt-offset estimate, whether it was applied, and what it rests on */
  offsetSearch?: { tiltOffsetDeg: number; method: string; applied: boolean; basis: string };
}
