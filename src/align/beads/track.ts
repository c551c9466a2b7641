/**
 * Tracking in the manner of IMOD's beadtrack, simplified. Seeds are the beads of the view nearest 0°.
 * Views are visited outwards from it, alternating sides, so both halves of the series constrain each bead's
 * height early. For each view, every bead is predicted from its current 3D estimate (Z from its views so
 * far, or 0 until it has two tilts) and the neighbour's shift plus the coarse (xcorr) shift increment. The
 * predictions are then moved as one by the translation that the most beads agree on (a vote over
 * bead–candidate pairs), which absorbs an error of the coarse alignment; each bead then takes the nearest
 * candidate within the match radius, if that is unambiguous. The whole model is re-fitted whenever the
 * tracked part of the series has grown by a third, and once more at the end, after which a second pass
 * fills each bead's gaps from the model's predictions.
 */
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import type { ViewSelection } from '../views.ts';
import type { BeadCandidate } from './detect.ts';
import { fitBeadModel, predictRaw, type FitResult } from './fit.ts';
import { CandidateGrid, matchAll, voteShift, type Prediction } from './match.ts';
import type { Observation } from './solve.ts';

export interface TrackOptions {
  radiusPx: number;
  /** per view (stack order), the coarse shifts (.xf dx, dy) */
  coarseShiftsPx: readonly [number, number][];
  fitAxis: boolean;
  /** how far the vote may move the predictions, px; default max(3 radii, 12 px) */
  searchPx?: number;
}

export interface Tracks {
  nBeads: number;
  observations: Observation[];
  model: FitResult;
}

interface Bead {
  pos: [number, number, number];
  /** whether Z came from two or more tilts */
  zKnown: boolean;
  seen: Map<number, [number, number]>;
}

const DEG = Math.PI / 180;
/** the axis angle is only fitted once the tracked views reach this tilt (it is poorly defined near 0°) */
export const AXIS_SPAN_DEG = 30;
/** beads closer than this many radii in a view are not measured there */
export const CROWD_RADII = 2.5;

/** Views in visiting order: the anchor, then outwards alternating sides; each with its inner neighbour. */
function visitOrder(sel: ViewSelection): { view: number; side: -1 | 1 }[] {
  const out: { view: number; side: -1 | 1 }[] = [{ view: sel.byTilt[sel.anchor], side: 1 }];
  for (let step = 1; step < sel.byTilt.length; step++) {
    const up = sel.anchor + step;
    const down = sel.anchor - step;
    if (up < sel.byTilt.length) out.push({ view: sel.byTilt[up], side: 1 });
    if (down >= 0) out.push({ view: sel.byTilt[down], side: -1 });
  }
  return out;
}

