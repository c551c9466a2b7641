/**
 * The tilt offset from the specimen's shape, without a reconstruction. Across the tilt axis, a view at the
 * true tilt θ is the projection of the specimen's mass onto x cos θ + z sin θ, so the variance of that mass
 * distribution (about its own centroid, so the view's shift does not matter) is exactly
 *   V(θ) = Ixx cos² θ + Izz sin² θ + 2 Ixz sin θ cos θ = A + B cos 2(θ − θ₀),
 * the second-moment (Helgason–Ludwig order-2) consistency of the views. A flat specimen spreads widest at its
 * true 0°, so θ₀ = 0 in the true frame: fitted against the nominal angles, θ₀ = −offset.
 *
 * The assumption is that the specimen's principal axes are level (Ixz = 0 at the true 0°). A slab of scattered
 * objects is level only to within the scatter: the simulator's 'shapes' phantoms are tilted by 0.1°–3.5° in
 * this sense (seeds 1–5, 256² × 128), which sets this method's error there. It also needs all of the
 * specimen's mass inside every view across the axis.
 */

export interface SlabOffset {
  offsetDeg: number;
  /** 1 − RSS/TSS of V = a + b·cos 2(θ + offset) at each trial offset */
  scores: { offsetDeg: number; score: number }[];
  /** fraction of the variances' variation that the best curve explains */
  r2: number;
}

/**
 * The mass of one view projected across the axis at `axisDeg` (linear splat, 1-px bins), then its variance
 * about its centroid. Negative totals (no mass, or a background-subtracted view) give NaN.
 */
export function acrossVariance(
  img: ArrayLike<number>,
  w: number,
  h: number,
  axisDeg: number,
  weights: ArrayLike<number>,
): number {
  const phi = (axisDeg * Math.PI) / 180;
  const nx = Math.cos(phi);
  const ny = Math.sin(phi);
  const half = Math.ceil(Math.hypot(w, h) / 2) + 2;
  const p = new Float64Array(2 * half + 2);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const v = img[i + w * j] * weights[i + w * j];
      if (v === 0) continue;
      const t = (i - (w - 1) / 2) * nx + (j - (h - 1) / 2) * ny + half;
      const k = Math.floor(t);
      const f = t - k;
      p[k] += v * (1 - f);
      p[k + 1] += v * f;
    }
  }
  let m = 0;
  let sx = 0;
  for (let k = 0; k < p.length; k++) {
    m += p[k];
    sx += p[k] * k;
  }
  if (!(m > 0)) return NaN;
  const cx = sx / m;
  let sxx = 0;
  for (let k = 0; k < p.length; k++) sxx += p[k] * (k - cx) ** 2;
  return sxx / m;
}

/** Least squares of V = a + b cos 2θ + c sin 2θ; returns [a, b, c]. */
function fitHarmonic(anglesDeg: readonly number[], v: readonly number[]): [number, number, number] {
  const A = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const B = [0, 0, 0];
  anglesDeg.forEach((t, i) => {
    const r = (2 * t * Math.PI) / 180;
    const f = [1, Math.cos(r), Math.sin(r)];
    for (let a = 0; a < 3; a++) {
      B[a] += f[a] * v[i];
      for (let b = 0; b < 3; b++) A[a][b] += f[a] * f[b];
    }
  });
  for (let c = 0; c < 3; c++) {
    for (let r = c + 1; r < 3; r++) {
      const q = A[r][c] / A[c][c];
      for (let k = c; k < 3; k++) A[r][k] -= q * A[c][k];
      B[r] -= q * B[c];
    }
  }
  const z: [number, number, number] = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = B[r];
    for (let k = r + 1; k < 3; k++) s -= A[r][k] * z[k];
    z[r] = s / A[r][r];
  }
  return z;
}

/** 1 − RSS/TSS of V = a + b·cos 2(θ + o) (a, b fitted, the phase fixed by o). */
function fixedPhaseR2(anglesDeg: readonly number[], v: readonly number[], o: number): number {
  const n = v.length;
  const x = anglesDeg.map((t) => Math.cos((2 * (t + o) * Math.PI) / 180));
  const mx = x.reduce((s, q) => s + q, 0) / n;
  const mv = v.reduce((s, q) => s + q, 0) / n;
  let sxx = 0;
  let sxv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxv += (x[i] - mx) * (v[i] - mv);
    svv += (v[i] - mv) ** 2;
  }
  if (!(svv > 0) || !(sxx > 0)) return 0;
  // only a curve that is widest at the trial 0° (b > 0) counts
  return sxv > 0 ? (sxv * sxv) / (sxx * svv) : 0;
}

/** The offset from the views' across-axis variances `v` at nominal angles `anglesDeg`; scores over ±range. */
export function slabOffset(
  anglesDeg: readonly number[],
  v: readonly number[],
  rangeDeg: number,
  stepDeg = 0.5,
): SlabOffset {
  const [, b, c] = fitHarmonic(anglesDeg, v);
  // b cos 2θ + c sin 2θ = R cos 2(θ − θ₀), widest at θ₀
  const theta0 = (0.5 * Math.atan2(c, b) * 180) / Math.PI;
  const offsetDeg = -theta0 + 0;
  const n = Math.max(1, Math.round(rangeDeg / stepDeg));
  const scores = Array.from({ length: 2 * n + 1 }, (_, i) => {
    const o = (i - n) * stepDeg + 0;
    return { offsetDeg: o, score: fixedPhaseR2(anglesDeg, v, o) };
  });
  return { offsetDeg, scores, r2: fixedPhaseR2(anglesDeg, v, offsetDeg) };
}
