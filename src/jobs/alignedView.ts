/**
 * One raw view resampled through its .xf (raw → aligned) at display size, for the Alignment tab's movie. The
 * section comes binned from the io worker (≤ 256 px a side), so this is a bilinear pass over at most 65k
 * pixels: a few milliseconds, fine on the main thread one view at a time.
 */
import { invertInPlane, type InPlaneXf } from '../core/geometry/index.ts';
import type { SectionData } from './types.ts';

/** Largest side of a movie frame; bigger stacks are read binned. */
export const MOVIE_MAX_PX = 256;

/** The read binning that keeps a view of nx × ny within MOVIE_MAX_PX. */
export const movieBin = (nx: number, ny: number): number =>
  Math.max(1, Math.ceil(Math.max(nx, ny) / MOVIE_MAX_PX));

/**
 * `section` (a view read with binning section.bin from a stack of full size nx × ny) mapped through `xf`
 * (full-resolution pixels, centre (nx/2, ny/2) as IMOD newstack): out(p) = raw(xf⁻¹(p)), bilinear; points
 * that fall outside the raw view get its mean.
 */
export function alignedView(
  section: SectionData,
  xf: InPlaneXf,
  full: { nx: number; ny: number },
): { nx: number; ny: number; data: Float32Array } {
  const { nx, ny, data, bin } = section;
  const inv = invertInPlane(xf);
  const [cx, cy] = [full.nx / 2, full.ny / 2];
  // a binned pixel i covers full-resolution pixels [i·bin, i·bin + bin): its centre is i·bin + (bin − 1)/2
  const half = (bin - 1) / 2;
  // raw binned = M · out binned + (bx, by), with M = inv's matrix (binning scales both sides alike)
  const bx = (inv.a11 * (half - cx) + inv.a12 * (half - cy) + cx + inv.dxPx - half) / bin;
  const by = (inv.a21 * (half - cx) + inv.a22 * (half - cy) + cy + inv.dyPx - half) / bin;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const fill = data.length ? sum / data.length : 0;
  const out = new Float32Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    let rx = bx + inv.a12 * y;
    let ry = by + inv.a22 * y;
    for (let x = 0; x < nx; x++, rx += inv.a11, ry += inv.a21) {
      const x0 = Math.floor(rx);
      const y0 = Math.floor(ry);
      if (x0 < 0 || y0 < 0 || x0 >= nx - 1 || y0 >= ny - 1) {
        // on the last row or column: nearest, else outside
        const xn = Math.round(rx);
        const yn = Math.round(ry);
        out[y * nx + x] = xn >= 0 && yn >= 0 && xn < nx && yn < ny ? data[yn * nx + xn] : fill;
        continue;
      }
      const fx = rx - x0;
      const fy = ry - y0;
      const i = y0 * nx + x0;
      const top = data[i] + fx * (data[i + 1] - data[i]);
      const bottom = data[i + nx] + fx * (data[i + nx + 1] - data[i + nx]);
      out[y * nx + x] = top + fy * (bottom - top);
    }
  }
  return { nx, ny, data: out };
}
