// The pipeline's cost (issue 8 §6): runRecipe on an in-memory host against the bare reconstruct() it wraps,
// on the same 256² × 61 series with the CLI's CPU projector, alternated so machine drift hits both; and
// `wedgelab run` of a saved recipe against `wedgelab reconstruct` with the same flags, as spawned commands.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseNodeDevice } from '../src/cli/nodeHost.ts';
import { geometryFromTilts } from '../src/core/geometry/index.ts';
import { countNonFinite } from '../src/core/stats.ts';
import { parseTlt } from '../src/io/meta/index.ts';
import { bytesSource, openMrc, writeMrc } from '../src/io/mrc/index.ts';
import { parseRecipe, runRecipe } from '../src/pipeline/index.ts';
import { memoryHost } from '../src/pipeline/testing/memoryHost.ts';
import { reconstruct } from '../src/recon/algorithms/index.ts';
import { simulateTiltSeries } from '../src/recon/simulate/index.ts';
import type { BenchResult } from './types.ts';

const N = 256;
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function overhead(): Promise<BenchResult> {
  const sim = await simulateTiltSeries({
    phantom: { name: 'shapes', nx: N, ny: N, nz: 64 },
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 2,
    seed: 1,
  });
  const ts = sim.tiltSeries;
  const mrc = writeMrc(
    { nx: ts.nx, ny: ts.ny, nz: ts.nviews, data: ts.data, voxelSizeA: [1, 1, 1] },
    { mode: 2, program: 'bench', date: null },
  );
  const tlt = sim.anglesDeg.join('\n') + '\n';
  const device = await chooseNodeDevice('cpu', 2);
  const recipe = parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'ts.mrc', tilts: 'ts.tlt' },
    reconstruct: { method: 'wbp', thicknessPx: 64 },
    device: { kind: 'cpu', threads: 2 },
    export: { volume: 'rec.mrc' },
  });
  // the same work by hand, as the CLI did it before the pipeline: parse the MRC, read and check the stack,
  // reconstruct, encode the output MRC
  const direct = async () => {
    const t0 = performance.now();
    const file = await openMrc(bytesSource(mrc, 'ts.mrc'));
    const data = new Float32Array(ts.nx * ts.ny * ts.nviews);
    for (let k = 0; k < file.nsections; k++) {
      const view = await file.readSection(k);
      if (countNonFinite(view) > 0) throw new Error('NaN'); // the CLI always refused non-finite views
      data.set(view, k * ts.nx * ts.ny);
    }
    const r = await reconstruct({
      data,
      nu: ts.nx,
      nv: ts.ny,
      nviews: ts.nviews,
      geometry: geometryFromTilts(parseTlt(tlt, 'ts.tlt')),
      method: 'wbp',
      thickness: 64,
      createProjector: device.createProjector,
    });
    writeMrc(r.volume, { mode: 2, program: 'bench', date: null });
    return (performance.now() - t0) / 1000;
  };
  const piped = async () => {
    const host = memoryHost({ 'ts.mrc': mrc, 'ts.tlt': tlt });
    host.cpuProjector = async () => ({ threads: 2, createProjector: device.createProjector });
    const t0 = performance.now();
    await runRecipe(recipe, host);
    return (performance.now() - t0) / 1000;
  };
  await direct(); // warm the thread pool
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    a.push(await direct());
    b.push(await piped());
  }
  await device.release();
  const pct = (100 * (median(b) - median(a))) / median(a);
  return {
    name: `pipeline overhead, 256² × 61 WBP → 256×256×64 (runRecipe vs the same steps by hand)`,
    seconds: r3(median(b)),
    target: '≤ 2 % over the steps by hand',
    met: pct <= 2,
    details: {
      'by hand (read MRC, reconstruct(), write MRC) median s': r3(median(a)),
      'runRecipe median s': r3(median(b)),
      'overhead %': Math.round(pct * 10) / 10,
      rounds: ROUNDS,
    },
  };
}

function spawnSeconds(args: string[]): number {
  const bin = resolve(import.meta.dirname, '../bin/wedgelab.js');
  const t0 = performance.now();
  execFileSync('node', [bin, ...args], { stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

function runVsReconstruct(): BenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-bench-run-'));
  try {
    const p = (n: string) => join(dir, n);
    spawnSeconds([
      'simulate',
      '--phantom',
      'shapes',
      '--size',
      '128,128,64',
      '--tilt-range',
      '-60,60',
      '--tilt-step',
      '2',
      '--seed',
      '7',
      '--out',
      p('sim'),
    ]);
    const flags = ['--tilts', p('sim.tlt'), '--method', 'wbp', '--thickness', '64', '--device', 'cpu'];
    spawnSeconds(['reconstruct', p('sim.mrc'), ...flags, '--out', p('a.mrc'), '--save-recipe', p('r.json')]);
    const rec: number[] = [];
    const run: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rec.push(spawnSeconds(['reconstruct', p('sim.mrc'), ...flags, '--out', p('a.mrc')]));
      run.push(spawnSeconds(['run', p('r.json'), '--out', p('o')]));
    }
    writeFileSync(p('done'), '');
    const pct = (100 * (median(run) - median(rec))) / median(rec);
    return {
      name: 'wedgelab run of the demo recipe vs wedgelab reconstruct (128² × 61 WBP, whole command)',
      command:
        'wedgelab run r.json --out o   vs   wedgelab reconstruct sim.mrc --tilts sim.tlt --thickness 64 --out a.mrc',
      seconds: r3(median(run)),
      target: 'within ±5 % of reconstruct',
      met: Math.abs(pct) <= 5,
      details: {
        'reconstruct median s': r3(median(rec)),
        'run median s': r3(median(run)),
        'difference %': Math.round(pct * 10) / 10,
        rounds: ROUNDS,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPipeline(): Promise<BenchResult[]> {
  return [await overhead(), runVsReconstruct()];
}
