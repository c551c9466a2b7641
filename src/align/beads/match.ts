/**
 * Matching predicted bead positions to a view's candidates: nearest unambiguous candidate within each
 * prediction's tolerance (one bead per candidate), and the vote for the common translation of all
 * predictions that the most beads agree on. Candidates are looked up in a grid, so a view with hundreds of
 * candidates and beads costs little.
 */
import type { BeadCandidate } from './detect.ts';

export interface Prediction {
  bead: number;
  /** predicted raw-image position, px */
  x: number;
  y: number;
  /** match radius, px */
  tol: number;
}

export interface Match {
  bead: number;
  cand: number;
  dist: number;
}

/** Candidates binned in square cells, for "which candidates lie within ρ of (x, y)". */
export class CandidateGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly stride = 1 << 16;
  constructor(
    readonly cands: readonly BeadCandidate[],
    private readonly cellPx: number,
  ) {
    cands.forEach((c, j) => {
      const key = this.key(Math.floor(c.xPx / cellPx), Math.floor(c.yPx / cellPx));
      const cell = this.cells.get(key);
      if (cell) cell.push(j);
      else this.cells.set(key, [j]);
    });
  }

  private key(i: number, j: number): number {
    return i + 1024 + this.stride * (j + 1024);
  }

  /** Indices of candidates within `radius` of (x, y). */
  near(x: number, y: number, radius: number): number[] {
    const out: number[] = [];
    const i0 = Math.floor((x - radius) / this.cellPx);
    const i1 = Math.floor((x + radius) / this.cellPx);
    const j0 = Math.floor((y - radius) / this.cellPx);
    const j1 = Math.floor((y + radius) / this.cellPx);
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        for (const c of this.cells.get(this.key(i, j)) ?? []) {
          const d = Math.hypot(this.cands[c].xPx - x, this.cands[c].yPx - y);
          if (d <= radius) out.push(c);
        }
      }
    return out;
  }
}

/** Nearest unambiguous candidate for each prediction moved by (tx, ty); closest pairs win a candidate. */
export function matchAll(preds: readonly Prediction[], grid: CandidateGrid, tx: number, ty: number): Match[] {
  const pairs: Match[] = [];
  for (const p of preds) {
    let best = -1;
    let d1 = Infinity;
    let d2 = Infinity;
    for (const j of grid.near(p.x + tx, p.y + ty, 1.5 * p.tol)) {
      const c = grid.cands[j];
      const d = Math.hypot(c.xPx - p.x - tx, c.yPx - p.y - ty);
      if (d < d1) {
        d2 = d1;
        d1 = d;
        best = j;
      } else if (d < d2) d2 = d;
    }
    // a second candidate almost as close: the bead cannot be told from its neighbour here
    if (best >= 0 && d1 <= p.tol && d2 > Math.max(1.5 * d1, 0.5 * p.tol)) {
      pairs.push({ bead: p.bead, cand: best, dist: d1 });
    }
  }
  pairs.sort((a, b) => a.dist - b.dist);
  const taken = new Set<number>();
  return pairs.filter((m) => (taken.has(m.cand) ? false : (taken.add(m.cand), true)));
}

/** predictions that propose translations in the vote (the first ones: the caller puts the surest first) */
export const VOTERS = 12;

/**
 * The translation of all predictions that the most beads agree on (ties: the smaller squared distance),
 * proposed by the pairs of the first VOTERS predictions with candidates within `searchPx`; refined to the
 * mean displacement of the matched beads. Null when fewer than `minVotes` beads agree.
 */
export function voteShift(
  preds: readonly Prediction[],
  grid: CandidateGrid,
  searchPx: number,
  minVotes: number,
): { tx: number; ty: number; matches: Match[] } | null {
  let best: { tx: number; ty: number; matches: Match[]; cost: number } | null = null;
  for (const p of preds.slice(0, VOTERS)) {
    for (const j of grid.near(p.x, p.y, searchPx)) {
      const tx = grid.cands[j].xPx - p.x;
      const ty = grid.cands[j].yPx - p.y;
      const matches = matchAll(preds, grid, tx, ty);
      const cost = matches.reduce((s, m) => s + m.dist * m.dist, 0);
      const more = best === null || matches.length > best.matches.length;
      if (more || (matches.length === best!.matches.length && cost < best!.cost))
        best = { tx, ty, matches, cost };
    }
  }
  if (!best || best.matches.length < minVotes) return null;
  const byBead = new Map(preds.map((p) => [p.bead, p]));
  let { tx, ty, matches } = best;
  for (let it = 0; it < 2; it++) {
    let mx = 0;
    let my = 0;
    for (const m of matches) {
      mx += grid.cands[m.cand].xPx - byBead.get(m.bead)!.x;
      my += grid.cands[m.cand].yPx - byBead.get(m.bead)!.y;
    }
    const again = matchAll(preds, grid, mx / matches.length, my / matches.length);
    if (again.length < matches.length) break;
    tx = mx / matches.length;
    ty = my / matches.length;
    matches = again;
  }
  return { tx, ty, matches };
}
