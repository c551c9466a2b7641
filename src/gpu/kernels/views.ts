// Per-view coefficients shared by the backprojection and forward kernels. The geometry (tilt, x-axis tilt,
// axis rotation, shifts) is reduced in TS to one affine map per view, so the WGSL only evaluates dot products.
import { WedgeLabError } from '../../core/errors.ts';

type Vec4 = [number, number, number, number];

/**
 * One view of a parallel-beam geometry as an affine map from voxel indices to detector indices:
 * u = u[0]·x + u[1]·y + u[2]·z + u[3] (detector column), v likewise (detector row), all in pixel units
 * with pixel i centred at u = i. Voxel-driven bilinear weights: detector pixel (i, j) receives
 * weight · max(0, 1 − |u − i|) · max(0, 1 − |v − j|); pixels outside the detector are zero.
 */
export interface AffineView {
  u: Vec4;
  v: Vec4;
  /** scales this view in both directions (e.g. Δθ or a view exclusion as 0) */
  weight: number;
}

export interface VolumeDims {
  nx: number;
  ny: number;
  nz: number;
}

export interface DetectorDims {
  nu: number;
  nv: number;
}

/**
 * Half-width along u of the detector footprint one forward thread gathers (RUN = 4 columns:
 * |u − centre| < (RUN + 1) / 2, see forward.wgsl); only used to pick the kernel's loop order.
 */
export const FORWARD_HALF_WIDTH_U = 2.5;

/** WGSL `struct View` size: u, v, minv, w (vec4f each) + axes (vec4u). */
export const VIEW_STRIDE_BYTES = 80;
const FLOATS_PER_VIEW = VIEW_STRIDE_BYTES / 4;

export function volumeCentre(dims: VolumeDims): [number, number, number] {
  return [(dims.nx - 1) / 2, (dims.ny - 1) / 2, (dims.nz - 1) / 2];
}

/**
 * Packs views for the kernels. Offsets are re-expressed about the volume centre, which halves the size of
 * the f32 dot products (rounding error grows with the coordinate). For the gather-form forward kernel each
 * view also carries its marching axis m (the one most along the ray, the largest 2×2 minor) and the inverse
 * of the map restricted to the other two axes (p, q), so the footprint of a detector pixel on each m-plane
 * is a small parallelogram.
 */
export function packViews(views: readonly AffineView[], dims: VolumeDims): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(1, views.length) * VIEW_STRIDE_BYTES);
  const f = new Float32Array(buf);
  const u32 = new Uint32Array(buf);
  const c = volumeCentre(dims);
  views.forEach((view, k) => {
    const o = k * FLOATS_PER_VIEW;
    const { u, v } = view;
    f.set([u[0], u[1], u[2], u[3] + u[0] * c[0] + u[1] * c[1] + u[2] * c[2]], o);
    f.set([v[0], v[1], v[2], v[3] + v[0] * c[0] + v[1] * c[1] + v[2] * c[2]], o + 4);
    // Ray direction = u × v; its components are the 2×2 minors of the other two axes.
    const d = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const m = d.map(Math.abs).reduce((best, a, i, all) => (a > all[best] ? i : best), 0);
    let [p, q] = [0, 1, 2].filter((a) => a !== m);
    const det0 = u[p] * v[q] - u[q] * v[p];
    if (!(Math.abs(det0) > 1e-9)) {
      throw new WedgeLabError('bad-argument', `view ${k}: degenerate projection geometry (u and v parallel)`);
    }
    // The kernel's inner loop runs along p: make p the axis along which a thread's footprint
    // (|u − ic| < FORWARD_HALF_WIDTH_U, |v − j| < 1) is longer, so that each inner loop visits several
    // voxels (e.g. z rather than y when the ray is mostly along x). Either order gives the same sums.
    const extent = (a: number, b: number) => Math.abs(a) * FORWARD_HALF_WIDTH_U + Math.abs(b);
    if (extent(v[q] / det0, u[q] / det0) < extent(v[p] / det0, u[p] / det0)) [p, q] = [q, p];
    const det = u[p] * v[q] - u[q] * v[p];
    f.set([v[q] / det, -u[q] / det, -v[p] / det, u[p] / det], o + 8);
    f.set([view.weight, 0, 0, 0], o + 12);
    u32.set([m, p, q, 0], o + 16);
  });
  return buf;
}

/** Views per backprojection dispatch: `MAX_VIEWS` in backproject.wgsl (48 B each, 48 KiB of uniforms). */
export const BACK_MAX_VIEWS = 1024;
export const BACK_VIEW_BYTES = 48;
export const BACK_VIEWS_BYTES = BACK_MAX_VIEWS * BACK_VIEW_BYTES;

/**
 * The backprojection's uniform block (u, v, weight per view, about the volume centre), always the full
 * fixed-size array the WGSL declares (a uniform binding must cover it); unused entries are zero.
 */
export function packBackViews(views: readonly AffineView[], dims: VolumeDims): Float32Array {
  if (views.length > BACK_MAX_VIEWS)
    throw new Error(`packBackViews: ${views.length} views; split into chunks of ${BACK_MAX_VIEWS}`);
  const f = new Float32Array(BACK_VIEWS_BYTES / 4);
  const c = volumeCentre(dims);
  views.forEach(({ u, v, weight }, k) => {
    const o = (k * BACK_VIEW_BYTES) / 4;
    f.set([u[0], u[1], u[2], u[3] + u[0] * c[0] + u[1] * c[1] + u[2] * c[2]], o);
    f.set([v[0], v[1], v[2], v[3] + v[0] * c[0] + v[1] * c[1] + v[2] * c[2]], o + 4);
    f[o + 8] = weight;
  });
  return f;
}

/** Range of v over the box x ∈ [0, nx−1], y ∈ [y0, y1−1], z ∈ [0, nz−1] (affine: extremes at corners). */
function vRange(view: AffineView, dims: VolumeDims, y0: number, y1: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of [0, dims.nx - 1])
    for (const y of [y0, y1 - 1])
      for (const z of [0, dims.nz - 1]) {
        const val = view.v[0] * x + view.v[1] * y + view.v[2] * z + view.v[3];
        lo = Math.min(lo, val);
        hi = Math.max(hi, val);
      }
  return [lo, hi];
}

/**
 * Detector rows [r0, r1) that volume rows [y0, y1) touch in any view (bilinear: floor(v) and floor(v)+1),
 * with one row of margin for f32 rounding. Empty (r0 === r1) when the slab projects off the detector.
 */
export function detectorRowsForSlab(
  views: readonly AffineView[],
  dims: VolumeDims,
  nv: number,
  y0: number,
  y1: number,
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const view of views) {
    const [a, b] = vRange(view, dims, y0, y1);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  const r0 = Math.max(0, Math.floor(lo) - 1);
  const r1 = Math.min(nv, Math.floor(hi) + 3);
  return r1 > r0 ? [r0, r1] : [0, 0];
}
