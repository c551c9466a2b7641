/**
 * Proximal operator of 3D isotropic total variation, prox_{μ·TV}(z) = argmin_x ½‖x − z‖² + μ·TV(x)
 * (optionally with x ≥ 0), by Beck & Teboulle's fast gradient projection (FGP) on Chambolle's dual:
 * x = P_C(z + μ·div p), |p| ≤ 1 per voxel. Forward differences with Neumann boundaries; div = −∇ᵀ.
 * ‖∇‖² ≤ 12 in 3D, so the dual step is 1/(12μ). The dual `p` is kept by the caller between calls (warm start):
 * inside FISTA the argument changes little from one outer iteration to the next, so a few inner iterations
 * suffice.
 */
import type { VolumeDims } from '../../core/geometry/index.ts';

export class TvProx {
  /** dual field: 3 components per voxel (x, y, z), kept between calls */
  readonly p: Float32Array;
  private readonly r: Float32Array;
  private readonly pPrev: Float32Array;
  private readonly x: Float32Array;
  private readonly div: Float32Array;

  constructor(readonly dims: VolumeDims) {
    const n = dims.nx * dims.ny * dims.nz;
    this.p = new Float32Array(3 * n);
    this.r = new Float32Array(3 * n);
    this.pPrev = new Float32Array(3 * n);
    this.x = new Float32Array(n);
    this.div = new Float32Array(n);
  }

  /** Writes prox_{μ·TV}(z) into `out` (may be `z`), running `iterations` FGP steps from the kept dual. */
  apply(z: Float32Array, mu: number, iterations: number, positivity: boolean, out: Float32Array): void {
    const { p, r, pPrev, x } = this;
    if (!(mu > 0)) {
      for (let i = 0; i < z.length; i++) out[i] = positivity && z[i] < 0 ? 0 : z[i];
      return;
    }
    r.set(p);
    let t = 1;
    const step = 1 / (12 * mu);
    for (let k = 0; k < iterations; k++) {
      this.primal(z, r, mu, positivity, x);
      pPrev.set(p);
      this.dualStep(x, r, step, p);
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNext;
      for (let i = 0; i < p.length; i++) r[i] = p[i] + beta * (p[i] - pPrev[i]);
      t = tNext;
    }
    this.primal(z, p, mu, positivity, out);
  }

  /** x = P_C(z + μ·div q) */
  private primal(z: Float32Array, q: Float32Array, mu: number, positivity: boolean, x: Float32Array): void {
    const div = this.div;
    divergence(q, this.dims, div);
    for (let i = 0; i < x.length; i++) {
      const v = z[i] + mu * div[i];
      x[i] = positivity && v < 0 ? 0 : v;
    }
  }

  /** p = proj_{|·|≤1}(q + step·∇x) */
  private dualStep(x: Float32Array, q: Float32Array, step: number, p: Float32Array): void {
    const { nx, ny, nz } = this.dims;
    const sxy = nx * ny;
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let xi = 0; xi < nx; xi++) {
          const i = xi + nx * (y + ny * z);
          const v = x[i];
          const gx = xi + 1 < nx ? x[i + 1] - v : 0;
          const gy = y + 1 < ny ? x[i + nx] - v : 0;
          const gz = z + 1 < nz ? x[i + sxy] - v : 0;
          const a = q[3 * i] + step * gx;
          const b = q[3 * i + 1] + step * gy;
          const c = q[3 * i + 2] + step * gz;
          const m = Math.sqrt(a * a + b * b + c * c);
          const s = m > 1 ? 1 / m : 1;
          p[3 * i] = a * s;
          p[3 * i + 1] = b * s;
          p[3 * i + 2] = c * s;
        }
      }
    }
  }
}

/** div q = −∇ᵀ q for forward differences with Neumann boundaries. */
export function divergence(q: Float32Array, dims: VolumeDims, out: Float32Array): void {
  const { nx, ny, nz } = dims;
  const sxy = nx * ny;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        let d = 0;
        if (x + 1 < nx) d += q[3 * i];
        if (x > 0) d -= q[3 * (i - 1)];
        if (y + 1 < ny) d += q[3 * i + 1];
        if (y > 0) d -= q[3 * (i - nx) + 1];
        if (z + 1 < nz) d += q[3 * i + 2];
        if (z > 0) d -= q[3 * (i - sxy) + 2];
        out[i] = d;
      }
    }
  }
}

/** Isotropic TV(x) = Σ |∇x| (for reports and tests). */
export function totalVariation(x: Float32Array, dims: VolumeDims): number {
  const { nx, ny, nz } = dims;
  const sxy = nx * ny;
  let s = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let xi = 0; xi < nx; xi++) {
        const i = xi + nx * (y + ny * z);
        const v = x[i];
        const gx = xi + 1 < nx ? x[i + 1] - v : 0;
        const gy = y + 1 < ny ? x[i + nx] - v : 0;
        const gz = z + 1 < nz ? x[i + sxy] - v : 0;
        s += Math.sqrt(gx * gx + gy * gy + gz * gz);
      }
    }
  }
  return s;
}
