// Small deterministic volumes for the projector tests, and the statistics they use (test helpers only).
import { geometryFromTilts, type TiltGeometry, type VolumeDims } from '../../core/geometry/index.ts';

export interface Blob {
  /** centre in voxel indices */
  c: [number, number, number];
  sigmaPx: number;
  amplitude: number;
}

/**
 * Tilts with every term of the affine voxel → detector map: x-tilt, axis rotation, per-view shifts and a full
 * .xf with a little magnification.
 */
export function affineTestGeometry(angles: readonly number[]): TiltGeometry {
  return geometryFromTilts(angles, {
    xTiltDeg: 3.5,
    axisRotationDeg: 84.3,
    shiftsPx: angles.map((_, i) => [0.37 * i - 1.2, 1.9 - 0.41 * i] as const),
    xf: angles.map((a) => ({
      a11: 1.01,
      a12: 0.02 * Math.sign(a),
      a21: -0.015,
      a22: 0.99,
      dxPx: a / 20,
      dyPx: -0.3,
    })),
  });
}

/** Sum of isotropic Gaussian blobs, sampled at voxel centres. */
export function blobVolume(dims: VolumeDims, blobs: readonly Blob[]): Float32Array {
  const { nx, ny, nz } = dims;
  const out = new Float32Array(nx * ny * nz);
  for (const b of blobs) {
    const r = Math.ceil(4 * b.sigmaPx);
    const k = -1 / (2 * b.sigmaPx * b.sigmaPx);
    for (let z = Math.max(0, Math.floor(b.c[2] - r)); z <= Math.min(nz - 1, Math.ceil(b.c[2] + r)); z++) {
      for (let y = Math.max(0, Math.floor(b.c[1] - r)); y <= Math.min(ny - 1, Math.ceil(b.c[1] + r)); y++) {
        for (let x = Math.max(0, Math.floor(b.c[0] - r)); x <= Math.min(nx - 1, Math.ceil(b.c[0] + r)); x++) {
          const d2 = (x - b.c[0]) ** 2 + (y - b.c[1]) ** 2 + (z - b.c[2]) ** 2;
          out[x + nx * (y + ny * z)] += b.amplitude * Math.exp(k * d2);
        }
      }
    }
  }
  return out;
}

/** Centroid (u, v) and sum of one projection view. */
export function viewCentroid(
  proj: Float32Array,
  nu: number,
  nv: number,
  view: number,
): { u: number; v: number; sum: number } {
  let s = 0;
  let su = 0;
  let sv = 0;
  const base = view * nu * nv;
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u++) {
      const w = proj[base + u + nu * v];
      s += w;
      su += w * u;
      sv += w * v;
    }
  }
  return { u: su / s, v: sv / s, sum: s };
}

/** Pearson correlation of two equally long arrays, over the indices `mask` keeps (default all). */
export function correlation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  mask?: (i: number) => boolean,
): number {
  let n = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask && !mask(i)) continue;
    ma += a[i];
    mb += b[i];
    n++;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask && !mask(i)) continue;
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** max |a − ref| / max |ref|: the largest difference relative to the reference's peak. */
export function maxRelDiff(a: Float32Array, ref: Float32Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    m = Math.max(m, Math.abs(ref[i]));
  }
  return d / m;
}

/** A seeded LCG: the same values in [-0.5, 0.5) on every run and machine. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** ⟨a, b⟩, for the adjoint tests. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
