// Data for bench/browserLarge.ts, all in Node: the tilt series (simulated once with the CLI and cached in
// .cache/browser-large/, git-ignored), a few of its rows cut into a small series, the CLI's reconstruction
// of those rows (WBP rows decouple when the series needs no in-plane rotation or y-shift, so rows y of the
// small volume are rows y of the big one), and the correlation used to compare the two.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeMrc } from '../src/io/mrc/index.ts';

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = resolve(ROOT, '.cache/browser-large');
const CLI = resolve(ROOT, 'bin/wedgelab.js');

export interface SeriesFiles {
  mrc: string;
  tlt: string;
  /** the simulate command line, for the report */
  command: string;
  /** seconds spent simulating now (0 when cached) */
  simulatedSeconds: number;
}

/** `wedgelab simulate` through nice, so the benchmark's setup yields to other work. */
function cli(args: string[]): Promise<{ stdout: string }> {
  return run('nice', ['-n', '10', process.execPath, CLI, ...args], {
    cwd: ROOT,
    maxBuffer: 1 << 26,
  });
}

/** A noise-free `shapes` series nx × ny × 61 views (−60…60°, step 2) of an nx × ny × nz phantom, cached. */
export async function ensureSeries(nx: number, ny: number, nz: number): Promise<SeriesFiles> {
  mkdirSync(CACHE, { recursive: true });
  const prefix = resolve(CACHE, `shapes-${nx}x${ny}x${nz}`);
  const args = [
    'simulate',
    '--phantom',
    'shapes',
    '--size',
    `${nx},${ny},${nz}`,
    '--tilt-range',
    '-60,60',
    '--tilt-step',
    '2',
    '--out',
    prefix,
  ];
  const command = `wedgelab ${args.join(' ').replace(ROOT + '/', '')}`;
  const files = { mrc: `${prefix}.mrc`, tlt: `${prefix}.tlt`, command };
  if (existsSync(`${prefix}.ok`) && existsSync(files.mrc) && existsSync(files.tlt))
    return { ...files, simulatedSeconds: 0 };
  console.error(`bench: simulating ${nx}×${ny}×${nz} (cached in ${CACHE}) …`);
  const t0 = performance.now();
  await cli(args);
  // the truth is not needed here and is the biggest file
  rmSync(`${prefix}_truth.mrc`, { force: true });
  writeFileSync(`${prefix}.ok`, command + '\n');
  return { ...files, simulatedSeconds: (performance.now() - t0) / 1000 };
}

export interface MrcLayout {
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  dataOffset: number;
  pixelSizeA: number;
}

export function mrcLayout(header: Buffer): MrcLayout {
  const [nx, ny, nz, mode] = [0, 4, 8, 12].map((o) => header.readInt32LE(o));
  const mx = header.readInt32LE(28);
  const cellA = header.readFloatLE(40);
  const nsymbt = header.readInt32LE(92);
  return { nx, ny, nz, mode, dataOffset: 1024 + nsymbt, pixelSizeA: mx > 0 ? cellA / mx : 0 };
}

/** Rows `ys` of every view of a float32 stack, as a small stack (nx × ys.length × views) written to `out`. */
export function cropRows(mrcPath: string, ys: number[], out: string): MrcLayout {
  const fd = openSync(mrcPath, 'r');
  try {
    const head = Buffer.alloc(1024);
    readSync(fd, head, 0, 1024, 0);
    const L = mrcLayout(head);
    if (L.mode !== 2) throw new Error(`${mrcPath}: mode ${L.mode}; the benchmark expects float32 (mode 2)`);
    const row = 4 * L.nx;
    const data = new Float32Array(L.nx * ys.length * L.nz);
    const bytes = Buffer.from(data.buffer);
    ys.forEach((y, i) => {
      for (let k = 0; k < L.nz; k++) {
        const at = L.dataOffset + row * (y + L.ny * k);
        readSync(fd, bytes, row * (i + ys.length * k), row, at);
      }
    });
    const px = L.pixelSizeA;
    writeFileSync(
      out,
      writeMrc(
        { nx: L.nx, ny: ys.length, nz: L.nz, data, voxelSizeA: [px, px, px] },
        { mode: 2, program: 'wedgelab bench browser-large rows', imageStack: true },
      ),
    );
    return L;
  } finally {
    closeSync(fd);
  }
}

/** The CLI's WBP of `mrc` (its own .tlt) at `thickness`: the volume, x fastest, then y, then z. */
export async function cliWbp(
  mrc: string,
  tlt: string,
  thickness: number,
  out: string,
): Promise<{ data: Float32Array; nx: number; ny: number; nz: number; json: Record<string, unknown> }> {
  const { stdout } = await cli([
    'reconstruct',
    mrc,
    '--tilts',
    tlt,
    '--method',
    'wbp',
    '--thickness',
    String(thickness),
    '--out',
    out,
    '--json',
  ]);
  const json = JSON.parse(stdout) as Record<string, unknown>;
  const buf = await readFile(out);
  const L = mrcLayout(buf);
  const data = new Float32Array(L.nx * L.ny * L.nz);
  Buffer.from(data.buffer).set(buf.subarray(L.dataOffset, L.dataOffset + 4 * data.length));
  return { data, nx: L.nx, ny: L.ny, nz: L.nz, json };
}

/** Pearson correlation of two equal-length arrays. */
export function correlation(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`correlation: lengths ${a.length} and ${b.length}`);
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / a.length;
  const mb = sb / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Row `i` of a volume nx × ny × nz (x fastest) as an XZ slice, nx × nz. */
export function xzSlice(data: Float32Array, nx: number, ny: number, nz: number, i: number): Float32Array {
  const out = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++) out.set(data.subarray(nx * (i + ny * z), nx * (i + ny * z + 1)), nx * z);
  return out;
}
