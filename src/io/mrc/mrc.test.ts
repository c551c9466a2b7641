import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import { hasSharedData, readShared } from '../../testing/sharedData.ts';
import { blobSource, bytesSource, maybeDecompress, openMrc, readVolume, writeMrc } from './index.ts';
import { buildMrc, encodeValues, type RawSpec } from './testFiles.ts';
import type { MrcReadOptions, MrcWriteMode } from './types.ts';

const DATE = new Date('2024-05-01T12:00:00Z');

function ramp(nx: number, ny: number, nz: number, f: (x: number, y: number, z: number) => number): Volume {
  const data = new Float32Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[x + nx * (y + ny * z)] = f(x, y, z);
  return { nx, ny, nz, data, voxelSizeA: [2.5, 2.5, 3] };
}

async function readAll(bytes: Uint8Array, name = 't.mrc', opts?: MrcReadOptions) {
  const file = await openMrc(bytesSource(bytes, name), opts);
  return { file, volume: await readVolume(file) };
}

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isWedgeLabError(e), `expected a WedgeLabError, got ${String(e)}`).toBe(true);
  return e as { code: string; message: string };
}

describe('writer round trips', () => {
  const vol = ramp(7, 5, 4, (x, y, z) => (x - 3) * 10.37 + y * 0.51 - z * 7.2);
  const cases: Array<[MrcWriteMode, (v: number) => number]> = [
    [2, (v) => Math.fround(v)],
    [12, (v) => v],
    [1, (v) => Math.round(v)],
    [6, (v) => Math.max(0, Math.round(v))],
  ];
  for (const [mode, expected] of cases) {
    it(`mode ${mode}: values, header fields and stats`, async () => {
      const bytes = writeMrc(vol, {
        mode,
        program: 'test',
        date: DATE,
        labels: ['kept label'],
        origin: [1, 2, 3],
      });
      const { file, volume } = await readAll(bytes);
      const h = file.header;
      expect([h.nx, h.ny, h.nz, h.mode, h.mx, h.my, h.mz]).toEqual([7, 5, 4, mode, 7, 5, 4]);
      expect(h.cella).toEqual([17.5, 12.5, 12]);
      expect(h.cellb).toEqual([90, 90, 90]);
      expect([h.mapc, h.mapr, h.maps, h.nversion, h.nsymbt, h.ispg]).toEqual([1, 2, 3, 20141, 0, 1]);
      expect(h.voxelSizeA).toEqual([2.5, 2.5, 3]);
      expect(h.origin).toEqual([1, 2, 3]);
      expect(h.byteOrderFrom).toBe('stamp');
      expect(h.labels).toEqual(['wedgelab test 2024-05-01T12:00:00.000Z', 'kept label']);
      expect(h.warnings).toEqual([]);
      for (let i = 0; i < vol.data.length; i++) {
        const want = expected(vol.data[i]) + 0; // no -0
        if (mode === 12)
          expect(Math.abs(volume.data[i] - want)).toBeLessThanOrEqual(Math.abs(want) * 2 ** -11);
        else expect(volume.data[i]).toBe(want);
      }
      const stored = Array.from(volume.data);
      expect(h.dmin).toBe(Math.min(...stored));
      expect(h.dmax).toBe(Math.max(...stored));
      const mean = stored.reduce((a, b) => a + b, 0) / stored.length;
      expect(h.dmean).toBeCloseTo(mean, 4);
      const rms = Math.sqrt(stored.reduce((a, b) => a + (b - mean) ** 2, 0) / stored.length);
      expect(h.rms).toBeCloseTo(rms, 3);
    });
  }

  it('integer modes clamp to the type range and round; float16 clamps to ±65504 (NaN is refused: finite.test.ts)', async () => {
    const v: Volume = {
      nx: 4,
      ny: 1,
      nz: 1,
      data: new Float32Array([-1e6, 1e6, 7.4, 2.5]),
      voxelSizeA: [1, 1, 1],
    };
    const read = async (mode: MrcWriteMode) =>
      Array.from((await readAll(writeMrc(v, { mode, program: 't', date: DATE }))).volume.data);
    expect(await read(1)).toEqual([-32768, 32767, 7, 3]);
    expect(await read(6)).toEqual([0, 65535, 7, 3]);
    const f16 = await read(12);
    expect(f16.slice(0, 2)).toEqual([-65504, 65504]);
  });

  it('tilt angles go to an FEI1 extended header and come back as SectionMeta', async () => {
    const tilts = [-60, -1.5, 0, 42.25];
    const bytes = writeMrc(vol, { mode: 2, program: 'wedgelab convert', date: DATE, tiltAnglesDeg: tilts });
    const { file } = await readAll(bytes);
    expect(file.header.exttyp).toBe('FEI1');
    expect(file.header.nsymbt).toBe(768 * 4);
    expect(file.header.ispg).toBe(0);
    expect(file.header.labels[0]).toBe('wedgelab convert 2024-05-01T12:00:00.000Z');
    expect(file.sections.map((s) => s.tiltAngleDeg)).toEqual(tilts);
    expect(file.sections[0].pixelSizeA).toBeCloseTo(2.5, 10);
  });

  it('rejects bad volumes and mismatched tilt counts', () => {
    const bad = { ...vol, data: new Float32Array(3) };
    expect(() => writeMrc(bad, { mode: 2, program: 't' })).toThrow(/needs 140 values/);
    expect(() => writeMrc(vol, { mode: 2, program: 't', tiltAnglesDeg: [1, 2] })).toThrow(
      /2 tilt angles for 4/,
    );
  });
});

