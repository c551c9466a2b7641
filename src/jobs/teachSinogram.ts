/**
 * Teaching mode's picture of the simulated series: the sinogram of the middle row (y = ⌊n/2⌋), one row per
 * view. The measured one is cut from the series' views; the truth's is the complete series, every 1° from
 * −90° to +90°, projected once per phantom from that one XZ plane of the truth (the tilt axis is y, so a
 * detector row sees only its own volume row).
 */
import { geometryFromTilts } from '../core/geometry/index.ts';
import type { Volume } from '../core/types.ts';
import { createJosephProjector } from '../recon/reference/index.ts';
import { FULL_SINOGRAM_DEG } from './teachAngles.ts';
import { sectionsOfVolume } from './teachSections.ts';

/** Row ⌊nv/2⌋ of each of `nviews` views of `nu × nv` pixels: nviews × nu, view-major. */
export function middleRows(stack: Float32Array, nu: number, nv: number, nviews: number): Float32Array {
  const v = Math.floor(nv / 2);
  const out = new Float32Array(nviews * nu);
  for (let k = 0; k < nviews; k++) {
    const at = nu * (v + nv * k);
    out.set(stack.subarray(at, at + nu), k * nu);
  }
  return out;
}

/**
 * The noise-free 2-row series of teachSections.ts straight from the truth: its two planes (the middle XZ
 * slice, the sum along y) as a 2-row volume, projected at `anglesDeg`. Row 0 of each view is the series'
 * middle row, row 1 its rows summed (a detector row sees only its own volume row). n² per view, not n³.
 */
export async function projectPair(truth: Volume, anglesDeg: number[]): Promise<Float32Array> {
  const { nx, nz } = truth;
  const s = sectionsOfVolume(truth);
  const pair = new Float32Array(2 * nx * nz);
  for (let z = 0; z < nz; z++) {
    pair.set(s.middle.subarray(nx * z, nx * (z + 1)), 2 * nx * z);
    pair.set(s.sumY.subarray(nx * z, nx * (z + 1)), 2 * nx * z + nx);
  }
  const projector = createJosephProjector(geometryFromTilts(anglesDeg), { nx, ny: 2, nz }, { nu: nx, nv: 2 });
  try {
    return await projector.forward(pair);
  } finally {
    projector.dispose();
  }
}

/** The truth's middle-row sinogram at FULL_SINOGRAM_DEG: 181 × nx. */
export async function fullSinogram(truth: Volume): Promise<Float32Array> {
  const { nx, ny, nz, data } = truth;
  const y = Math.floor(ny / 2);
  // the projector wants two rows at least: the plane twice, and the first row of each view kept
  const slab = new Float32Array(2 * nx * nz);
  for (let z = 0; z < nz; z++) {
    const row = data.subarray(nx * (y + ny * z), nx * (y + ny * z) + nx);
    slab.set(row, 2 * nx * z);
    slab.set(row, 2 * nx * z + nx);
  }
  const nviews = FULL_SINOGRAM_DEG.length;
  const projector = createJosephProjector(
    geometryFromTilts(FULL_SINOGRAM_DEG),
    { nx, ny: 2, nz },
    { nu: nx, nv: 2 },
  );
  try {
    const views = await projector.forward(slab);
    const out = new Float32Array(nviews * nx);
    for (let k = 0; k < nviews; k++) out.set(views.subarray(2 * nx * k, 2 * nx * k + nx), k * nx);
    return out;
  } finally {
    projector.dispose();
  }
}
