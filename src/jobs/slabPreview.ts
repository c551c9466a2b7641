/**
 * The three orthoslices of a volume that is never held whole, filled in slab by slab: xy at z = nz/2
 * (rows of each slab), xz at the crosshair's y (from the slab holding it), yz at the crosshair's x (a
 * column of each slab). The display window widens with each slab's robust range.
 */
import type { VolumeSlab } from '../recon/algorithms/index.ts';
import { autoContrast } from '../render/contrast.ts';
import { clampPosition, type OrthoSlices, type VolumeDims3, type VoxelPos } from './orthoSlices.ts';

export interface SlabSlices {
  add(slab: VolumeSlab): void;
  /** copies of the slices so far (for transfer) */
  slices(): OrthoSlices;
  window(): { lo: number; hi: number };
}

export function slabSlices(dims: VolumeDims3, at?: VoxelPos): SlabSlices {
  const { nx, ny, nz } = dims;
  const p = clampPosition(dims, { x: at?.x ?? nx / 2, y: at?.y ?? ny / 2, z: Math.floor(nz / 2) });
  const xy = new Float32Array(nx * ny);
  const xz = new Float32Array(nx * nz);
  const yz = new Float32Array(nz * ny);
  let lo = Infinity;
  let hi = -Infinity;
  return {
    add({ y0, y1, data }) {
      const h = y1 - y0;
      xy.set(data.subarray(nx * h * p.z, nx * h * (p.z + 1)), nx * y0);
      for (let z = 0; z < nz; z++) {
        if (p.y >= y0 && p.y < y1) {
          const i = nx * (p.y - y0 + h * z);
          xz.set(data.subarray(i, i + nx), nx * z);
        }
        for (let y = y0; y < y1; y++) yz[z + nz * y] = data[p.x + nx * (y - y0 + h * z)];
      }
      const w = autoContrast(data);
      lo = Math.min(lo, w.lo);
      hi = Math.max(hi, w.hi);
    },
    slices: () => ({
      dims: { nx, ny, nz },
      position: p,
      xy: { width: nx, height: ny, data: xy.slice() },
      xz: { width: nx, height: nz, data: xz.slice() },
      yz: { width: nz, height: ny, data: yz.slice() },
    }),
    window: () => (hi > lo ? { lo, hi } : { lo: 0, hi: 1 }),
  };
}