describe('reader: modes, byte order, axes', () => {
  const values = [0, 1, -2, 3, -4, 5, 100, -100, 7, 8, 9, 10];
  for (const le of [true, false]) {
    for (const mode of [1, 2, 12] as const) {
      it(`mode ${mode} ${le ? 'little' : 'big'}-endian by stamp`, async () => {
        const bytes = buildMrc({
          nx: 4,
          ny: 3,
          nz: 1,
          mode,
          littleEndian: le,
          data: encodeValues(mode, values, le),
        });
        const { file, volume } = await readAll(bytes);
        expect(file.header.littleEndian).toBe(le);
        expect(Array.from(volume.data)).toEqual(values);
      });
    }
  }

  it('big-endian uint16 with a zero stamp: byte order guessed, with a warning', async () => {
    const v = [1, 2, 65535, 4000, 5, 6];
    const bytes = buildMrc({
      nx: 3,
      ny: 2,
      nz: 1,
      mode: 6,
      littleEndian: false,
      stamp: [0, 0, 0, 0],
      data: encodeValues(6, v, false),
    });
    const { file, volume } = await readAll(bytes);
    expect(file.header.byteOrderFrom).toBe('heuristic');
    expect(file.header.littleEndian).toBe(false);
    expect(file.header.warnings[0]).toMatch(/machine stamp 0x00 0x00 0x00 0x00.*big-endian/);
    expect(Array.from(volume.data)).toEqual(v);
  });

  it('a wrong stamp is overruled when only the other byte order makes sense', async () => {
    const bytes = buildMrc({ nx: 3, ny: 2, nz: 2, mode: 2, littleEndian: false, stamp: [0x44, 0x44, 0, 0] });
    const { file } = await readAll(bytes);
    expect(file.header.littleEndian).toBe(false);
    expect(file.header.byteOrderFrom).toBe('heuristic');
  });

  it('mode 0 is signed by default and unsigned with unsignedMode0', async () => {
    const raw = new Uint8Array([0, 1, 127, 128, 200, 255]);
    const bytes = buildMrc({ nx: 3, ny: 2, nz: 1, mode: 0, data: raw });
    expect(Array.from((await readAll(bytes)).volume.data)).toEqual([0, 1, 127, -128, -56, -1]);
    const unsigned = await readAll(bytes, 't.mrc', { unsignedMode0: true });
    expect(Array.from(unsigned.volume.data)).toEqual([0, 1, 127, 128, 200, 255]);
  });

  it('mode 101: 4-bit, low nibble first, odd rows padded to a whole byte', async () => {
    // nx = 3: each row takes 2 bytes, the last high nibble is padding.
    const raw = new Uint8Array([0x21, 0x03, 0x54, 0x0f, 0xa9, 0x0b]);
    const bytes = buildMrc({ nx: 3, ny: 3, nz: 1, mode: 101, data: raw });
    const { volume } = await readAll(bytes);
    expect(Array.from(volume.data)).toEqual([1, 2, 3, 4, 5, 15, 9, 10, 11]);
  });

  it('complex modes and unknown modes are refused as unsupported', async () => {
    for (const mode of [3, 4, 5, 16]) {
      const err = await errorOf(openMrc(bytesSource(buildMrc({ nx: 2, ny: 2, nz: 1, mode }), 'c.mrc')));
      expect(err.code).toBe('unsupported');
      expect(err.message).toMatch(/^c\.mrc: .*mode/);
    }
  });

  it('readVolume applies mapc/mapr/maps: every permutation of a known volume', async () => {
    const dims = [3, 4, 5];
    const f = (x: number, y: number, z: number) => 100 * x + 10 * y + z;
    const perms: Array<[number, number, number]> = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ];
    for (const axes of perms) {
      const n = axes.map((a) => dims[a - 1]);
      const vals: number[] = [];
      for (let s = 0; s < n[2]; s++)
        for (let r = 0; r < n[1]; r++)
          for (let c = 0; c < n[0]; c++) {
            const xyz = [0, 0, 0];
            xyz[axes[0] - 1] = c;
            xyz[axes[1] - 1] = r;
            xyz[axes[2] - 1] = s;
            vals.push(f(xyz[0], xyz[1], xyz[2]));
          }
      const spec: RawSpec = { nx: n[0], ny: n[1], nz: n[2], mode: 2, axes, data: encodeValues(2, vals) };
      const { volume } = await readAll(buildMrc(spec));
      expect([volume.nx, volume.ny, volume.nz]).toEqual(dims);
      expect(Array.from(volume.data)).toEqual(Array.from(ramp(3, 4, 5, f).data));
    }
  });

  it('binning on read averages bin×bin blocks and drops the partial edge', async () => {
    const vals = Array.from({ length: 5 * 4 }, (_, i) => i);
    const file = await openMrc(
      bytesSource(buildMrc({ nx: 5, ny: 4, nz: 1, mode: 2, data: encodeValues(2, vals) }), 'b.mrc'),
    );
    const binned = await file.readSection(0, { bin: 2 });
    expect(Array.from(binned)).toEqual([
      (0 + 1 + 5 + 6) / 4,
      (2 + 3 + 7 + 8) / 4,
      (10 + 11 + 15 + 16) / 4,
      (12 + 13 + 17 + 18) / 4,
    ]);
    expect((await errorOf(file.readSection(0, { bin: 0 }))).code).toBe('bad-argument');
    expect((await errorOf(file.readSection(1))).code).toBe('bad-argument');
  });

  it('SerialEM extended header (nint bytes, nreal flags): tilt, magnification and dose per section', async () => {
    // flags 1 (tilt×100), 8 (mag/100), 32 (dose as two shorts) → 2 + 2 + 4 = 8 bytes per section
    const ext = new Uint8Array(8 * 2);
    const v = new DataView(ext.buffer);
    [
      [-6025, 250, 3, 0],
      [1500, 300, 1, 512],
    ].forEach(([tilt, mag, s1, s2], k) => {
      v.setInt16(8 * k, tilt, true);
      v.setInt16(8 * k + 2, mag, true);
      v.setInt16(8 * k + 4, s1, true);
      v.setInt16(8 * k + 6, s2, true);
    });
    const bytes = buildMrc({ nx: 2, ny: 2, nz: 2, mode: 1, exttyp: 'SERI', nint: 8, nreal: 1 | 8 | 32, ext });
    const { file } = await readAll(bytes);
    expect(file.sections).toEqual([
      { tiltAngleDeg: -60.25, magnification: 25000, doseEA2: 768 },
      { tiltAngleDeg: 15, magnification: 30000, doseEA2: 256 * 4 },
    ]);
  });

  it('blobSource reads slices of a Blob; maybeDecompress handles gzip by magic bytes', async () => {
    const bytes = writeMrc(
      ramp(4, 4, 2, (x, y, z) => x + y + z),
      { mode: 2, program: 't', date: DATE },
    );
    const fromBlob = await readVolume(await openMrc(blobSource(new Blob([bytes as BlobPart]), 'blob.mrc')));
    const gz = await maybeDecompress(bytesSource(gzipSync(bytes), 'x.mrc.gz'));
    const fromGz = await readVolume(await openMrc(gz));
    expect(Array.from(fromBlob.data)).toEqual(Array.from(fromGz.data));
    const corrupt = gzipSync(bytes).slice(0, 40);
    expect((await errorOf(maybeDecompress(bytesSource(corrupt, 'bad.mrc.gz')))).message).toMatch(
      /^bad\.mrc\.gz: could not decompress gzip/,
    );
  });
});

