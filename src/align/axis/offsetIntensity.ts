/**
 * The tilt offset from the views' mean levels. A specimen slab of thickness t is crossed along a path
 * t / cos θ at the true tilt θ = nominal + offset, so the views' mean optical depth follows
 * a + c / cos(θ_nominal + offset): symmetric about the true 0°. For intensity images (counts, mean ≫ sd) the
 * logarithm of the mean follows it instead (Beer–Lambert). The offset is the centre of the best-fitting curve;
 * when the means do not follow such a curve (no slab, or doses that differ by view) the fit says so.
 */

export interface SecantFit {
  offsetDeg: number;
  /** a + c·sec(θ + offset) */
  a: number;
  c: number;
  /** residual sum of squares and total sum of squares about the mean */
  rss: number;
  tss: number;
}

const sec = (deg: number) => 1 / Math.cos((deg * Math.PI) / 180);

/** Least squares of y = a + c·sec(θ + offset) at one offset. */
export function fitSecantAt(
  anglesDeg: readonly number[],
  y: readonly number[],
  offsetDeg: number,
): SecantFit {
  const n = y.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const x = sec(anglesDeg[i] + offsetDeg);
    sx += x;
    sy += y[i];
    sxx += x * x;
    sxy += x * y[i];
    syy += y[i] * y[i];
  }
  const vx = sxx - (sx * sx) / n;
  const vxy = sxy - (sx * sy) / n;
  const tss = Math.max(0, syy - (sy * sy) / n);
  const c = vx > 0 ? vxy / vx : 0;
  const a = (sy - c * sx) / n;
  const rss = Math.max(0, tss - c * vxy);
  return { offsetDeg, a, c, rss, tss };
}

/** Mean and standard deviation of each listed view over its central region (the middle 80 % on each axis). */
export function viewMeans(
  data: Float32Array,
  nu: number,
  nv: number,
  views: readonly number[],
): { mean: number; sd: number }[] {
  const x0 = Math.floor(0.1 * nu);
  const x1 = Math.max(x0 + 1, Math.ceil(0.9 * nu));
  const y0 = Math.floor(0.1 * nv);
  const y1 = Math.max(y0 + 1, Math.ceil(0.9 * nv));
  const n = (x1 - x0) * (y1 - y0);
  return views.map((k) => {
    let s = 0;
    let s2 = 0;
    for (let y = y0; y < y1; y++) {
      const o = k * nu * nv + nu * y;
      for (let x = x0; x < x1; x++) {
        s += data[o + x];
        s2 += data[o + x] * data[o + x];
      }
    }
    const mean = s / n;
    return { mean, sd: Math.sqrt(Math.max(0, s2 / n - mean * mean)) };
  });
}

export interface IntensityOffset {
  fit: SecantFit;
  /** 1 − RSS/TSS at each offset of the scan */
  scores: { offsetDeg: number; score: number }[];
  /** one standard error of the offset from the fit's curvature, degrees */
  standardErrorDeg: number;
  /** whether the fit explains the means (R² ≥ 0.9 and the curve's swing ≥ 10 × the residual rms) */
  significant: boolean;
  logOfMeans: boolean;
}

/** Counts rather than projections: every mean positive and the median mean over 3 median sds. */
export function looksLikeIntensity(stats: readonly { mean: number; sd: number }[]): boolean {
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return stats.every((s) => s.mean > 0) && med(stats.map((s) => s.mean)) > 3 * med(stats.map((s) => s.sd));
}

/**
 * Scans the offset over ±rangeDeg in 0.1° steps and refines the best by a parabola through its neighbours.
 * `means` are the views' mean levels; with `logOfMeans` (intensity data) their logarithms are fitted.
 */
export function intensityOffset(
  anglesDeg: readonly number[],
  means: readonly number[],
  rangeDeg: number,
  logOfMeans = false,
): IntensityOffset {
  const y = logOfMeans ? means.map(Math.log) : [...means];
  const step = 0.1;
  const n = Math.round(rangeDeg / step);
  const fits: SecantFit[] = [];
  for (let i = -n; i <= n; i++) {
    const o = i * step;
    // past ±90° at some view the model is meaningless
    if (anglesDeg.some((a) => Math.abs(a + o) >= 89)) continue;
    fits.push(fitSecantAt(anglesDeg, y, o));
  }
  if (fits.length === 0) {
    return {
      fit: fitSecantAt(anglesDeg, y, 0),
      scores: [],
      standardErrorDeg: Infinity,
      significant: false,
      logOfMeans,
    };
  }
  const ib = fits.reduce((b, f, i) => (f.rss < fits[b].rss ? i : b), 0);
  let best = fits[ib];
  let curvature = 0;
  if (ib > 0 && ib < fits.length - 1) {
    const [r0, r1, r2] = [fits[ib - 1].rss, fits[ib].rss, fits[ib + 1].rss];
    const d = r0 - 2 * r1 + r2;
    if (d > 0) {
      best = fitSecantAt(anglesDeg, y, best.offsetDeg + (step * 0.5 * (r0 - r2)) / d);
      curvature = d / (step * step);
    }
  }
  const dof = Math.max(1, y.length - 3);
  const sigma2 = best.rss / dof;
  // RSS(o) ≈ RSS_min + ½·RSS''·δ², and a change of one σ² per dof ... var(o) ≈ 2σ²/RSS''
  const standardErrorDeg = curvature > 0 ? Math.sqrt((2 * sigma2) / curvature) : Infinity;
  const secs = anglesDeg.map((a) => sec(a + best.offsetDeg));
  const swing = Math.abs(best.c) * (Math.max(...secs) - Math.min(...secs));
  const r2 = best.tss > 0 ? 1 - best.rss / best.tss : 0;
  const significant = r2 >= 0.9 && swing >= 10 * Math.sqrt(best.rss / y.length) && y.length >= 5;
  return {
    fit: best,
    scores: fits.map((f) => ({
      offsetDeg: Number(f.offsetDeg.toFixed(6)),
      score: f.tss > 0 ? 1 - f.rss / f.tss : 0,
    })),
    standardErrorDeg,
    significant,
    logOfMeans,
  };
}
