/**
 * Anderson acceleration of the projection-matching fixed point x = x + f(x) (x the shifts, f the measured
 * corrections). Plain rounds converge slowly along shift patterns that vary smoothly with tilt: each view's
 * leave-one-out reference is built mostly from its angular neighbours, which share such an error, so a round
 * sees only its curvature. Anderson mixing (Walker & Ni 2011, type II) takes the step that best cancels the
 * last few corrections, like GMRES on the linearised map, and reaches those patterns in a few rounds.
 */
export class Anderson {
  private readonly dx: Float64Array[] = [];
  private readonly df: Float64Array[] = [];
  private lastX: Float64Array | null = null;
  private lastF: Float64Array | null = null;

  /** depth: how many past corrections are mixed; maxStep: a mixed step longer than this falls back to plain */
  constructor(
    private readonly depth = 5,
    private readonly maxStep = Infinity,
  ) {}

  /** The next iterate from the current one and its correction (plain x + f on the first call). */
  next(x: Float64Array, f: Float64Array): Float64Array {
    if (this.lastX && this.lastF) {
      this.dx.push(sub(x, this.lastX));
      this.df.push(sub(f, this.lastF));
      if (this.dx.length > this.depth) {
        this.dx.shift();
        this.df.shift();
      }
    }
    this.lastX = Float64Array.from(x);
    this.lastF = Float64Array.from(f);
    const plain = add(x, f);
    const m = this.df.length;
    if (m === 0) return plain;
    // γ = argmin ‖f − ΔF γ‖ (normal equations, lightly regularised), x⁺ = x + f − (ΔX + ΔF) γ
    const g = new Float64Array(m * m);
    const b = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      b[i] = dot(this.df[i], f);
      for (let j = 0; j < m; j++) g[i * m + j] = dot(this.df[i], this.df[j]);
    }
    let trace = 0;
    for (let i = 0; i < m; i++) trace += g[i * m + i];
    for (let i = 0; i < m; i++) g[i * m + i] += 1e-8 * trace + 1e-30;
    const gamma = solve(g, b, m);
    if (!gamma) return plain;
    const out = Float64Array.from(plain);
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < out.length; p++) out[p] -= gamma[i] * (this.dx[i][p] + this.df[i][p]);
    }
    let step = 0;
    for (let p = 0; p < out.length; p += 2)
      step = Math.max(step, Math.hypot(out[p] - x[p], out[p + 1] - x[p + 1]));
    return step > this.maxStep ? plain : out;
  }
}

function sub(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]);
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(a: Float64Array, b: Float64Array, m: number): Float64Array | null {
  const A = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]) > Math.abs(A[p * m + c])) p = r;
    if (!(Math.abs(A[p * m + c]) > 0)) return null;
    if (p !== c) {
      for (let k = 0; k < m; k++) [A[c * m + k], A[p * m + k]] = [A[p * m + k], A[c * m + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c] / A[c * m + c];
      for (let k = c; k < m; k++) A[r * m + k] -= f * A[c * m + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = m - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < m; k++) s -= A[c * m + k] * x[k];
    x[c] = s / A[c * m + c];
  }
  return x;
}
