/**
 * Cutting the three orthoslices out of a volume, and the display window of a volume. Pure functions used
 * by the recon worker (live previews: three 2D slices cross the boundary, never the volume) and by the main
 * thread (moving the crosshair over a finished reconstruction: a few milliseconds even at 512³).
 * Display windows come from render/contrast.ts autoContrast (robust percentiles).
 */

export interface VolumeDims3 {
  nx: number;
  ny: number;
  nz: number;
}

export interface VoxelPos {
  x: number;
  y: number;
  z: number;
}

export interface Slice2D {
  width: number;
  height: number;
  data: Float32Array;
}

/** Three slices through `position`: xy (nx × ny), xz (nx × nz), yz (nz × ny, z fastest). */
export interface OrthoSlices {
  dims: VolumeDims3;
  position: VoxelPos;
  xy: Slice2D;
  xz: Slice2D;
  yz: Slice2D;
}

export function centre(d: VolumeDims3): VoxelPos {
  return { x: Math.floor(d.nx / 2), y: Math.floor(d.ny / 2), z: Math.floor(d.nz / 2) };
}

export function clampPosition(d: VolumeDims3, p: VoxelPos): VoxelPos {
  const c = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round(v)));
  return { x: c(p.x, d.nx), y: c(p.y, d.ny), z: c(p.z, d.nz) };
}

export function extractOrthoSlices(
  volume: VolumeDims3 & { data: Float32Array },
  at: VoxelPos = centre(volume),
): OrthoSlices {
  const { nx, ny, nz, data } = volume;
  const p = clampPosition(volume, at);
  const plane = nx * ny;
  const xy = data.slice(p.z * plane, (p.z + 1) * plane);
  const xz = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++)
    xz.set(data.subarray(z * plane + p.y * nx, z * plane + (p.y + 1) * nx), z * nx);
  const yz = new Float32Array(nz * ny);
  for (let z = 0; z < nz; z++) {
    for (let y = 0, i = z * plane + p.x; y < ny; y++, i += nx) yz[z + nz * y] = data[i];
  }
  return {
    dims: { nx, ny, nz },
    position: p,
    xy: { width: nx, height: ny, data: xy },
    xz: { width: nx, height: nz, data: xz },
    yz: { width: nz, height: ny, data: yz },
  };
}

/** The buffers of a slice set, for a transfer list. */
export function sliceBuffers(s: OrthoSlices): ArrayBuffer[] {
  return [s.xy.data.buffer, s.xz.data.buffer, s.yz.data.buffer] as ArrayBuffer[];
}
