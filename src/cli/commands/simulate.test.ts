// Spawn tests of `wedgelab simulate` and `wedgelab project`: the real process, files on disk.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CTF } from '../../core/acquisition/index.ts';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { PHANTOM_NAMES } from '../../core/phantoms/index.ts';
import type { Volume } from '../../core/types.ts';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import { createJosephProjector } from '../../recon/reference/index.ts';
import { correlation } from '../../recon/simulate/testUtil.ts';
import { parseCtf, PHANTOM_CHOICES } from './simulate.ts';

let dir = '';
const p = (name: string) => join(dir, name);

async function readMrc(path: string): Promise<Volume> {
  const bytes = new Uint8Array(readFileSync(path));
  return readVolume(await openMrc(bytesSource(bytes, path)));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-simulate-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab simulate', () => {
  it('writes the 4 files that info reads as nx × ny × nviews, and prints JSON', () => {
    const r = wedgelab(
      'simulate',
      '--phantom',
      'spheres',
      '--size',
      '40,36,24',
      '--tilt-range',
      '-60,60',
      '--tilt-step',
      '10',
      '--dose',
      '3',
      '--shift-sigma',
      '1',
      '--out',
      p('sub/x'),
      '--json',
    );
    expectOk(r);
    const j = JSON.parse(r.stdout) as {
      files: string[];
      nviews: number;
      seconds: number;
      warnings: string[];
    };
    expect(j.files).toEqual(['x.mrc', 'x.tlt', 'x_truth.mrc', 'x_truth.xf'].map((f) => p(`sub/${f}`)));
    expect(j.nviews).toBe(13);
    expect(j.seconds).toBeGreaterThan(0);
    expect(j.warnings).toEqual([]);
    for (const f of j.files) expect(existsSync(f)).toBe(true);
    const info = JSON.parse(wedgelab('info', p('sub/x.mrc'), '--json').stdout) as Record<string, unknown>;
    expect([info.nx, info.ny, info.nz]).toEqual([40, 36, 13]);
    expect(info.tiltAngles).toEqual([-60, -50, -40, -30, -20, -10, 0, 10, 20, 30, 40, 50, 60]);
    const truth = JSON.parse(wedgelab('info', p('sub/x_truth.mrc'), '--json').stdout) as Record<
      string,
      unknown
    >;
    expect([truth.nx, truth.ny, truth.nz]).toEqual([40, 36, 24]);
    expect(readFileSync(p('sub/x.tlt'), 'utf8').trim().split('\n')).toHaveLength(13);
    expect(readFileSync(p('sub/x_truth.xf'), 'utf8').trim().split('\n')).toHaveLength(13);
  });

  it('project reproduces a noise-free series from its truth (and from raw frames with the truth .xf)', async () => {
    for (const [name, extra] of [
      ['plain', []],
      ['shifted', ['--shift-sigma', '2', '--axis-error', '3']],
    ] as const) {
      const sim = wedgelab(
        'simulate',
        '--phantom',
        'shapes',
        '--size',
        '48,48,32',
        '--tilt-range',
        '-60,60',
        '--tilt-step',
        '15',
        ...extra,
        '--out',
        p(name),
      );
      expectOk(sim);
      expect(sim.stdout).toMatch(/48 × 48 × 9 views/);
      const xf = name === 'plain' ? [] : ['--xf', p(`${name}_truth.xf`)];
      const proj = wedgelab(
        'project',
        p(`${name}_truth.mrc`),
        '--tilts',
        p(`${name}.tlt`),
        ...xf,
        '--out',
        p(`${name}_re.mrc`),
      );
      expectOk(proj);
      const a = await readMrc(p(`${name}.mrc`));
      const b = await readMrc(p(`${name}_re.mrc`));
      expect([b.nx, b.ny, b.nz]).toEqual([48, 48, 9]);
      expect(correlation(a.data, b.data)).toBeGreaterThan(0.999);
    }
  });

  it('--angle-offset: the .tlt keeps the nominal angles, the views are Joseph projections at the true ones', async () => {
    const sim = wedgelab(
      ...['simulate', '--phantom', 'shapes', '--size', '48,48,32', '--tilt-range', '-60,60'],
      ...['--tilt-step', '15', '--angle-offset', '4', '--out', p('offset')],
    );
    expectOk(sim);
    const nominal = readFileSync(p('offset.tlt'), 'utf8').trim().split('\n').map(Number);
    expect(nominal).toEqual([-60, -45, -30, -15, 0, 15, 30, 45, 60]);
    const series = await readMrc(p('offset.mrc'));
    const truth = await readMrc(p('offset_truth.mrc'));
    const maxErrAt = async (anglesDeg: number[]) => {
      const exp = await createJosephProjector(geometryFromTilts(anglesDeg), truth).forward(truth.data);
      let err = 0;
      let peak = 0;
      for (let i = 0; i < exp.length; i++) {
        err = Math.max(err, Math.abs(series.data[i] - exp[i]));
        peak = Math.max(peak, Math.abs(exp[i]));
      }
      return err / peak;
    };
    const atTrue = await maxErrAt(nominal.map((a) => a + 4));
    const atNominal = await maxErrAt(nominal);
    console.info(
      `[angle-offset] max |error| / peak: true angles ${atTrue.toExponential(2)}, nominal ${atNominal.toFixed(3)}`,
    );
    expect(atTrue).toBeLessThan(1e-4);
    // 4° off is visible: the nominal geometry does not explain the views
    expect(atNominal).toBeGreaterThan(0.05);
  });

  it('project refuses an .xf whose line count does not match the .tlt, in one line', () => {
    writeFileSync(p('three.tlt'), '-10\n0\n10\n');
    writeFileSync(p('two.xf'), '1 0 0 1 0 0\n1 0 0 1 0 0\n');
    const r = wedgelab(
      'project',
      p('missing.mrc'),
      '--tilts',
      p('three.tlt'),
      '--xf',
      p('two.xf'),
      '--out',
      p('o.mrc'),
    );
    expectUsageError(r, /two\.xf has 2 transforms but .*three\.tlt has 3 angles/);
  });

  it('rejects a bad --ctf in one line', () => {
    expectUsageError(wedgelab('simulate', '--ctf', 'focus=3', '--out', p('bad')), /--ctf focus=3/);
  });
});

describe('simulate argument helpers', () => {
  it('PHANTOM_CHOICES lists every phantom', () => {
    expect([...PHANTOM_CHOICES]).toEqual([...PHANTOM_NAMES]);
  });

  it('parseCtf reads any subset of keys, and a bare defocus', () => {
    expect(parseCtf('defocus=3,voltage=300,cs=2.7,amp=0.07', DEFAULT_CTF)).toEqual({
      defocusUm: 3,
      voltageKv: 300,
      csMm: 2.7,
      amplitudeContrast: 0.07,
    });
    expect(parseCtf('defocus=5,voltage=200', DEFAULT_CTF)).toMatchObject({
      defocusUm: 5,
      voltageKv: 200,
      csMm: 2.7,
    });
    expect(parseCtf('4.5', DEFAULT_CTF).defocusUm).toBe(4.5);
    expect(() => parseCtf('amp=1.5', DEFAULT_CTF)).toThrow(/amp/);
    expect(() => parseCtf('defocus=x', DEFAULT_CTF)).toThrow(/cannot read "defocus=x"/);
  });
});
