// The streaming writer gives writeMrc's bytes whatever order slabs come in, and readRows reads only its rows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { bytesSource, createMrcWriter, openMrc, writeMrc } from './index.ts';
import type { ByteSource, MrcWriteMode } from './types.ts';

const DATE = new Date('2024-05-01T12:00:00Z');

function volume(nx: number, ny: number, nz: number): Volume {
  const data = new Float32Array(nx * ny * nz);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 900 + (i % 7) * 3.3;
  return { nx, ny, nz, data, voxelSizeA: [2.5, 2.5, 2.5] };
}

/** Y-slab y0..y1 of a volume: index x + nx·((y − y0) + h·z) */
function slabOf(v: Volume, y0: number, y1: number): Float32Array {
  const h = y1 - y0;
  const out = new Float32Array(v.nx * h * v.nz);
  for (let z = 0; z < v.nz; z++)
    out.set(v.data.subarray(v.nx * (y0 + v.ny * z), v.nx * (y1 + v.ny * z)), v.nx * h * z);
  return out;
}

function shuffled<T>(a: T[], seed: number): T[] {
  const out = [...a];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('createMrcWriter', () => {
  const vol = volume(13, 11, 6);
  const modes: MrcWriteMode[] = [2, 12, 1, 6];
  it.each(modes)('mode %i: Y-slabs in shuffled order give writeMrc’s bytes', (mode) => {
    const opts = { mode, program: 'test', date: DATE, tiltAnglesDeg: [-50, -30, -10, 10, 30, 50] };
    const expected = writeMrc(vol, opts);
    const w = createMrcWriter({ ...opts, nx: vol.nx, ny: vol.ny, nz: vol.nz, voxelSizeA: vol.voxelSizeA });
    expect(w.fileBytes).toBe(expected.length);
    const file = new Uint8Array(w.fileBytes);
    const slabs: [number, number][] = [
      [0, 3],
      [3, 4],
      [4, 9],
      [9, 11],
    ];
    for (const [y0, y1] of shuffled(slabs, mode)) {
      expect(w.complete).toBe(false);
      for (const b of w.encodeSlab(y0, y1, slabOf(vol, y0, y1))) file.set(b.bytes, b.position);
    }
    expect(w.complete).toBe(true);
    file.set(w.header(), 0);
    expect(Buffer.from(file).equals(Buffer.from(expected))).toBe(true);
  });

  it('refuses a header before every row is written, and blocks outside the volume', () => {
    const w = createMrcWriter({ mode: 2, program: 't', nx: 4, ny: 3, nz: 2, voxelSizeA: [1, 1, 1] });
    w.encodeSlab(0, 2, new Float32Array(4 * 2 * 2));
    expect(() => w.header()).toThrow(/2 of 6 rows were never written/);
    expect(() => w.encodeSlab(2, 4, new Float32Array(16))).toThrow(/outside/);
    expect(() => w.encodeSlab(2, 3, new Float32Array(5))).toThrow(/5 values/);
  });

  it.skipIf(!existsSync('/usr/bin/mrcfile-validate'))('a slab-written file passes mrcfile-validate', () => {
    const w = createMrcWriter({
      mode: 2,
      program: 't',
      date: DATE,
      nx: 13,
      ny: 11,
      nz: 6,
      voxelSizeA: [2, 2, 2],
      imageStack: false,
    });
    const file = new Uint8Array(w.fileBytes);
    for (const [y0, y1] of [
      [5, 11],
      [0, 5],
    ] as const)
      for (const b of w.encodeSlab(y0, y1, slabOf(vol, y0, y1))) file.set(b.bytes, b.position);
    file.set(w.header(), 0);
    const path = join(mkdtempSync(join(tmpdir(), 'wl-stream-')), 'slabs.mrc');
    writeFileSync(path, file);
    const r = spawnSync('/usr/bin/mrcfile-validate', [path], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).not.toMatch(/invalid|error/i);
    expect(r.status).toBe(0);
  });
});

describe('MrcFile.readRows', () => {
  it('equals the rows of readSection and reads only their bytes', async () => {
    const vol = volume(9, 10, 4);
    const bytes = writeMrc(vol, { mode: 12, program: 't', date: DATE });
    const inner = bytesSource(bytes, 'rows.mrc');
    let read = 0;
    const counted: ByteSource = {
      name: inner.name,
      size: inner.size,
      read: (o, n) => {
        read += n;
        return inner.read(o, n);
      },
    };
    const file = await openMrc(counted);
    const section = await file.readSection(2);
    read = 0;
    const rows = await file.readRows(2, 3, 7);
    expect(read).toBe(4 * 9 * 2);
    expect(Array.from(rows)).toEqual(Array.from(section.subarray(3 * 9, 7 * 9)));
    await expect(file.readRows(2, 7, 11)).rejects.toThrow(/outside/);
    await expect(file.readRows(4, 0, 1)).rejects.toThrow(/do not exist/);
  });
});
