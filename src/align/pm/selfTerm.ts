/**
 * The exact leave-one-out correction of a WBP reprojection. With rec = Σ_j B_jᵀ q_j (q_j the filtered,
 * weighted view j), the reprojection of view k is A_k rec = A_k B_kᵀ q_k + Σ_{j≠k} A_k B_jᵀ q_j: the first
 * term is view k's own contribution, which pulls the reference towards the view's current (wrong) position.
 * For an aligned view (tilt about +y only, detector rows = volume rows) A_k B_kᵀ acts on each detector row
 * alone and is the same for every row: a tridiagonal matrix M_k = Σ_voxels φ(u)φ(u)ᵀ, φ the two linear
 * interpolation weights of the voxel's detector position u (zero outside the detector, as the CPU projector
 * does). Subtracting M_k q_k costs three multiply-adds per pixel instead of a reconstruction per view.
 */
import {
  viewAffine,
  type DetectorDims,
  type ViewGeometry,
  type VolumeDims,
} from '../../core/geometry/index.ts';

export interface SelfTerm {
  /** M[i][i] */
  diag: Float64Array;
  /** M[i][i+1] = M[i+1][i] */
  off: Float64Array;
}

/** M_k of one aligned view (no in-plane transform, no x-axis tilt) for a volume of `vol` on `det`. */
export function selfTerm(view: ViewGeometry, vol: VolumeDims, det: DetectorDims): SelfTerm {
  const m = viewAffine(view, vol, det);
  if (m.uy !== 0 || m.vx !== 0 || m.vz !== 0 || m.vy !== 1 || m.v0 !== 0) {
    throw new RangeError(
      'selfTerm: the view must be aligned (tilt about +y) with detector rows = volume rows',
    );
  }
  const nu = det.nu;
  const diag = new Float64Array(nu);
  const off = new Float64Array(nu);
  const w2 = m.weight * m.weight;
  for (let z = 0; z < vol.nz; z++) {
    const row = m.u0 + m.uz * z;
    for (let x = 0; x < vol.nx; x++) {
      const u = row + m.ux * x;
      if (!(u > -1 && u < nu)) continue;
      const i = Math.floor(u);
      const f = u - i;
      if (i >= 0) diag[i] += w2 * (1 - f) * (1 - f);
      if (i + 1 < nu) diag[i + 1] += w2 * f * f;
      if (i >= 0 && i + 1 < nu) off[i] += w2 * f * (1 - f);
    }
  }
  return { diag, off };
}

/** out[row] −= M·q[row] for every row of one view (nu·rows values each). */
export function subtractSelfTerm(out: Float32Array, q: Float32Array, t: SelfTerm, rows: number): void {
  const nu = t.diag.length;
  const { diag, off } = t;
  for (let r = 0; r < rows; r++) {
    const o = r * nu;
    for (let i = 0; i < nu; i++) {
      let s = diag[i] * q[o + i];
      if (i > 0) s += off[i - 1] * q[o + i - 1];
      if (i + 1 < nu) s += off[i] * q[o + i + 1];
      out[o + i] -= s;
    }
  }
}
