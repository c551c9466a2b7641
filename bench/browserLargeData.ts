// Data for bench/browserLarge.ts, all in Node: the tilt series (simulated once with the CLI and cached in
// .cache/browser-large/, git-ignored), a few of its rows cut into a small series, the CLI's reconstruction
// of those rows (WBP rows decouple when the series needs no in-plane rotation or y-shift, so rows y of the
// small volume are rows y of the big one), and the correlation used to compare the two.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openNodeSource } from '../src/cli/nodeSource.ts';
import { bytesSource, openMrc, readVolume, writeMrc } from '../src/io/mrc/index.ts';

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

/** Rows `ys` of every view of a stack, as a small stack (nx × ys.length × views) written to `out`. */
export async function cropRows(mrcPath: string, ys: number[], out: string): Promise<void> {
  const source = await openNodeSource(mrcPath);
  try {
    const mrc = await openMrc(source);
    const { nx, nz } = mrc.header;
    const data = new Float32Array(nx * ys.length * nz);
    for (let k = 0; k < nz; k++)
      for (const [i, y] of ys.entries()) data.set(await mrc.readRows(k, y, y + 1), nx * (i + ys.length * k));
    const px = mrc.header.voxelSizeA[0];
    writeFileSync(
      out,
      writeMrc(
        { nx, ny: ys.length, nz, data, voxelSizeA: [px, px, px] },
        { mode: 2, program: 'wedgelab bench browser-large rows', imageStack: true },
      ),
    );
  } finally {
    await source.close();
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
  const volume = await readVolume(await openMrc(bytesSource(await readFile(out), out)));
  return { data: volume.data, nx: volume.nx, ny: volume.ny, nz: volume.nz, json };
}

/** Row `i` of a volume nx × ny × nz (x fastest) as an XZ slice, nx × nz. */
export function xzSlice(data: Float32Array, nx: number, ny: number, nz: number, i: number): Float32Array {
  const out = new Float32Array(nx * nz);
  for (let z = 0; z < nz; z++) out.set(data.subarray(nx * (i + ny * z), nx * (i + ny * z + 1)), nx * z);
  return out;
}
