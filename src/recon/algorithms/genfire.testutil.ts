/**
 * GENFIRE's simulated series (../shared/data/genfire, 61 views 0…180° in 3° steps) and its vesicle.mrc, in
 * our conventions. Both files come from a non-conforming writer: raw float32 after 1024 bytes, C order of an
 * (a, b, c)-indexed array; view k of the projections is P[:, :, k]. The mapping (pinned by genfire.test.ts):
 *   - volume: our (x, y, z) = array (a, b, c): the tilt axis b is our y, the 0° beam c is our z;
 *   - detector: our (u, v) = array (a, b);
 *   - angle: ours = −GENFIRE's (GENFIRE rotates the other way about b);
 *   - centre: GENFIRE rotates about n//2 = 32 on every axis, ours about (n−1)/2 = 31.5, so the rotation centre
 *     sits at (+0.5, +0.5) in (x, z) and the detector centre at +0.5 in u: a per-view shift of
 *     −0.5 + 0.5·cos θ + 0.5·sin θ pixels (IMOD .xf sense) lines them up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ViewGeometry } from '../../core/geometry/index.ts';

export const GENFIRE_DIR = resolve(import.meta.dirname, '../../../../shared/data/genfire');
export const GENFIRE_N = 64;
export const GENFIRE_VIEWS = 61;

export function genfirePresent(): boolean {
  return (
    existsSync(resolve(GENFIRE_DIR, 'projections.mrc')) && existsSync(resolve(GENFIRE_DIR, 'vesicle.mrc'))
  );
}

function rawFloats(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset + 1024, b.byteOffset + b.length));
}

/** The projections (u + n·(v + n·view)), the truth (x + n·(y + n·z)) and each view's geometry. */
export function loadGenfire(): { projections: Float32Array; truth: Float32Array; views: ViewGeometry[] } {
  const n = GENFIRE_N;
  const nviews = GENFIRE_VIEWS;
  const P = rawFloats(resolve(GENFIRE_DIR, 'projections.mrc'));
  const V = rawFloats(resolve(GENFIRE_DIR, 'vesicle.mrc'));
  if (P.length !== n * n * nviews) throw new Error(`GENFIRE projections: ${P.length} values`);
  const projections = new Float32Array(n * n * nviews);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let k = 0; k < nviews; k++) projections[a + n * (b + n * k)] = P[(a * n + b) * nviews + k];
  const truth = new Float32Array(n * n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++) truth[a + n * (b + n * c)] = V[(a * n + b) * n + c];
  const views = Array.from({ length: nviews }, (_, k) => {
    const deg = -3 * k;
    const t = (deg * Math.PI) / 180;
    return { angleDeg: deg, shiftXPx: -0.5 + 0.5 * Math.cos(t) + 0.5 * Math.sin(t) };
  });
  return { projections, truth, views };
}