export async function trackBeads(
  input: AlignInput,
  sel: ViewSelection,
  candidates: readonly (readonly BeadCandidate[] | null)[],
  seeds: readonly BeadCandidate[],
  opts: TrackOptions,
  hooks: AlignHooks = {},
): Promise<Tracks> {
  const { det, anglesDeg } = input;
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const r = opts.radiusPx;
  const matchPx = Math.max(2.5, 0.5 * r);
  const searchPx = opts.searchPx ?? Math.max(3 * r, 12);
  const zGuess = 0.25 * Math.max(det.nu, det.nv);
  let axis = input.axisRotationDeg;
  let axisSearched = false;
  const shifts = new Map<number, [number, number]>();
  const anchor = sel.byTilt[sel.anchor];
  shifts.set(anchor, [...opts.coarseShiftsPx[anchor]]);
  const toAligned = (view: number, x: number, y: number): [number, number] => {
    // the bead's projection (X cos θ + Z sin θ, Y) seen at raw (x, y): R(−φ)(p − c) + d − (c' − c)
    const c = Math.cos(-axis * DEG);
    const s = Math.sin(-axis * DEG);
    const dx = x - det.nu / 2;
    const dy = y - det.nv / 2;
    const d = shifts.get(view)!;
    return [c * dx - s * dy + d[0] + 0.5, s * dx + c * dy + d[1] + 0.5];
  };
  const beads: Bead[] = seeds.map((s) => {
    const [u, v] = toAligned(anchor, s.xPx, s.yPx);
    return {
      pos: [u / Math.cos(anglesDeg[anchor] * DEG), v, 0],
      zKnown: false,
      seen: new Map([[anchor, [s.xPx, s.yPx]]]),
    };
  });
  const refitBead = (b: Bead) => {
    let c11 = 0,
      c12 = 0,
      c22 = 0,
      h1 = 0,
      h2 = 0,
      sy = 0;
    const tilts: number[] = [];
    for (const [view, [x, y]] of b.seen) {
      const [u, v] = toAligned(view, x, y);
      const ca = Math.cos(anglesDeg[view] * DEG);
      const sa = Math.sin(anglesDeg[view] * DEG);
      c11 += ca * ca;
      c12 += ca * sa;
      c22 += sa * sa;
      h1 += ca * u;
      h2 += sa * u;
      sy += v;
      tilts.push(anglesDeg[view]);
    }
    const span = Math.max(...tilts) - Math.min(...tilts);
    const det2 = c11 * c22 - c12 * c12;
    b.zKnown = span >= 3.5 && det2 > 1e-9;
    b.pos = b.zKnown
      ? [(c22 * h1 - c12 * h2) / det2, sy / b.seen.size, (c11 * h2 - c12 * h1) / det2]
      : [h1 / c11, sy / b.seen.size, 0];
  };
  const observations = (): Observation[] =>
    beads.flatMap((b, bead) => [...b.seen].map(([view, [xPx, yPx]]) => ({ bead, view, xPx, yPx })));
  const refit = () => {
    const span = Math.max(...[...shifts.keys()].map((k) => Math.abs(anglesDeg[k])));
    const model = fitBeadModel(
      { det, anglesDeg, nBeads: beads.length, observations: observations() },
      {
        axisRotationDeg: axis,
        priorAxisDeg: input.axisRotationDeg,
        fitAxis: opts.fitAxis && span >= AXIS_SPAN_DEG,
        axisRangeDeg: axisSearched ? 1 : 4,
      },
    );
    axisSearched ||= opts.fitAxis && span >= AXIS_SPAN_DEG;
    axis = model.axisRotationDeg;
    model.shiftsPx.forEach((d, k) => d && shifts.has(k) && shifts.set(k, d));
    beads.forEach((b, i) => {
      const p = model.positionsPx[i];
      if (p) b.pos = [...p];
      else refitBead(b);
    });
    return model;
  };

  const grids = candidates.map((c) => (c ? new CandidateGrid(c, Math.max(4, matchPx)) : null));
  const order = visitOrder(sel);
  const lastOnSide = { [-1]: anchor, [1]: anchor } as Record<-1 | 1, number>;
  let fittedAt = 1;
  for (let n = 1; n < order.length; n++) {
    await yielder.tick();
    hooks.onProgress?.(n / order.length, `tracking view ${order[n].view + 1}`);
    const { view, side } = order[n];
    const prev = lastOnSide[side];
    const cp = opts.coarseShiftsPx[prev];
    const ck = opts.coarseShiftsPx[view];
    const dPrev = shifts.get(prev)!;
    const theta = anglesDeg[view];
    const grid = grids[view] ?? new CandidateGrid([], searchPx);
    const cands = grid.cands;
    const attempt = (d: [number, number], search: number) => {
      const preds: (Prediction & { rank: number })[] = beads.flatMap((b, bead) => {
        const [x, y] = predictRaw(det, axis, theta, b.pos, d);
        if (x < r || y < r || x > det.nu - 1 - r || y > det.nv - 1 - r) return [];
        const dz = b.zKnown
          ? 0
          : zGuess * Math.abs(Math.sin(theta * DEG) - Math.sin(anglesDeg[anchor] * DEG));
        return [{ bead, x, y, tol: matchPx + dz, rank: (b.zKnown ? 1e6 : 0) + b.seen.size }];
      });
      dropCrowded(preds, CROWD_RADII * r);
      // the surest beads propose the translations: known heights, then the longest tracks
      preds.sort((a, b) => b.rank - a.rank || a.bead - b.bead);
      // two beads must agree (one could take any noise spot); a wide search needs three and half of them
      const wide = search > searchPx;
      const minVotes = wide
        ? Math.max(3, Math.ceil(0.5 * preds.length))
        : Math.max(2, Math.ceil(0.3 * preds.length));
      return preds.length >= minVotes ? voteShift(preds, grid, search, minVotes) : null;
    };
    // the neighbour's shift plus the coarse increment; failing that (a coarse shift can be wrong where the
    // beads are fine), the neighbour's shift alone, then a three times wider search
    const viaCoarse: [number, number] = [dPrev[0] + ck[0] - cp[0], dPrev[1] + ck[1] - cp[1]];
    let dPred = viaCoarse;
    let vote = attempt(viaCoarse, searchPx);
    for (const [d, search] of [
      [dPrev, searchPx],
      [dPrev, 3 * searchPx],
    ] as const) {
      if (vote && vote.matches.length >= Math.min(3, beads.length)) break;
      const other = attempt([d[0], d[1]], search);
      if (other && (!vote || other.matches.length > vote.matches.length)) {
        vote = other;
        dPred = [d[0], d[1]];
      }
    }
    if (!vote) {
      shifts.set(view, viaCoarse);
      continue;
    }
    for (const m of vote.matches) beads[m.bead].seen.set(view, [cands[m.cand].xPx, cands[m.cand].yPx]);
    // the view's shift: the translation in the aligned frame, d − R(−φ)·t
    const c = Math.cos(-axis * DEG);
    const s = Math.sin(-axis * DEG);
    shifts.set(view, [dPred[0] - (c * vote.tx - s * vote.ty), dPred[1] - (s * vote.tx + c * vote.ty)]);
    for (const m of vote.matches) refitBead(beads[m.bead]);
    lastOnSide[side] = view;
    if (shifts.size >= Math.max(5, 1.33 * fittedAt)) {
      refit();
      fittedAt = shifts.size;
    }
  }
  refit();
  await yielder.tick();
  fillGaps(beads, sel, grids, det, anglesDeg, shifts, axis, matchPx, r);
  const model = refit();
  return { nBeads: beads.length, observations: observations(), model };
}

