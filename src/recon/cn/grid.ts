/**
 * Network input coordinates of a block of volume rows, in volume order (x fastest, then y, then z), so the
 * network's outputs ARE the block's voxels. WUCON: linspace(0, 1) per axis over the block itself; our fast
 * mode: the same over the whole slab the network owns, so one network covers many rows.
 */
export interface GridSpan {
  nx: number;
  nz: number;
  /** the block's rows, [y0, y1) */
  y0: number;
  y1: number;
  /** the rows the coordinates run over, linspace(0, 1) from first to last: [from, to) */
  from: number;
  to: number;
}

function lin(i: number, n: number): number {
  return n > 1 ? i / (n - 1) : 0;
}

export function gridPoints(s: GridSpan, out?: Float32Array): Float32Array {
  const rows = s.y1 - s.y0;
  const n = s.nx * rows * s.nz;
  const p = out && out.length >= 3 * n ? out.subarray(0, 3 * n) : new Float32Array(3 * n);
  const span = s.to - s.from;
  let o = 0;
  for (let z = 0; z < s.nz; z++) {
    const cz = lin(z, s.nz);
    for (let y = s.y0; y < s.y1; y++) {
      const cy = lin(y - s.from, span);
      for (let x = 0; x < s.nx; x++) {
        p[o++] = lin(x, s.nx);
        p[o++] = cy;
        p[o++] = cz;
      }
    }
  }
  return p;
}

/**
 * Coordinates of one upsampled z-plane `zi` (0 ≤ zi < factor·nz): `factor` points per voxel along x and y,
 * centred on the voxel grid (factor 1 gives gridPoints' values), x fastest.
 */
export function upsampledPoints(s: GridSpan, factor: number, nz: number, zi: number): Float32Array {
  const nx = s.nx * factor;
  const ny = (s.y1 - s.y0) * factor;
  const p = new Float32Array(3 * nx * ny);
  const at = (i: number, start: number, n: number) => (start + (i + 0.5) / factor - 0.5) / Math.max(1, n - 1);
  const span = s.to - s.from;
  const cz = at(zi, 0, nz);
  let o = 0;
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      p[o++] = at(x, 0, s.nx);
      p[o++] = at(y, s.y0 - s.from, span);
      p[o++] = cz;
    }
  return p;
}
