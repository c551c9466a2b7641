/**
 * Thick orthoslices: each view shows the mean of `thicknessPx` slices along its normal, centred on the
 * crosshair (cryo-ET users average a few slices to see low-contrast features through the noise). Near a face
 * of the volume the slab is cut short and the mean is over the slices inside. Runs where the volume lives
 * (the recon worker: src/jobs/reconService.ts, reconRun.ts), never on the page's main thread.
 */
import {
  clampPosition,
  extractOrthoSlices,
  type OrthoSlices,
  type VolumeDims3,
  type VoxelPos,
} from './orthoSlices.ts';

/** Slab thicknesses offered by the page (voxels; odd, so the slab is centred on the slice). */
export const SLAB_THICKNESSES_PX: readonly number[] = [1, 3, 5, 9, 15, 31];

/** The first and last index of a slab of `thicknessPx` about `at` in [0, n). An even thickness counts as one more. */
export function slabRange(at: number, thicknessPx: number, n: number): [number, number] {
  const half = Math.max(0, Math.floor(thicknessPx / 2));
  return [Math.max(0, at - half), Math.min(n - 1, at + half)];
}

export function extractOrthoSlabs(
  volume: VolumeDims3 & { data: Float32Array },
  at: VoxelPos | undefined,
  thicknessPx: number,
): OrthoSlices {
  const thin = extractOrthoSlices(volume, at);
  if (!(thicknessPx > 1)) return thin;
  const { nx, ny, nz, data } = volume;
  const p = clampPosition(volume, thin.position);
  const plane = nx * ny;

  // xy: the mean of whole planes z0..z1 (contiguous)
  const [z0, z1] = slabRange(p.z, thicknessPx, nz);
  const xy = new Float32Array(plane);
  for (let z = z0; z <= z1; z++) {
    const base = z * plane;
    for (let i = 0; i < plane; i++) xy[i] += data[base + i];
  }
  scale(xy, 1 / (z1 - z0 + 1));

  // xz: per z, the mean of rows y0..y1
  const [y0, y1] = slabRange(p.y, thicknessPx, ny);
  const xz = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++) {
    const out = z * nx;
    for (let y = y0; y <= y1; y++) {
      const row = z * plane + y * nx;
      for (let x = 0; x < nx; x++) xz[out + x] += data[row + x];
    }
  }
  scale(xz, 1 / (y1 - y0 + 1));

  // yz: per (z, y), the mean of the contiguous run x0..x1
  const [x0, x1] = slabRange(p.x, thicknessPx, nx);
  const yz = new Float32Array(nz * ny);
  const inv = 1 / (x1 - x0 + 1);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = z * plane + y * nx;
      let sum = 0;
      for (let x = x0; x <= x1; x++) sum += data[row + x];
      yz[z + nz * y] = sum * inv;
    }
  }
  return {
    ...thin,
    xy: { ...thin.xy, data: xy },
    xz: { ...thin.xz, data: xz },
    yz: { ...thin.yz, data: yz },
  };
}

function scale(a: Float32Array, f: number): void {
  if (f !== 1) for (let i = 0; i < a.length; i++) a[i] *= f;
}
