// Spawn tests of recipes on the command line: reconstruct --save-recipe → run gives the same bytes; run on
// another series with --input/--out (what Snakemake does); plan without running; provenance in info; and
// bad recipes refused with one line, exit 2, nothing written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const sim = (out: string, size: string, seed: string) =>
  expectOk(
    wedgelab(
      'simulate',
      '--phantom',
      'shapes',
      '--size',
      size,
      '--tilt-range',
      '-60,60',
      '--tilt-step',
      '6',
      '--seed',
      seed,
      '--out',
      p(out),
    ),
  );

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-run-'));
  sim('a', '40,32,16', '1');
  sim('b', '36,28,16', '2');
  const r = wedgelab(
    ...['reconstruct', p('a.mrc'), '--tilts', p('a.tlt'), '--method', 'sart', '--thickness', '16'],
    ...[
      '--exclude',
      '1-2,20',
      '--device',
      'cpu',
      '--threads',
      '1',
      '--out',
      p('rec.mrc'),
      '--save-recipe',
      p('sub/r.json'),
    ],
  );
  expectOk(r);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab run', () => {
  it('replays the saved recipe byte for byte; the recipe is complete, with paths relative to its folder', () => {
    const recipe = JSON.parse(readFileSync(p('sub/r.json'), 'utf8'));
    expect(recipe.wedgelab).toBe('recipe/1');
    expect(recipe.input.stack).toBe('../a.mrc');
    expect(recipe.reconstruct).toMatchObject({
      method: 'sart',
      iterations: 5,
      relaxation: 0.15,
      thicknessPx: 16,
      excludeViews: '1-2,20',
    });
    expect(recipe.input.expect).toEqual({ nx: 40, ny: 32, nviews: 21 });
    const r = wedgelab('run', p('sub/r.json'), '--out', p('replay'), '--json');
    expectOk(r);
    const j = JSON.parse(r.stdout) as { out: string; views: number; recipeHash: string };
    expect(j.out).toBe(`${p('replay')}/a_rec.mrc`);
    expect(j.views).toBe(18);
    expect(readFileSync(j.out)).toEqual(readFileSync(p('rec.mrc')));
    expect(existsSync(p('replay/a_rec.recipe.json'))).toBe(true);
    // the label carries version and hash; info finds the recipe beside it
    const info = wedgelab('info', j.out, '--json');
    expectOk(info);
    const prov = (
      JSON.parse(info.stdout) as { provenance: { recipeHash: string; recipe: { matches: boolean } } }
    ).provenance;
    expect(j.recipeHash.startsWith(prov.recipeHash)).toBe(true);
    expect(prov.recipe.matches).toBe(true);
  });

  it('--input runs the recipe on another series (its size check dropped)', () => {
    const r = wedgelab(
      'run',
      p('sub/r.json'),
      '--input',
      p('b.mrc'),
      '--tilts',
      p('b.tlt'),
      '--out',
      p('ob'),
      '--json',
    );
    expectOk(r);
    const j = JSON.parse(r.stdout) as { nx: number; ny: number; nz: number; out: string };
    expect([j.nx, j.ny, j.nz]).toEqual([36, 28, 16]);
    expect(j.out).toBe(`${p('ob')}/b_rec.mrc`);
    // without --input, the recipe's own stack must still be the one it was saved for
    writeFileSync(
      p('sub/wrong.json'),
      readFileSync(p('sub/r.json'), 'utf8')
        .replace('"../a.mrc"', '"../b.mrc"')
        .replace('"../a.tlt"', '"../b.tlt"'),
    );
    expectUsageError(
      wedgelab('run', p('sub/wrong.json'), '--out', p('ow')),
      /b.mrc is 36×28×21 but the recipe was saved for a 40×32×21 stack/,
    );
    expect(existsSync(p('ow'))).toBe(false);
  });

  it('bad recipes: another version, an unknown field, a value out of range, a missing input', () => {
    const base = JSON.parse(readFileSync(p('sub/r.json'), 'utf8'));
    const bad = (name: string, doc: unknown) => {
      writeFileSync(p(name), JSON.stringify(doc));
      return wedgelab('run', p(name), '--out', p(`o-${name}`));
    };
    expectUsageError(
      bad('v2.json', { ...base, wedgelab: 'recipe/2' }),
      /v2.json is "recipe\/2"; this WedgeLab reads "wedgelab": "recipe\/1"/,
    );
    expectUsageError(
      bad('unk.json', { ...base, reconstruct: { ...base.reconstruct, lamda: 1 } }),
      /unk.json: unknown field reconstruct.lamda; known fields here:/,
    );
    expectUsageError(
      bad('range.json', { ...base, reconstruct: { ...base.reconstruct, thicknessPx: -3 } }),
      /^wedgelab: .*range.json: reconstruct.thicknessPx \(--thickness\): must be a whole number ≥ 1, got -3$/,
    );
    expectUsageError(
      bad('miss.json', { ...base, input: { ...base.input, stack: 'gone.mrc' } }),
      /gone.mrc: no such file/,
    );
    expectUsageError(wedgelab('run', p('nothing.json')), /nothing.json: no such recipe file/);
    const { export: _e, ...noExport } = base;
    writeFileSync(p('noout.json'), JSON.stringify(noExport));
    expectUsageError(
      wedgelab('run', p('noout.json')),
      /noout.json writes no tomogram \(no export.volume\); give --out DIR$/,
    );
    for (const n of ['v2', 'unk', 'range', 'miss']) expect(existsSync(p(`o-${n}.json`))).toBe(false);
  });
});

describe('wedgelab plan', () => {
  it('estimates memory, threads, device and time from the header alone', () => {
    const r = wedgelab('plan', p('sub/r.json'), '--threads', '1', '--json');
    expectOk(r);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ mode: 'whole', threads: 1, gpu: false, nx: 40, ny: 32, nz: 16, slabs: 1 });
    expect(j.memoryMB as number).toBeGreaterThan(0);
    expect(j.seconds as number).toBeGreaterThan(0);
    const budget = (j.peakBytes as number) / 2;
    const tight = JSON.parse(
      expectOkOut(wedgelab('plan', p('sub/r.json'), '--max-memory', String(budget / 1e9), '--json')),
    );
    expect(tight.mode).toBe('slabs');
    expect(tight.peakBytes).toBeLessThanOrEqual(budget);
    expect(tight.slabs).toBeGreaterThan(1);
  });
});

function expectOkOut(r: ReturnType<typeof wedgelab>): string {
  expectOk(r);
  return r.stdout;
}
