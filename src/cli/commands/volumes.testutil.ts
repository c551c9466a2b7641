// Deterministic test volumes for the metrics/fsc spawn tests, and writing them as MRC files.
import { writeFileSync } from 'node:fs';
import type { Volume } from '../../core/types.ts';

/** A tiny LCG so the "noise" is the same on every run and machine. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Smooth blobs (low frequencies) so that added white noise makes the FSC fall with frequency. */
export function blobs(nx: number, ny: number, nz: number, voxelSizeA = 2.5): Volume {
  const data = new Float32Array(nx * ny * nz);
  const rand = lcg(7);
  // centres kept 6 voxels from the faces: no wrap-around edges to leak power into high shells
  const at = (n: number) => 6 + rand() * (n - 12);
  const centres = Array.from({ length: 6 }, () => [at(nx), at(ny), at(nz), 1 + 2 * rand()]);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let v = 0;
        for (const [cx, cy, cz, a] of centres) {
          const d2 = (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2;
          v += a * Math.exp(-d2 / 18);
        }
        data[x + nx * (y + ny * z)] = v;
      }
  return { nx, ny, nz, data, voxelSizeA: [voxelSizeA, voxelSizeA, voxelSizeA] };
}

/** v + amplitude · uniform(−0.5, 0.5) noise. */
export function withNoise(v: Volume, amplitude: number, seed = 11): Volume {
  const rand = lcg(seed);
  const data = v.data.map((x) => x + amplitude * (rand() - 0.5));
  return { ...v, data };
}

export async function writeVolume(path: string, v: Volume): Promise<void> {
  const { writeMrc } = await import('../../io/mrc/index.ts');
  writeFileSync(
    path,
    writeMrc(v, { mode: 2, program: 'metrics test', date: new Date('2024-01-01T00:00:00Z') }),
  );
}

/** −60…+60 every 3°, as IMOD writes a .tlt. */
export function tltText(): string {
  const lines: string[] = [];
  for (let a = -60; a <= 60; a += 3) lines.push(a.toFixed(2).padStart(7));
  return lines.join('\n') + '\n';
}
