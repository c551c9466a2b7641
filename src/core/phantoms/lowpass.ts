/**
 * Separable Gaussian low-pass (sigma in voxels). The kernel is truncated at ⌈3.5σ⌉ and renormalised to sum
 * 1; outside the volume counts as zero, so mass is preserved exactly whenever the blurred object stays
 * inside (phantoms keep a margin of `lowpassRadiusPx` for that). Each pass walks memory contiguously.
 */

export function lowpassRadiusPx(sigmaPx: number): number {
  return sigmaPx > 0 ? Math.ceil(3.5 * sigmaPx) : 0;
}

function gaussianKernel(sigmaPx: number): Float64Array {
  const r = lowpassRadiusPx(sigmaPx);
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp((-0.5 * i * i) / (sigmaPx * sigmaPx));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Returns a new blurred copy of `data` (nx × ny × nz, x fastest). sigma ≤ 0 returns a plain copy. */
export function gaussianLowpass(
  data: Float32Array,
  nx: number,
  ny: number,
  nz: number,
  sigmaPx: number,
): Float32Array {
  if (!(sigmaPx > 0)) return data.slice();
  const k = gaussianKernel(sigmaPx);
  const r = (k.length - 1) / 2;
  const a = new Float32Array(data.length);
  const b = new Float32Array(data.length);
  // x: per row
  const row = new Float64Array(nx);
  for (let line = 0; line < ny * nz; line++) {
    const o = line * nx;
    row.fill(0);
    for (let x = 0; x < nx; x++) {
      const v = data[o + x];
      if (v === 0) continue;
      const lo = Math.max(0, x - r);
      const hi = Math.min(nx - 1, x + r);
      for (let t = lo; t <= hi; t++) row[t] += v * k[t - x + r];
    }
    for (let x = 0; x < nx; x++) a[o + x] = row[x];
  }
  // y: whole rows at a time
  for (let z = 0; z < nz; z++) {
    const plane = z * nx * ny;
    for (let y = 0; y < ny; y++) {
      const dst = plane + y * nx;
      for (let t = Math.max(0, y - r); t <= Math.min(ny - 1, y + r); t++) {
        const w = k[t - y + r];
        const src = plane + t * nx;
        for (let x = 0; x < nx; x++) b[dst + x] += w * a[src + x];
      }
    }
  }
  // z: whole planes at a time
  a.fill(0);
  const nxy = nx * ny;
  for (let z = 0; z < nz; z++) {
    const dst = z * nxy;
    for (let t = Math.max(0, z - r); t <= Math.min(nz - 1, z + r); t++) {
      const w = k[t - z + r];
      const src = t * nxy;
      for (let i = 0; i < nxy; i++) a[dst + i] += w * b[src + i];
    }
  }
  return a;
}
