// Test files generated in the test: MRC stacks written with the project's own writer, and broken ones.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeMrc } from '../src/io/mrc/index.ts';
import type { FilePayload } from './pages/workbench.ts';

const MRC_TYPE = 'application/octet-stream';

/** nx × ny × nz float32 stack: a bright disc that moves and grows with the section index, on a ramp. */
export function mrcStack(name: string, nx = 20, ny = 20, nz = 20, anglesDeg?: number[]): FilePayload {
  const data = new Float32Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) {
    const cx = (nx * (z + 1)) / (nz + 1);
    const r = 2 + (z % 5);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const disc = (x - cx) ** 2 + (y - ny / 2) ** 2 < r * r ? 10 : 0;
        data[x + nx * (y + ny * z)] = disc + x / nx + 0.5 * Math.sin(x * 0.7 + y * 0.3 + z);
      }
    }
  }
  const bytes = writeMrc(
    { nx, ny, nz, data, voxelSizeA: [2.5, 2.5, 2.5] },
    { mode: 2, program: 'wedgelab e2e', date: new Date('2024-01-01T00:00:00Z'), tiltAnglesDeg: anglesDeg },
  );
  return { name, mimeType: MRC_TYPE, buffer: Buffer.from(bytes) };
}

export function gzipped(file: FilePayload): FilePayload {
  return { name: `${file.name}.gz`, mimeType: 'application/gzip', buffer: gzipSync(file.buffer) };
}

/** bzip2-compressed with the `bzip2` command (Debian's); null when it is not installed. */
export function bzipped(file: FilePayload): FilePayload | null {
  try {
    const buffer = execFileSync('bzip2', ['-c', '-9'], { input: file.buffer, maxBuffer: 1 << 28 });
    return { name: `${file.name}.bz2`, mimeType: 'application/x-bzip2', buffer };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The same file cut short: header intact, data missing. */
export function truncated(file: FilePayload, name: string): FilePayload {
  return {
    name,
    mimeType: MRC_TYPE,
    buffer: file.buffer.subarray(0, 1024 + Math.floor((file.buffer.length - 1024) / 3)),
  };
}

export function textFile(name: string): FilePayload {
  const text = 'These are my notes about the grid, not an image.\n'.repeat(40);
  return { name, mimeType: MRC_TYPE, buffer: Buffer.from(text) };
}

export function tltFile(name: string, anglesDeg: number[]): FilePayload {
  return {
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(anglesDeg.map((a) => a.toFixed(2)).join('\n') + '\n'),
  };
}

export function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);
}

/** A third-party file from ../shared/data when present (null otherwise). */
export function sharedFile(rel: string): FilePayload | null {
  const path = resolve(import.meta.dirname, '../../shared/data', rel);
  if (!existsSync(path)) return null;
  return { name: rel.split('/').pop()!, mimeType: MRC_TYPE, buffer: readFileSync(path) };
}
