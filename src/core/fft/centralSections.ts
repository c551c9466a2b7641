/**
 * Central sections of a volume's 3D spectrum by the projection-slice theorem: the 2D DFT of the volume summed
 * along y IS the k_y = 0 plane of its 3D DFT (likewise z → k_z = 0, x → k_x = 0). One pass over the volume
 * and three small 2D FFTs, instead of a 3D FFT; exact for the DFT, not an approximation.
 */

export type SectionPlane = 'xz' | 'xy' | 'yz';

/** The three sums, each `width` = the horizontal axis (x, x, y) by `height` = the vertical one (z, y, z). */
export interface SectionSums {
  xz: Float64Array;
  xy: Float64Array;
  yz: Float64Array;
}

export const PLANE_AXES: Record<SectionPlane, { h: 'x' | 'y'; v: 'y' | 'z' }> = {
  xz: { h: 'x', v: 'z' },
  xy: { h: 'x', v: 'y' },
  yz: { h: 'y', v: 'z' },
};

export function planeSize(
  plane: SectionPlane,
  d: { nx: number; ny: number; nz: number },
): { width: number; height: number } {
  if (plane === 'xz') return { width: d.nx, height: d.nz };
  if (plane === 'xy') return { width: d.nx, height: d.ny };
  return { width: d.ny, height: d.nz };
}

export function emptySums(d: { nx: number; ny: number; nz: number }): SectionSums {
  return {
    xz: new Float64Array(d.nx * d.nz),
    xy: new Float64Array(d.nx * d.ny),
    yz: new Float64Array(d.ny * d.nz),
  };
}

/** Adds the z planes [z0, z1) into the sums: callers on the main thread go a few planes per task. */
export function accumulateSums(
  volume: { nx: number; ny: number; nz: number; data: ArrayLike<number> },
  sums: SectionSums,
  z0: number,
  z1: number,
): void {
  const { nx, ny, data } = volume;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < ny; y++) {
      const o = nx * (y + ny * z);
      let row = 0;
      for (let x = 0; x < nx; x++) {
        const v = data[o + x];
        sums.xz[x + nx * z] += v;
        sums.xy[x + nx * y] += v;
        row += v;
      }
      sums.yz[y + ny * z] += row;
    }
  }
}
