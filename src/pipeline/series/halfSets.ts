// The one half-set split, used by every host: the views kept after exclusions, in tilt-angle order, go
// alternately to half 1 and half 2, so both keep the whole tilt range, the same missing wedge and (within one)
// the same count. Named half1/half2, never "even/odd", which 0- and 1-based counting flip.

export interface HalfSets {
  /** 0-based view indices of each half, ascending */
  half1: number[];
  half2: number[];
}

export function halfSetViews(anglesDeg: readonly number[], excluded0: readonly number[] = []): HalfSets {
  const skip = new Set(excluded0);
  const kept = anglesDeg.map((_, i) => i).filter((i) => !skip.has(i));
  // stable: equal angles keep file order
  const byAngle = [...kept].sort((a, b) => anglesDeg[a] - anglesDeg[b] || a - b);
  const half1 = byAngle.filter((_, k) => k % 2 === 0).sort((a, b) => a - b);
  const half2 = byAngle.filter((_, k) => k % 2 === 1).sort((a, b) => a - b);
  return { half1, half2 };
}

/** The views a half's reconstruction leaves out: every view not in `half`. */
export function leaveOut(nviews: number, half: readonly number[]): number[] {
  const keep = new Set(half);
  return Array.from({ length: nviews }, (_, i) => i).filter((i) => !keep.has(i));
}