describe('reader: bad input gives one clear line', () => {
  const ok: RawSpec = { nx: 73, ny: 43, nz: 25, mode: 2 };
  const cases: Array<[string, Uint8Array, string, RegExp]> = [
    ['empty file', new Uint8Array(0), 'bad-header', /empty file/],
    [
      'text file',
      new TextEncoder().encode('-60.0\n-57.0\n-54.0\n'.repeat(80)),
      'bad-header',
      /not an MRC file: it is text \(starts "-60\.0 -57\.0/,
    ],
    ['short binary', new Uint8Array(100).fill(7), 'bad-header', /shorter than the 1024-byte MRC header/],
    [
      'truncated data',
      buildMrc(ok).slice(0, 12000),
      'truncated',
      /data truncated: header says 73×43×25 float32 \(313 900 bytes\) after byte 1 024 but the file has 12 000; was the download cut short\?/,
    ],
    ['header only', buildMrc(ok).slice(0, 1024), 'truncated', /header only/],
    ['negative size', buildMrc({ ...ok, nx: -5, data: new Uint8Array(8) }), 'bad-header', /-5×43×25/],
    [
      'absurd size',
      buildMrc({ ...ok, nx: 2 ** 30, ny: 2 ** 30, data: new Uint8Array(8) }),
      'too-large',
      /beyond 1 TiB/,
    ],
    [
      'invalid axes',
      buildMrc({ ...ok, axes: [10, 11, 12] }),
      'bad-header',
      /invalid axis map mapc,mapr,maps = 10,11,12/,
    ],
    [
      'no MAP id and junk axes',
      buildMrc({ ...ok, axes: [0, 0, 0], mapId: false, stamp: [0, 0, 0, 0] }),
      'bad-header',
      /not an MRC file: no 'MAP ' id.*permissive/,
    ],
  ];
  for (const [what, bytes, code, message] of cases) {
    it(what, async () => {
      const err = await errorOf(openMrc(bytesSource(bytes, 'EMD-3001.map')));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(/^EMD-3001\.map: /);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('\n');
    });
  }
});

describe.skipIf(!hasSharedData)('reader on real files: extended headers and permutation', () => {
  it('rosettasciio/HAADFscan.mrc: FEI2 pixel size 5.679 nm = 56.79 Å in SectionMeta', async () => {
    const file = await openMrc(bytesSource(readShared('rosettasciio/HAADFscan.mrc'), 'HAADFscan.mrc'));
    expect(file.header.exttyp).toBe('FEI2');
    expect(file.sections).toHaveLength(1);
    const px = file.sections[0].pixelSizeA!;
    expect(Math.abs(px - 56.79131317138672) / 56.79131317138672).toBeLessThan(1e-6);
    expect(file.sections[0].tiltAngleDeg).toBeCloseTo(0.008116119, 8);
    expect(file.sections[0].doseEA2).toBeUndefined(); // bitmask says no dose
  });

  it('gemmi/iota_yzx.ccp4.gz: axes 2,3,1 → every voxel equals 42x + 7y + z (unit-cell grid coordinates)', async () => {
    const src = await maybeDecompress(bytesSource(readShared('gemmi/iota_yzx.ccp4.gz'), 'iota_yzx.ccp4.gz'));
    const file = await openMrc(src);
    const h = file.header;
    expect([h.mapc, h.mapr, h.maps]).toEqual([2, 3, 1]);
    const v = await readVolume(file);
    expect([v.nx, v.ny, v.nz]).toEqual([4, 1, 2]);
    // nxstart/nystart/nzstart belong to columns/rows/sections; gemmi wraps grid indices by mx, my, mz.
    const start = [0, 0, 0];
    start[h.mapc - 1] = h.nxstart;
    start[h.mapr - 1] = h.nystart;
    start[h.maps - 1] = h.nzstart;
    const grid = (i: number, axis: number, m: number) => (((start[axis] + i) % m) + m) % m;
    for (let z = 0; z < v.nz; z++)
      for (let y = 0; y < v.ny; y++)
        for (let x = 0; x < v.nx; x++) {
          const want = 42 * grid(x, 0, h.mx) + 7 * grid(y, 1, h.my) + grid(z, 2, h.mz);
          expect(v.data[x + v.nx * (y + v.ny * z)]).toBe(want);
        }
  });

  it('mrcfile/EMD-3001.map: axes 3,1,2 → volume 43×25×73, voxel [x,y,z] = file[s][c][r]', async () => {
    const bytes = readShared('mrcfile/EMD-3001.map');
    const file = await openMrc(bytesSource(bytes, 'EMD-3001.map'));
    const v = await readVolume(file);
    expect([v.nx, v.ny, v.nz]).toEqual([43, 25, 73]);
    expect(v.voxelSizeA.map((a) => +a.toFixed(5))).toEqual([0.44825, 0.3925, 0.45875]);
    const view = new DataView(bytes.buffer, bytes.byteOffset + file.header.dataOffset);
    // mapc = 3: columns run along z; mapr = 1: rows along x; maps = 2: sections along y.
    for (const [c, r, s] of [
      [0, 0, 0],
      [72, 42, 24],
      [5, 17, 11],
      [60, 3, 20],
    ]) {
      const fileValue = view.getFloat32(4 * (c + 73 * (r + 43 * s)), true);
      expect(v.data[r + 43 * (s + 25 * c)]).toBe(fileValue);
    }
  });
});
