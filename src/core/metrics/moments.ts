/**
 * Fused local moments for SSIM and VIF: one pass over two images yields the Gaussian-weighted
 * E[a], E[b], E[a²], E[b²], E[ab] on an interior rectangle. SSIM and VIF only keep outputs at least one
 * kernel radius from the edges, where the boundary rule never applies, so these are plain "valid"
 * correlations: no reflection, and no work for the cropped border.
 */

export type Moments = [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];

export interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Scratch for the x-filtered rows (5 quantities) of one image. */
export function momentScratch(rows: number, cols: number): Moments {
  return [0, 1, 2, 3, 4].map(() => new Float64Array(rows * cols)) as Moments;
}

/**
 * Moments of (a − ma) and (b − mb) on `rect` (x1 − x0 columns, row-major) of w×h images stored at
 * `offset` in a and b. Requires rect ≥ radius from every edge. `out` arrays hold ≥ rect-size values,
 * written at outOffset; `scratch` holds ≥ (y1 − y0 + 2r)·(x1 − x0).
 */
export function moments2d(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  offset: number,
  w: number,
  ma: number,
  mb: number,
  kernel: Float64Array,
  rect: Rect,
  scratch: Moments,
  out: readonly (Float32Array | Float64Array)[],
  outOffset: number,
): void {
  const r = (kernel.length - 1) >> 1;
  const nk = kernel.length;
  const cols = rect.x1 - rect.x0;
  const [s0, s1, s2, s3, s4] = scratch;
  // x pass over every row the y pass will read
  for (let y = rect.y0 - r, row = 0; y < rect.y1 + r; y++, row++) {
    const lineOff = offset + y * w + rect.x0 - r;
    const dst = row * cols;
    for (let x = 0; x < cols; x++) {
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      let m3 = 0;
      let m4 = 0;
      for (let k = 0; k < nk; k++) {
        const wk = kernel[k];
        const av = a[lineOff + x + k] - ma;
        const bv = b[lineOff + x + k] - mb;
        const wa = wk * av;
        const wb = wk * bv;
        m0 += wa;
        m1 += wb;
        m2 += wa * av;
        m3 += wb * bv;
        m4 += wa * bv;
      }
      s0[dst + x] = m0;
      s1[dst + x] = m1;
      s2[dst + x] = m2;
      s3[dst + x] = m3;
      s4[dst + x] = m4;
    }
  }
  // y pass: whole rows at a time (contiguous)
  const rows = rect.y1 - rect.y0;
  const acc = new Float64Array(cols);
  for (let q = 0; q < 5; q++) {
    const src = scratch[q];
    const dst = out[q];
    for (let y = 0; y < rows; y++) {
      acc.fill(0);
      for (let k = 0; k < nk; k++) {
        const wk = kernel[k];
        const s = (y + k) * cols;
        for (let x = 0; x < cols; x++) acc[x] += wk * src[s + x];
      }
      dst.set(acc, outOffset + y * cols);
    }
  }
}
