// CPU twins of the SIRT kernels, in float64 where it accumulates: the definitions the GPU is tested against.

/** residual.wgsl + reduce.wgsl: r = R·(b − p) and ‖b − p‖². */
export function twinResidual(
  b: Float32Array,
  p: Float32Array,
  R: Float32Array,
): { r: Float32Array; sq: number } {
  const r = new Float32Array(b.length);
  let sq = 0;
  for (let i = 0; i < b.length; i++) {
    const d = b[i] - p[i];
    sq += d * d;
    r[i] = d * R[i];
  }
  return { r, sq };
}

/** update.wgsl: x + λ·C·g, clamped at 0 with positivity. */
export function twinUpdate(
  x: Float32Array,
  C: Float32Array,
  g: Float32Array,
  lambda: number,
  positivity: boolean,
): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] + lambda * C[i] * g[i];
    out[i] = positivity && v < 0 ? 0 : v;
  }
  return out;
}
