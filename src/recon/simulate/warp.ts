// Resampling an image through an IMOD .xf (raw → aligned), as newstack does: out(p) = in(T⁻¹ p), bilinear.
import { invertInPlane, xfCentrePx, type InPlaneXf } from '../../core/geometry/index.ts';

/** Applies `xf` to an nx × ny image (values from `offset`); pixels that come from outside read 0. */
export function warpImage(
  src: Float32Array,
  nx: number,
  ny: number,
  xf: InPlaneXf,
  offset = 0,
): Float32Array {
  const inv = invertInPlane(xf);
  const [cx, cy] = xfCentrePx({ nu: nx, nv: ny });
  const out = new Float32Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const u = inv.a11 * dx + inv.a12 * dy + cx + inv.dxPx;
      const v = inv.a21 * dx + inv.a22 * dy + cy + inv.dyPx;
      const i0 = Math.floor(u);
      const j0 = Math.floor(v);
      if (i0 < 0 || j0 < 0 || i0 + 1 >= nx || j0 + 1 >= ny) continue;
      const fu = u - i0;
      const fv = v - j0;
      const p = offset + i0 + nx * j0;
      const a = src[p] + fu * (src[p + 1] - src[p]);
      const b = src[p + nx] + fu * (src[p + nx + 1] - src[p + nx]);
      out[x + nx * y] = a + fv * (b - a);
    }
  }
  return out;
}
