/**
 * One stage of the axis search: the binned views, the pixel frame, the window along the axis and the spectral
 * weights, fixed for every angle the stage evaluates, so that the residuals of different angles compare.
 * A stage's score is 1 − R(φ)/P̄, R the common-line residual (consistency.ts) and P̄ the stage's median profile
 * power: 1 when every view's profile is the same, lower the more they disagree.
 */
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { BandPass } from '../image/spectrum.ts';
import { bandPass1d, fftLengthFor, profileConsistency, type AlongWindow } from './consistency.ts';
import { lineProfile, profileLength, type AxisViews, type PixelFrame } from './profiles.ts';

export interface AxisStage {
  views: AxisViews;
  frame: PixelFrame;
  window: AlongWindow;
  H: Float64Array;
  maxShift: number;
  length: number;
}

export interface Evaluation {
  angleDeg: number;
  /** the residual and power per unit of noiseWeight */
  residual: number;
  power: number;
  /** Σ weight²·W(s)² over the frame's pixels: what white noise adds to a profile's power at this angle */
  noiseWeight: number;
  /** per view (AxisViews order), the shift along the axis, binned pixels */
  shifts: number[];
}

export interface ScorePoint {
  angleDeg: number;
  score: number;
}

/**
 * A stage over `views` read through `frame`; the window along the axis covers `alongFraction` of the frame's
 * half length with a cosine over `taperFraction` of it (the rest leaves room for the views' shifts), and the
 * band-pass is given in cycles per binned pixel. Shifts along the axis are bounded by `maxShiftFraction` of
 * the frame.
 */
export function axisStage(
  views: AxisViews,
  frame: PixelFrame,
  band: BandPass,
  alongFraction = 0.9,
  taperFraction = 0.25,
  maxShiftFraction = 0.25,
): AxisStage {
  const length = profileLength(views.w, views.h);
  const half = frame.halfAlongPx;
  return {
    views,
    frame,
    window: { centre: (length - 1) / 2, half: alongFraction * half, taper: taperFraction * half },
    H: bandPass1d(fftLengthFor(length), band),
    maxShift: Math.max(2, maxShiftFraction * half),
    length,
  };
}

export function evaluate(stage: AxisStage, angleDeg: number, initial?: readonly number[]): Evaluation {
  const { views, frame, length } = stage;
  const fine = new Float64Array(4 * length + 64);
  const profiles = views.images.map((img) => {
    const p = new Float64Array(length);
    lineProfile(img, views.w, views.h, frame.weights, angleDeg, p, fine);
    return p;
  });
  const c = profileConsistency(profiles, stage.H, stage.window, views.anchor, stage.maxShift, initial);
  const nw = noiseWeight(stage, angleDeg);
  return { angleDeg, residual: c.residual / nw, power: c.power / nw, noiseWeight: nw, shifts: c.shifts };
}

/**
 * How much white pixel noise the profiles carry at this angle, Σ_p weight_p²·W(s_p)² (the window taken about
 * the frame's centre). The frame's rows across the axis change length with the angle, so the noise part of
 * the residual does too (by up to ~0.3 % per degree for a square image at 10°); dividing by this removes
 * that trend, which would otherwise pull a noisy series' optimum.
 */
function noiseWeight(stage: AxisStage, angleDeg: number): number {
  const { w, h } = stage.views;
  const wt = stage.frame.weights;
  const { half, taper } = stage.window;
  const phi = (angleDeg * Math.PI) / 180;
  const ax = -Math.sin(phi);
  const ay = Math.cos(phi);
  let sum = 0;
  for (let j = 0; j < h; j++) {
    const s0 = -((w - 1) / 2) * ax + (j - (h - 1) / 2) * ay;
    for (let i = 0; i < w; i++) {
      const p = wt[i + w * j];
      if (p === 0) continue;
      const d = half - Math.abs(s0 + i * ax);
      if (d <= 0) continue;
      const win = d >= taper ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / taper);
      sum += p * p * win * win;
    }
  }
  return sum > 0 ? sum : 1;
}

/**
 * Evaluates every angle (yielding and checking for cancel between them); each starts from the shifts of the
 * previous one when it is within `warmDeg` of it.
 */
export async function scanAngles(
  stage: AxisStage,
  anglesDeg: readonly number[],
  yielder: Yielder,
  onEach?: (done: number) => void,
  warmDeg = 1,
): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  for (const a of anglesDeg) {
    await yielder.tick();
    const prev = out[out.length - 1];
    out.push(evaluate(stage, a, prev && Math.abs(prev.angleDeg - a) <= warmDeg ? prev.shifts : undefined));
    onEach?.(out.length);
  }
  return out;
}

/** Scores 1 − R/P̄ against the median power of the evaluations (ascending angle). */
export function scores(evals: readonly Evaluation[]): ScorePoint[] {
  const powers = evals.map((e) => e.power).sort((a, b) => a - b);
  const ref = powers.length ? powers[Math.floor(powers.length / 2)] : 0;
  return [...evals]
    .sort((a, b) => a.angleDeg - b.angleDeg)
    .map((e) => ({ angleDeg: e.angleDeg, score: ref > 0 ? 1 - e.residual / ref : 0 }));
}

/**
 * Local maxima of a sampled score, best first. `periodDeg` (e.g. 180) wraps the ends around; otherwise an end
 * point counts when it beats its one neighbour.
 */
export function localMaxima(points: readonly ScorePoint[], periodDeg?: number): number[] {
  const n = points.length;
  const at = (i: number) => points[periodDeg ? (i + n) % n : Math.max(0, Math.min(n - 1, i))].score;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i > 0 || periodDeg ? at(i - 1) : -Infinity;
    const right = i < n - 1 || periodDeg ? at(i + 1) : -Infinity;
    if (points[i].score >= left && points[i].score > right) idx.push(i);
  }
  return idx.sort((a, b) => points[b].score - points[a].score);
}

/**
 * The vertex of the least-squares parabola through the points within ±halfWidthDeg of point `i`; null when
 * fewer than 3 points or the parabola does not open downwards. Also its curvature (score per deg²).
 */
export function parabolaPeak(
  points: readonly ScorePoint[],
  i: number,
  halfWidthDeg: number,
): { angleDeg: number; curvature: number } | null {
  const x0 = points[i].angleDeg;
  const sel = points.filter((p) => Math.abs(p.angleDeg - x0) <= halfWidthDeg + 1e-9);
  if (sel.length < 3) return null;
  const S = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  for (const p of sel) {
    const x = p.angleDeg - x0;
    for (let k = 0; k < 5; k++) S[k] += x ** k;
    for (let k = 0; k < 3; k++) T[k] += p.score * x ** k;
  }
  // normal equations for score ≈ c0 + c1·x + c2·x²
  const A = [
    [S[0], S[1], S[2]],
    [S[1], S[2], S[3]],
    [S[2], S[3], S[4]],
  ];
  const b = [...T];
  for (let c = 0; c < 3; c++) {
    for (let r = c + 1; r < 3; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 3; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const z = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < 3; k++) s -= A[r][k] * z[k];
    z[r] = s / A[r][r];
  }
  if (!(z[2] < 0)) return null;
  const dx = -z[1] / (2 * z[2]);
  if (!(Math.abs(dx) <= halfWidthDeg)) return null;
  return { angleDeg: x0 + dx, curvature: 2 * z[2] };
}
