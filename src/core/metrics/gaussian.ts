/**
 * Separable Gaussian smoothing that reproduces scipy.ndimage.gaussian_filter: kernel exp(−x²/2σ²)
 * normalised over radius int(truncate·σ + 0.5), boundary mode 'reflect' (d c b a | a b c d | d c b a).
 */

export function gaussianKernel(sigma: number, truncate: number): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp((-0.5 * i * i) / (sigma * sigma));
    k[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** scipy 'reflect': half-sample symmetric, periodic with period 2n. */
export function reflectIndex(i: number, n: number): number {
  const p = 2 * n;
  let j = i % p;
  if (j < 0) j += p;
  return j < n ? j : p - 1 - j;
}

/** Index table for i in [−r, n + r): the reflected source index of every padded position. */
function reflectTable(n: number, r: number): Int32Array {
  const t = new Int32Array(n + 2 * r);
  for (let i = -r; i < n + r; i++) t[i + r] = reflectIndex(i, n);
  return t;
}

/**
 * Filter a 3D array along all three axes; `out` and `tmp` must not alias `src` (src may equal out only
 * when tmp is distinct — it is read once in the first pass). Storage is Float32, sums are Float64.
 */
export function gaussianFilter3d(
  src: Float32Array,
  dims: [number, number, number],
  kernel: Float64Array,
  out: Float32Array,
  tmp: Float32Array,
): void {
  const [nx, ny, nz] = dims;
  const r = (kernel.length - 1) >> 1;
  // x: line buffer with reflected padding
  const tx = reflectTable(nx, r);
  const line = new Float64Array(nx + 2 * r);
  for (let off = 0; off < nx * ny * nz; off += nx) {
    for (let i = 0; i < line.length; i++) line[i] = src[off + tx[i]];
    for (let x = 0; x < nx; x++) {
      let s = 0;
      for (let k = 0; k < kernel.length; k++) s += kernel[k] * line[x + k];
      tmp[off + x] = s;
    }
  }
  // y: accumulate whole rows (contiguous in x)
  const ty = reflectTable(ny, r);
  const row = new Float64Array(nx);
  for (let z = 0; z < nz; z++) {
    const plane = z * nx * ny;
    for (let y = 0; y < ny; y++) {
      row.fill(0);
      for (let k = 0; k < kernel.length; k++) {
        const w = kernel[k];
        const srcOff = plane + ty[y + k] * nx;
        for (let x = 0; x < nx; x++) row[x] += w * tmp[srcOff + x];
      }
      out.set(row, plane + y * nx);
    }
  }
  // z: accumulate whole planes, written to tmp then copied (planes are re-read by neighbours)
  if (nz === 1) return;
  const tz = reflectTable(nz, r);
  const nxy = nx * ny;
  const acc = new Float64Array(nxy);
  for (let z = 0; z < nz; z++) {
    acc.fill(0);
    for (let k = 0; k < kernel.length; k++) {
      const w = kernel[k];
      const srcOff = tz[z + k] * nxy;
      for (let i = 0; i < nxy; i++) acc[i] += w * out[srcOff + i];
    }
    tmp.set(acc, z * nxy);
  }
  out.set(tmp);
}
