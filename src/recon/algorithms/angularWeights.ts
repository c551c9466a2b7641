/**
 * Angular quadrature for WBP. Filtered backprojection approximates ∫₀^π (p_θ ∗ h) dθ by Σ_k w_k (p_k ∗ h), so
 * each view is weighted by the angle it stands for, in radians: the mean of its two adjacent increments
 * (IMOD's DENSWEIGHT with one interval each side). The end views of a limited range get their one adjacent
 * increment. When the views cover 180° (the first and last views are one step apart modulo 180°, e.g.
 * ±90° in 2° steps, or 0…180° where 0° and 180° are the same projection), the increments wrap round, so a
 * uniform full range gives exactly π/nviews per view and Σ w = π: a constant reconstructs to itself.
 */

/** Per-view angular weights (radians) in the order of `anglesDeg`. */
export function angularWeights(anglesDeg: readonly number[]): Float64Array {
  const n = anglesDeg.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n === 1) {
    out[0] = Math.PI;
    return out;
  }
  const order = anglesDeg.map((a, i) => ({ a, i })).sort((p, q) => p.a - q.a);
  const sorted = order.map((p) => (p.a * Math.PI) / 180);
  const gaps: number[] = [];
  for (let k = 0; k + 1 < n; k++) gaps.push(sorted[k + 1] - sorted[k]);
  const positive = gaps.filter((g) => g > 1e-9).sort((a, b) => a - b);
  const typical = positive.length ? positive[Math.floor(positive.length / 2)] : 0;
  const wrapGap = Math.PI - (sorted[n - 1] - sorted[0]);
  // full coverage: the gap across ±90° (mod 180°) is no bigger than ~1.5 typical steps
  const periodic = typical > 0 && wrapGap <= 1.5 * typical + 1e-9;
  for (let k = 0; k < n; k++) {
    const left = k > 0 ? gaps[k - 1] : periodic ? Math.max(0, wrapGap) : undefined;
    const right = k + 1 < n ? gaps[k] : periodic ? Math.max(0, wrapGap) : undefined;
    const w = left === undefined ? right! : right === undefined ? left : (left + right) / 2;
    out[order[k].i] = w;
  }
  return out;
}
