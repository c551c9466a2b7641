/**
 * The specimen's extent in z, from a reconstruction in a generous box: each z-plane's variance after a
 * small box blur in x and y (which keeps structure and averages the white shot noise away), less the
 * background level of the emptiest planes; the specimen spans the planes above EXTENT_FRACTION of the peak.
 *
 * Why it matters: projection matching in a box much thicker than the specimen lets the reconstruction
 * absorb errors that vary smoothly with tilt (measured on the 'shapes' phantom, whose mass spans ≈ 70 of
 * its 128 planes: a 72-plane box reached 0.10 px, a 96-plane one 0.58 px, a 128-plane one 0.49 px, from the
 * true shifts), and one thinner than the specimen leaves features out of the reference (56 planes: 0.17 px).
 */

/** planes above this fraction of the background-subtracted peak belong to the specimen */
export const EXTENT_FRACTION = 0.1;

export interface SpecimenExtent {
  /** planes (of the volume given) spanned by the specimen */
  thicknessVox: number;
  /** its centre, planes from the volume's centre ((nz − 1)/2), + towards higher z */
  centreVox: number;
  /** false when the specimen reaches the box's top or bottom: it may be thicker than the box */
  inside: boolean;
}

/** Variance of an nx × ny image after a (2r + 1)² box blur (shrinking at the edges). */
function blurredVariance(img: Float32Array, nx: number, ny: number, r: number): number {
  const tmp = new Float64Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let s = 0;
      let n = 0;
      for (let d = Math.max(0, x - r); d <= Math.min(nx - 1, x + r); d++, n++) s += img[d + nx * y];
      tmp[x + nx * y] = s / n;
    }
  }
  let s = 0;
  let s2 = 0;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let t = 0;
      let n = 0;
      for (let d = Math.max(0, y - r); d <= Math.min(ny - 1, y + r); d++, n++) t += tmp[x + nx * d];
      const v = t / n;
      s += v;
      s2 += v * v;
    }
  }
  const m = s / (nx * ny);
  return s2 / (nx * ny) - m * m;
}

/** The specimen's extent in a volume nx × ny × nz (x fastest, then y, then z); `xMargin` columns ignored each side. */
export function specimenExtent(
  vol: Float32Array,
  dims: { nx: number; ny: number; nz: number },
  xMargin = 0,
  blurPx = 2,
): SpecimenExtent {
  const { nx, ny, nz } = dims;
  // the padding columns only hold partial data: measure the central nx − 2·xMargin columns
  const w = nx - 2 * xMargin;
  const plane = new Float32Array(w * ny);
  const profile: number[] = [];
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const src = xMargin + nx * (y + ny * z);
      plane.set(vol.subarray(src, src + w), w * y);
    }
    profile.push(blurredVariance(plane, w, ny, blurPx));
  }
  const sorted = [...profile].sort((a, b) => a - b);
  const background = sorted[Math.floor(0.1 * nz)];
  const peak = sorted[nz - 1];
  const level = background + EXTENT_FRACTION * (peak - background);
  const top = profile.indexOf(peak);
  let lo = top;
  let hi = top;
  while (lo > 0 && profile[lo - 1] > level) lo--;
  while (hi < nz - 1 && profile[hi + 1] > level) hi++;
  return {
    thicknessVox: hi - lo + 1,
    centreVox: (lo + hi) / 2 - (nz - 1) / 2,
    inside: lo > 0 && hi < nz - 1,
  };
}
