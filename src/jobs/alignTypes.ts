/**
 * What the recon worker's align job (and a reconstruction that aligned first) hands the page: the alignment in
 * a few hundred numbers (per-view transforms, shifts, residuals), small enough for the store. View numbers are
 * stack indices from 0, as src/align reports them.
 */
import type { InPlaneXf } from '../core/geometry/index.ts';
import type { Recipe } from '../pipeline/index.ts';

export interface AlignmentSummary {
  method: string;
  /** per view, raw → aligned (IMOD .xf) */
  transforms: InPlaneXf[];
  /** per view, the .xf dx, dy in full-resolution pixels */
  shiftsPx: [number, number][];
  /** per view, the aligner's consistency residual in pixels; null for excluded views */
  residualsPx: (number | null)[];
  /** views whose residual is an outlier (src/align residualOutliers) */
  outlierViews: number[];
  scores: (number | null)[];
  axisRotationDeg: number;
  tiltOffsetDeg: number;
  /** the tilt angles the series was aligned with (import options applied), before tiltOffsetDeg */
  anglesDeg: number[];
  /** the user's and the detected ones, ascending */
  excludedViews: number[];
  /** the aligner's own lines, naming views */
  warnings: string[];
  converged: boolean;
  iterations: number;
  seconds: number;
  /** with an axis search: its score against the angle (ascending), how the 180° twin was resolved, its time */
  axisSearch?: { scores: { angleDeg: number; score: number }[]; ambiguity180: string; seconds: number };
}

export interface AlignJobResult {
  /** the recipe as run (defaults filled in, the stack's sizes recorded) */
  recipe: Recipe;
  alignment: AlignmentSummary;
  /** every line the run reported (recipe notes and the aligner's, prefixed 'align: ') */
  warnings: string[];
  nu: number;
  nv: number;
  axisFrom: string;
}
