// The batch path for real: three simulated series and one truncated file through workflows/Snakefile, on a
// single-node Slurm started here (workflows/slurm/local-cluster.sh) and on local cores. Fails, never skips,
// when snakemake or Slurm is missing: scripts/test.sh installs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER, PROFILE, SNAKEFILE, requireTools, run, startedStems, wedgelab, type Ran } from './procs.ts';

const GOOD = ['TS01', 'TS02', 'TS03'];
// small and quick: 48 × 48 views, 31 of them
const SIMULATE = 'simulate --phantom shapes --size 48,48,24 --tilt-range -60,60 --tilt-step 4';
const ALL = ['BAD', ...GOOD];
// A state dir and ports of the test's own, so a developer's local cluster on 6817 is left alone.
const SLURM_DIR = join(tmpdir(), 'wedgelab-slurm-test');
const clusterEnv = { ...process.env, WEDGELAB_SLURM_DIR: SLURM_DIR, WEDGELAB_SLURM_PORT: '16817' };
// CI=true makes Snakemake 7 poll job states every 1 s instead of every 10 s (its executors' sleep()).
const smEnv = { ...clusterEnv, SLURM_CONF: join(SLURM_DIR, 'slurm.conf'), CI: 'true' };

let dir = '';
let inputs = '';
let recipe = '';
const direct: Record<string, Ran> = {};
const slurmWall: number[] = [];

const snakemake = (out: string, extra: string[]) =>
  run(
    'snakemake',
    ['-s', SNAKEFILE, '--config', `recipe=${recipe}`, `inputs=${inputs}`, `out=${out}`, ...extra],
    { cwd: dir, env: smEnv },
  );
const slurmArgs = ['--profile', PROFILE, '--jobs', '4'];
const bytes = (p: string) => readFileSync(p);
const series = (s: string) =>
  ['--input', join(inputs, `${s}.mrc`), '--tilts', join(inputs, `${s}.tlt`)].concat(
    existsSync(join(inputs, `${s}.xf`)) ? ['--xf', join(inputs, `${s}.xf`)] : [],
  );
const mtimes = (out: string) => GOOD.map((s) => statSync(join(out, s, `${s}_rec.mrc`)).mtimeMs);

function expectOutputs(out: string, log: Ran): void {
  for (const s of GOOD) {
    // identical bytes to the same recipe run directly: the batch path adds nothing and changes nothing
    // (the saved recipe too: its input paths are relative, and OUT/<stem> sits as deep as direct/<stem>)
    for (const f of [`${s}_rec.mrc`, `${s}_rec.recipe.json`]) {
      expect(bytes(join(out, s, f)).equals(bytes(join(dir, 'direct', s, f))), `${out}/${s}/${f}`).toBe(true);
    }
  }
  // the broken series failed alone, with its one-line error, and left nothing
  expect(log.code, log.stderr).not.toBe(0);
  const lines = readFileSync(join(out, 'logs', 'BAD.log'), 'utf8')
    .trim()
    .split('\n');
  expect(lines).toEqual([direct.BAD.stderr.trim()]);
  expect(lines[0]).toMatch(/^wedgelab: .*truncated/);
  expect(existsSync(join(out, 'BAD')) ? readdirSync(join(out, 'BAD')) : []).toEqual([]);
}

describe('batch workflow (snakemake + slurm)', () => {
  beforeAll(async () => {
    requireTools();
    dir = mkdtempSync(join(tmpdir(), 'wedgelab-batch-'));
    inputs = join(dir, 'in');
    const sims = await Promise.all(
      GOOD.map((s, i) =>
        wedgelab([...SIMULATE.split(' '), '--seed', String(i + 1), '--out', join(inputs, s)]),
      ),
    );
    for (const r of sims) expect(r.code, r.stderr).toBe(0);
    // an optional .xf on one series; the *_truth.mrc files have no angles beside them, so are not series
    copyFileSync(join(inputs, 'TS02_truth.xf'), join(inputs, 'TS02.xf'));
    // a download cut short: the header is whole, half the data is missing
    copyFileSync(join(inputs, 'TS01.mrc'), join(inputs, 'BAD.mrc'));
    truncateSync(join(inputs, 'BAD.mrc'), Math.floor(statSync(join(inputs, 'BAD.mrc')).size / 2));
    copyFileSync(join(inputs, 'TS01.tlt'), join(inputs, 'BAD.tlt'));

    recipe = join(dir, 'R.json');
    const first = ['--thickness', '24', '--out', join(dir, 'first.mrc'), '--save-recipe', recipe];
    const rec = await wedgelab([
      'reconstruct',
      join(inputs, 'TS01.mrc'),
      '--tilts',
      join(inputs, 'TS01.tlt'),
      ...first,
    ]);
    expect(rec.code, rec.stderr).toBe(0);

    for (const s of ALL)
      direct[s] = await wedgelab(['run', recipe, ...series(s), '--out', join(dir, 'direct', s)]);
    for (const s of GOOD) expect(direct[s].code, direct[s].stderr).toBe(0);
    expect(direct.BAD.code).toBe(2);
    expect(direct.BAD.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'direct', 'BAD')) ? readdirSync(join(dir, 'direct', 'BAD')) : []).toEqual([]);

    const up = await run('bash', [CLUSTER, 'start'], { env: clusterEnv });
    expect(up.code, up.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await run('bash', [CLUSTER, 'stop'], { env: clusterEnv });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every series through Slurm; the broken one fails alone; a rerun redoes only what is missing', async () => {
    const out = join(dir, 'out-slurm');
    const first = await snakemake(out, slurmArgs);
    slurmWall.push(first.seconds);
    expectOutputs(out, first);
    expect(startedStems(first.stderr)).toEqual(ALL);

    const before = mtimes(out);
    const again = await snakemake(out, slurmArgs);
    expect(startedStems(again.stderr), again.stderr).toEqual(['BAD']);
    expect(mtimes(out)).toEqual(before);
    expectOutputs(out, again);
  }, 120_000);

  it('runs the same workflow on local cores, then has nothing to do once the broken file is gone', async () => {
    const out = join(dir, 'out-local');
    const local = await snakemake(out, ['--cores', '2', '--keep-going']);
    expectOutputs(out, local);

    for (const f of ['BAD.mrc', 'BAD.tlt']) rmSync(join(inputs, f));
    const none = await snakemake(out, ['--cores', '2', '--keep-going']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('Nothing to be done');

    const sum = ALL.reduce((t, s) => t + direct[s].seconds, 0);
    const per = (wall: number) => ((wall - sum) / ALL.length).toFixed(2);
    console.log(
      `batch overhead per series (${ALL.length} series, direct wedgelab run ${sum.toFixed(2)} s in all): ` +
        `slurm ${per(slurmWall[0])} s (workflow ${slurmWall[0].toFixed(2)} s), ` +
        `local --cores 2 ${per(local.seconds)} s (workflow ${local.seconds.toFixed(2)} s)`,
    );
  }, 120_000);
});
