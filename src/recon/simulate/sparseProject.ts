/**
 * Forward projection for simulation: the reference projector's row kernel (forwardRow, the exact transpose
 * of its backprojector) run view by view over only the non-zero span of each volume row. Phantoms are
 * mostly empty (a 256³ "shapes" phantom is ~6% mass), so skipping empty spans is the big win; the numbers
 * are those of ReferenceProjector.forward up to float rounding. Views outer so that progress, cancel and
 * the per-view image formation can run view by view.
 */
import { viewAffine } from '../../core/geometry/index.ts';
import type { DetectorDims, ViewGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { forwardRow, type RowView } from '../reference/index.ts';

/** Non-empty row spans of a volume: 4 ints per span (first voxel index, length, y, z). */
export interface RowSpans {
  dims: VolumeDims;
  spans: Int32Array;
  count: number;
}

export function rowSpans(data: Float32Array, dims: VolumeDims): RowSpans {
  const { nx, ny, nz } = dims;
  const out: number[] = [];
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const o = nx * (y + ny * z);
      let lo = 0;
      while (lo < nx && data[o + lo] === 0) lo++;
      if (lo === nx) continue;
      let hi = nx - 1;
      while (data[o + hi] === 0) hi--;
      out.push(o + lo, hi - lo + 1, y, z, lo);
    }
  }
  // stored as 5 ints: rowStart, length, y, z, first x
  return { dims: { nx, ny, nz }, spans: Int32Array.from(out), count: out.length / 5 };
}

/**
 * Adds the projection of one view into `det` (nu·nv values from `base`), which the caller zeroes.
 * Voxel (ix, iy, iz) lands at u = u0 + ux·ix + uy·iy + uz·iz (raw detector, geometry's viewAffine).
 */
export function projectViewInto(
  volume: Float32Array,
  spans: RowSpans,
  view: ViewGeometry,
  det: DetectorDims,
  out: Float32Array,
  base = 0,
): void {
  const m = viewAffine(view, spans.dims, det);
  const r: RowView = {
    det: out,
    base,
    nu: det.nu,
    nv: det.nv,
    uRow: 0,
    ux: m.ux,
    vRow: 0,
    vx: m.vx,
    weight: m.weight,
  };
  const s = spans.spans;
  for (let i = 0; i < s.length; i += 5) {
    const start = s[i];
    const y = s[i + 2];
    const z = s[i + 3];
    const x0 = s[i + 4];
    // the span starts at x0: shift the row origin so forwardRow's ix = 0 is voxel x0
    r.uRow = m.u0 + m.uy * y + m.uz * z + m.ux * x0;
    r.vRow = m.v0 + m.vy * y + m.vz * z + m.vx * x0;
    forwardRow(volume, start, s[i + 1], r);
  }
}
