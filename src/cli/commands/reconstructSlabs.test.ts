// `wedgelab reconstruct` in slab mode: a --max-memory too small for the whole volume gives the same
// tomogram (rows decouple), via the aligned-stack prepass when there is an .xf, and a clear refusal else.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { correlation, maxRelDiff } from '../../recon/algorithms/testUtils.ts';
import { expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);

async function readMap(path: string): Promise<Volume> {
  const { bytesSource, openMrc, readVolume } = await import('../../io/mrc/index.ts');
  return readVolume(await openMrc(bytesSource(new Uint8Array(readFileSync(path)), path)));
}

function recon(out: string, ...args: string[]) {
  const r = wedgelab(
    'reconstruct',
    p('s.mrc'),
    '--tilts',
    p('s.tlt'),
    '--device',
    'cpu',
    '--threads',
    '1',
    '--thickness',
    '24',
    ...args,
    '--out',
    p(out),
    '--json',
  );
  expectOk(r);
  return JSON.parse(r.stdout) as { slabs?: { count: number; rows: number }; residuals: number[]; ny: number };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-slabs-'));
  const sim = wedgelab(
    ...[
      'simulate',
      '--phantom',
      'shapes',
      '--size',
      '48,40,24',
      '--tilt-range',
      '-60,60',
      '--tilt-step',
      '5',
    ],
    ...['--shift-sigma', '1.5', '--axis-error', '3', '--out', p('s')],
  );
  expectOk(sim);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab reconstruct in slabs', () => {
  it.each(['wbp', 'sirt'])('%s: a tiny --max-memory gives the in-memory tomogram', async (method) => {
    const whole = recon(`${method}.mrc`, '--method', method, '--iterations', '3');
    expect(whole.slabs).toBeUndefined();
    const slabs = recon(
      `${method}-slabs.mrc`,
      '--method',
      method,
      '--iterations',
      '3',
      '--max-memory',
      '0.0003',
    );
    expect(slabs.slabs?.count).toBeGreaterThan(1);
    const a = await readMap(p(`${method}-slabs.mrc`));
    const b = await readMap(p(`${method}.mrc`));
    expect([a.nx, a.ny, a.nz]).toEqual([b.nx, b.ny, b.nz]);
    expect(maxRelDiff(a.data, b.data)).toBeLessThan(1e-5);
    slabs.residuals.forEach((x, i) => expect(x).toBeCloseTo(whole.residuals[i], 5));
  });

  it('with an .xf (axis rotation, y-shifts): the aligned-stack prepass, close to the in-memory result', async () => {
    const xf = ['--xf', p('s_truth.xf')];
    recon('xf.mrc', ...xf);
    const s = recon('xf-slabs.mrc', ...xf, '--max-memory', '0.0003');
    expect(s.slabs?.count).toBeGreaterThan(1);
    const a = await readMap(p('xf-slabs.mrc'));
    const b = await readMap(p('xf.mrc'));
    expect(correlation(a.data, b.data)).toBeGreaterThan(0.95);
    expect(readFileSync(p('xf-slabs.mrc')).length).toBe(1024 + 4 * 48 * 40 * 24);
  });

  it('refuses what slab mode cannot run, naming why', () => {
    const tv = wedgelab(
      'reconstruct',
      p('s.mrc'),
      '--tilts',
      p('s.tlt'),
      '--device',
      'cpu',
      '--thickness',
      '24',
      '--method',
      'tv',
      '--max-memory',
      '0.0003',
      '--out',
      p('tv.mrc'),
    );
    expectUsageError(tv, /slab mode cannot help: slab mode runs wbp\/sirt\/sart only/);
    const tiny = wedgelab(
      'reconstruct',
      p('s.mrc'),
      '--tilts',
      p('s.tlt'),
      '--device',
      'cpu',
      '--thickness',
      '24',
      '--max-memory',
      '0.00001',
      '--out',
      p('tiny.mrc'),
    );
    expectUsageError(tiny, /slab mode needs .* even for 2-row slabs/);
  });
});
