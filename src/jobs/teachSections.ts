/**
 * What teaching mode draws of a reconstruction: the XZ slice through the middle of y, and the volume summed
 * along y (whose 2D FFT is the XZ central section of its spectrum, centralSections.ts). The tilt axis is y,
 * so each volume row depends only on its own detector row; and WBP, or SIRT from zeros without positivity, is
 * linear in the data. The slice is then the reconstruction of the middle detector row alone, and the sum the
 * reconstruction of the rows summed: a 2-row problem instead of an n-row one, drawn before the whole volume.
 */
import type { Volume } from '../core/types.ts';

export interface TeachSections {
  nx: number;
  nz: number;
  /** the XZ slice at y = ⌊ny/2⌋, x fastest */
  middle: Float32Array;
  /** the volume summed along y, x fastest */
  sumY: Float32Array;
}

/** Methods whose sections are exact from the 2-row problem (teaching runs SIRT from zeros, no positivity). */
export function sectionsFirst(method: string): boolean {
  return method === 'wbp' || method === 'sirt';
}

/** The 2-row series: per view, its middle row (row 0) and the sum of its rows (row 1). */
export function sectionSeries(stack: Float32Array, nu: number, nv: number, nviews: number): Float32Array {
  const mid = Math.floor(nv / 2);
  const out = new Float32Array(2 * nu * nviews);
  for (let k = 0; k < nviews; k++) {
    const view = stack.subarray(nu * nv * k, nu * nv * (k + 1));
    const o = 2 * nu * k;
    out.set(view.subarray(nu * mid, nu * (mid + 1)), o);
    for (let v = 0; v < nv; v++) for (let u = 0; u < nu; u++) out[o + nu + u] += view[nu * v + u];
  }
  return out;
}

/** The sections from the 2-row reconstruction (nx × 2 × nz): row 0 is the slice, row 1 the sum. */
export function sectionsOfPair(pair: Volume): TeachSections {
  const { nx, nz, data } = pair;
  const middle = new Float32Array(nx * nz);
  const sumY = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++) {
    middle.set(data.subarray(2 * nx * z, 2 * nx * z + nx), nx * z);
    sumY.set(data.subarray(2 * nx * z + nx, 2 * nx * (z + 1)), nx * z);
  }
  return { nx, nz, middle, sumY };
}

/** The sections of a whole volume. */
export function sectionsOfVolume(v: Volume): TeachSections {
  const { nx, ny, nz, data } = v;
  const y = Math.floor(ny / 2);
  const middle = new Float32Array(nx * nz);
  const sum = new Float64Array(nx * nz);
  for (let z = 0; z < nz; z++) {
    middle.set(data.subarray(nx * (y + ny * z), nx * (y + ny * z) + nx), nx * z);
    for (let yy = 0; yy < ny; yy++) {
      const o = nx * (yy + ny * z);
      for (let x = 0; x < nx; x++) sum[nx * z + x] += data[o + x];
    }
  }
  return { nx, nz, middle, sumY: Float32Array.from(sum) };
}

/** Rows [y0, y1) of every view: the series of one chunk of volume rows. */
export function rowsOfViews(
  stack: Float32Array,
  nu: number,
  nv: number,
  nviews: number,
  y0: number,
  y1: number,
): Float32Array {
  const rows = y1 - y0;
  const out = new Float32Array(nu * rows * nviews);
  for (let k = 0; k < nviews; k++)
    out.set(stack.subarray(nu * (nv * k + y0), nu * (nv * k + y1)), nu * rows * k);
  return out;
}