/**
 * Removes (in place) predictions with another bead closer than `minPx`: overlapping beads pull each other's
 * centres (and a bead near another may take its candidate), so neither is measured in that view.
 */
function dropCrowded(preds: Prediction[], minPx: number): void {
  const crowded = new Set<number>();
  for (let a = 0; a < preds.length; a++)
    for (let b = a + 1; b < preds.length; b++) {
      if (Math.hypot(preds[a].x - preds[b].x, preds[a].y - preds[b].y) < minPx) {
        crowded.add(a);
        crowded.add(b);
      }
    }
  let n = 0;
  for (let a = 0; a < preds.length; a++) if (!crowded.has(a)) preds[n++] = preds[a];
  preds.length = n;
}

/** Second pass: a bead missing from a view takes the candidate nearest the model's prediction, if close. */
function fillGaps(
  beads: Bead[],
  sel: ViewSelection,
  grids: readonly (CandidateGrid | null)[],
  det: AlignInput['det'],
  anglesDeg: readonly number[],
  shifts: Map<number, [number, number]>,
  axis: number,
  matchPx: number,
  r: number,
): void {
  for (const view of sel.byTilt) {
    const d = shifts.get(view);
    const grid = grids[view];
    if (!d || !grid) continue;
    const cands = grid.cands;
    const preds = beads.flatMap((b, bead) => {
      if (b.seen.has(view) || !b.zKnown) return [];
      const [x, y] = predictRaw(det, axis, anglesDeg[view], b.pos, d);
      return [{ bead, x, y, tol: matchPx }];
    });
    dropCrowded(preds, CROWD_RADII * r);
    const taken = new Set(
      beads.flatMap((b) => {
        const p = b.seen.get(view);
        return p ? [cands.findIndex((c) => c.xPx === p[0] && c.yPx === p[1])] : [];
      }),
    );
    for (const m of matchAll(preds, grid, 0, 0)) {
      if (!taken.has(m.cand)) beads[m.bead].seen.set(view, [cands[m.cand].xPx, cands[m.cand].yPx]);
    }
  }
}
