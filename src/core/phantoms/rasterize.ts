/**
 * Rasterise primitives into a Float32 volume (x fastest, then y, then z). Each primitive only visits the
 * voxels of its own bounding box; a conservative distance bound marks voxels wholly inside (full density)
 * or outside (skipped), and only voxels the surface crosses are supersampled (s³ points per voxel), so the
 * cost scales with volume + s³ × surface rather than s³ × volume.
 */
import { shapeTest } from './evaluate.ts';
import type { Primitive } from './primitives.ts';
import { worldHalfExtentPx } from './primitives.ts';

export interface RasterOptions {
  /** subsamples per axis for voxels cut by a surface (1 = point sampling at voxel centres); default 4 */
  supersample?: number;
}

/** Half the diagonal of a unit voxel: beyond this distance a voxel lies wholly on one side. */
const VOXEL_HALF_DIAGONAL = Math.sqrt(3) / 2 + 1e-9;

/** Adds each primitive's density × covered fraction to `data` (length nx*ny*nz). */
export function rasterizeInto(
  data: Float32Array,
  nx: number,
  ny: number,
  nz: number,
  prims: readonly Primitive[],
  opts: RasterOptions = {},
): void {
  const s = Math.max(1, Math.round(opts.supersample ?? 4));
  const cx0 = (nx - 1) / 2;
  const cy0 = (ny - 1) / 2;
  const cz0 = (nz - 1) / 2;
  // subsample offsets within a voxel, in volume coordinates
  const offsets: number[] = [];
  for (let k = 0; k < s; k++)
    for (let j = 0; j < s; j++)
      for (let i = 0; i < s; i++) offsets.push((i + 0.5) / s - 0.5, (j + 0.5) / s - 0.5, (k + 0.5) / s - 0.5);
  const nSub = s * s * s;

  for (const p of prims) {
    if (p.density === 0) continue;
    const test = shapeTest(p);
    const r = p.rotation;
    const [pcx, pcy, pcz] = p.center;
    const ext = worldHalfExtentPx(p);
    const range = (c: number, e: number, c0: number, n: number): [number, number] => [
      Math.max(0, Math.floor(c + c0 - e - 0.5)),
      Math.min(n - 1, Math.ceil(c + c0 + e + 0.5)),
    ];
    const [x0, x1] = range(pcx, ext[0], cx0, nx);
    const [y0, y1] = range(pcy, ext[1], cy0, ny);
    const [z0, z1] = range(pcz, ext[2], cz0, nz);
    if (x0 > x1 || y0 > y1 || z0 > z1) continue;
    // the subsample offsets rotated into the local frame
    const local = new Float64Array(3 * nSub);
    for (let q = 0; q < nSub; q++) {
      const ox = offsets[3 * q];
      const oy = offsets[3 * q + 1];
      const oz = offsets[3 * q + 2];
      local[3 * q] = r[0] * ox + r[1] * oy + r[2] * oz;
      local[3 * q + 1] = r[3] * ox + r[4] * oy + r[5] * oz;
      local[3 * q + 2] = r[6] * ox + r[7] * oy + r[8] * oz;
    }
    const rho = p.density;
    const rhoPerSub = rho / nSub;
    for (let iz = z0; iz <= z1; iz++) {
      const dz = iz - cz0 - pcz;
      for (let iy = y0; iy <= y1; iy++) {
        const dy = iy - cy0 - pcy;
        // local coordinates at x = x0, then step by the first column of R per voxel
        const bx = r[1] * dy + r[2] * dz;
        const by = r[4] * dy + r[5] * dz;
        const bz = r[7] * dy + r[8] * dz;
        const row = nx * (iy + ny * iz);
        let ix = x0;
        while (ix <= x1) {
          const dx = ix - cx0 - pcx;
          const lx = r[0] * dx + bx;
          const ly = r[3] * dx + by;
          const lz = r[6] * dx + bz;
          const d = test.bound(lx, ly, lz);
          // the true distance changes by at most 1 per voxel step, so a bound of d covers ⌊|d| − H⌋ more voxels
          if (d >= VOXEL_HALF_DIAGONAL) {
            ix += Math.floor(d - VOXEL_HALF_DIAGONAL) + 1;
            continue;
          }
          if (d <= -VOXEL_HALF_DIAGONAL) {
            const end = Math.min(x1, ix + Math.floor(-d - VOXEL_HALF_DIAGONAL));
            for (; ix <= end; ix++) data[row + ix] += rho;
            continue;
          }
          if (s === 1) {
            if (test.inside(lx, ly, lz)) data[row + ix] += rho;
            ix++;
            continue;
          }
          const hits = test.hits(lx, ly, lz, local, nSub);
          if (hits > 0) data[row + ix] += hits * rhoPerSub;
          ix++;
        }
      }
    }
  }
}

/** Rasterise primitives into a new zero-initialised array. */
export function rasterize(
  nx: number,
  ny: number,
  nz: number,
  prims: readonly Primitive[],
  opts: RasterOptions = {},
): Float32Array {
  const data = new Float32Array(nx * ny * nz);
  rasterizeInto(data, nx, ny, nz, prims, opts);
  return data;
}
