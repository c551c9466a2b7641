// Deterministic test volumes for the metrics tests (not part of the public API).
import type { VolumeInput } from './volumeInput.ts';

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

export function gaussianNoise(n: number, sd: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sd * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
  return out;
}

export function vol(nx: number, ny: number, nz: number, data?: Float32Array): VolumeInput {
  return { nx, ny, nz, data: data ?? new Float32Array(nx * ny * nz), voxelSizeA: [1, 1, 1] };
}

/** A few soft blobs and a shell: smooth, non-trivial structure. */
export function blobPhantom(nx: number, ny: number, nz: number, seed = 1): VolumeInput {
  const v = vol(nx, ny, nz);
  const r = rng(seed);
  const blobs = Array.from({ length: 6 }, () => ({
    c: [r() * nx, r() * ny, r() * nz],
    s: 1.5 + r() * 3,
    a: 0.5 + r(),
  }));
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let val = 0;
        for (const b of blobs) {
          const d2 = (x - b.c[0]) ** 2 + (y - b.c[1]) ** 2 + (z - b.c[2]) ** 2;
          val += b.a * Math.exp(-d2 / (2 * b.s * b.s));
        }
        const rr = Math.hypot(x - nx / 2, y - ny / 2, z - nz / 2);
        val += 0.8 * Math.exp(-((rr - Math.min(nx, ny, nz) / 3) ** 2) / 2);
        v.data[x + nx * (y + ny * z)] = val;
      }
  return v;
}

export function addNoise(v: VolumeInput, sd: number, seed: number): VolumeInput {
  const noise = gaussianNoise(v.data.length, sd, seed);
  const data = new Float32Array(v.data.length);
  for (let i = 0; i < data.length; i++) data[i] = v.data[i] + noise[i];
  return vol(v.nx, v.ny, v.nz, data);
}

/** 3×3×3 box blur with clamped edges. */
export function boxBlur(v: VolumeInput): VolumeInput {
  const { nx, ny, nz } = v;
  const out = vol(nx, ny, nz);
  const c = (i: number, n: number) => Math.min(Math.max(i, 0), n - 1);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let s = 0;
        for (let dz = -1; dz <= 1; dz++)
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++)
              s += v.data[c(x + dx, nx) + nx * (c(y + dy, ny) + ny * c(z + dz, nz))];
        out.data[x + nx * (y + ny * z)] = s / 27;
      }
  return out;
}
