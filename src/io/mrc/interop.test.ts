// Every MRC-like file in ../shared/data against what python3-mrcfile 1.4.3 (permissive) read from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { hasSharedData, readShared, sharedPath } from '../../testing/sharedData.ts';
import { bytesSource, maybeDecompress, openMrc } from './index.ts';
import type { MrcFile, MrcReadOptions } from './types.ts';

interface OracleEntry {
  header?: Record<string, unknown> & {
    cella: { x: number; y: number; z: number };
    origin: { x: number; y: number; z: number };
    label: string[];
  };
  voxel_size: [number, number, number];
  data_shape: number[] | null;
  data_min?: number;
  data_max?: number;
  data_mean?: number;
  data_sum?: number;
  data_first5?: number[];
  data_last?: number;
  open_error?: string;
  open_warnings: string[];
}

const ORACLE = 'ORACLE_mrcfile-1.4.3.json';
/** Python's json writes bare NaN/Infinity; turn them into marker strings, then back into numbers. */
function parsePythonJson(text: string): unknown {
  const marked = text.replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '$1"__$2__"');
  return JSON.parse(marked, (_k, v: unknown) =>
    v === '__NaN__' ? NaN : v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v,
  );
}

const files: Record<string, OracleEntry> = hasSharedData
  ? (parsePythonJson(readFileSync(sharedPath(ORACLE), 'utf8')) as { files: Record<string, OracleEntry> })
      .files
  : {};
if (!hasSharedData) console.warn(`[mrc interop] ../shared/data absent: oracle comparisons skipped`);

/** Files the reader refuses by design, with the error code it gives (read again with `permissive`). */
const REFUSED: Record<string, string> = {
  'genfire/projections.mrc': 'bad-header', // no MAP id, axis map 0,0,0: GENFIRE's non-conforming writer
  'imp/invalid_axes.mrc': 'bad-header', // mapc/mapr/maps = 10,11,12
  'imod/headerTest.st': 'truncated', // header only
};

async function open(rel: string, opts?: MrcReadOptions): Promise<MrcFile> {
  const source = await maybeDecompress(bytesSource(readShared(rel), rel));
  return openMrc(source, opts);
}

function close(actual: number, expected: number, rel = 1e-6): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-30, Math.abs(expected)) + 1e-37);
}

async function compareWithOracle(rel: string, o: OracleEntry, file: MrcFile): Promise<void> {
  const h = file.header;
  const oh = o.header!;
  for (const key of [
    'nx',
    'ny',
    'nz',
    'mode',
    'mapc',
    'mapr',
    'maps',
    'nversion',
    'nsymbt',
    'ispg',
  ] as const) {
    expect(h[key], `${rel} ${key}`).toBe(oh[key]);
  }
  expect(h.cella).toEqual([oh.cella.x, oh.cella.y, oh.cella.z].map(Math.fround));
  const origin = [oh.origin.x, oh.origin.y, oh.origin.z];
  h.origin.forEach((v, i) => close(v, origin[i]));
  const exttyp = oh.exttyp as string;
  if (/^[\x20-\x7e]{4}$/.test(exttyp) || exttyp === '') expect(h.exttyp).toBe(exttyp);
  expect(h.labels).toEqual(oh.label.map((l) => l.replace(/[^\x20-\x7e]/g, '').trimEnd()));
  // mrcfile gives NaN for 0/0; WedgeLab gives 0 = unknown.
  h.voxelSizeA.forEach((v, i) => close(v, Number.isNaN(o.voxel_size[i]) ? 0 : o.voxel_size[i]));

  const shape = o.data_shape!;
  const [nz, ny, nx] = shape.length === 2 ? [1, shape[0], shape[1]] : shape;
  expect([h.nz, h.ny, h.nx]).toEqual([nz, ny, nx]);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let absSum = 0;
  let first: number[] = [];
  let last = NaN;
  for (let k = 0; k < file.nsections; k++) {
    const sec = await file.readSection(k);
    expect(sec.length).toBe(nx * ny);
    for (const v of sec) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      absSum += Math.abs(v);
    }
    if (k === 0) first = Array.from(sec.subarray(0, 5));
    if (k === file.nsections - 1) last = sec[sec.length - 1];
  }
  close(min, o.data_min!);
  close(max, o.data_max!);
  const n = nx * ny * nz;
  expect(Math.abs(sum / n - o.data_mean!)).toBeLessThanOrEqual(1e-6 * (absSum / n) + 1e-12);
  expect(Math.abs(sum - o.data_sum!)).toBeLessThanOrEqual(1e-6 * absSum + 1e-9);
  first.forEach((v, i) => close(v, o.data_first5![i]));
  close(last, o.data_last!);
}

describe.skipIf(!hasSharedData)('MRC interop with the mrcfile oracle', () => {
  for (const [rel, o] of Object.entries(files)) {
    if (REFUSED[rel]) {
      it(`${rel}: refused with a clear '${REFUSED[rel]}' error`, async () => {
        const err = await open(rel).catch((e: unknown) => e);
        expect(isWedgeLabError(err), String(err)).toBe(true);
        expect((err as { code: string }).code).toBe(REFUSED[rel]);
        expect((err as Error).message.startsWith(`${rel}: `)).toBe(true);
        expect((err as Error).message).not.toContain('\n');
      });
      continue;
    }
    it(`${rel}: header, shape and data equal the oracle`, async () => {
      const file = await open(rel);
      await compareWithOracle(rel, o, file);
      if (o.open_warnings.some((w) => w.startsWith('Unrecognised machine stamp'))) {
        expect(file.header.byteOrderFrom).toBe('heuristic');
        expect(file.header.warnings.join(' ')).toMatch(/machine stamp/);
      }
      if (o.open_warnings.some((w) => w.startsWith('Map ID string not found'))) {
        expect(file.header.hasMapId).toBe(false);
      }
    });
  }

  it('genfire/projections.mrc and imp/invalid_axes.mrc read through the permissive option in file order', async () => {
    for (const rel of ['genfire/projections.mrc', 'imp/invalid_axes.mrc']) {
      const file = await open(rel, { permissive: true });
      await compareWithOracle(rel, files[rel], file);
      expect(file.header.warnings.join(' ')).toMatch(/axis map/);
    }
  });

  it('imod/headerTest.st (header only, 0xCD junk) says it is truncated, with sizes', async () => {
    const err = (await open('imod/headerTest.st').catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/header only.*512×512×1 int16 \(524 288 bytes\)/);
  });
});
