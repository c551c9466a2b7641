// Spawn tests of `wedgelab align`: a simulated misaligned series aligned to its truth, the JSON contract,
// reconstruct --xf with the result, and one-line errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXf } from '../../io/meta/index.ts';
import { expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { XfErrorJson } from './xferror.ts';

let dir = '';
const p = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-align-'));
  const r = wedgelab(
    'simulate',
    '--phantom',
    'shapes',
    '--size',
    '80,80,32',
    '--tilt-step',
    '3',
    '--shift-sigma',
    '3',
    '--axis-error',
    '1.5',
    '--seed',
    '2',
    '--out',
    p('sim'),
  );
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wedgelab align', () => {
  it('writes an .xf within half a pixel of the truth and reports the JSON the issue names', () => {
    const r = wedgelab(
      'align',
      p('sim.mrc'),
      '--tilts',
      p('sim.tlt'),
      '--axis-rotation',
      '1.5',
      '--out',
      p('a.xf'),
      '--tlt-out',
      p('a.tlt'),
      '--aligned-out',
      p('a.ali'),
      '--save-recipe',
      p('a.json'),
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['shifts', 'residuals', 'axisAngleDeg', 'tiltOffsetDeg', 'seconds'])
      expect(j).toHaveProperty(key);
    expect((j.shifts as unknown[]).length).toBe(41);
    expect(j.axisAngleDeg).toBe(1.5);
    expect(parseXf(readFileSync(p('a.xf'), 'utf8'), 'a.xf')).toHaveLength(41);
    expect(JSON.parse(readFileSync(p('a.json'), 'utf8')).align.method).toBe('xcorr');
    // the aligned stack: an MRC image stack (ispg 0) of the 41 views, size of the raw ones
    const ali = readFileSync(p('a.ali'));
    expect([0, 4, 8, 12, 24].map((o) => ali.readInt32LE(o))).toEqual([80, 80, 41, 2, 0]);
    expect((j.files as string[]).some((f) => f.endsWith('a.ali'))).toBe(true);
    const e = wedgelab(
      'xferror',
      p('a.xf'),
      '--ref',
      p('sim_truth.xf'),
      '--size',
      '80,80',
      '--tilts',
      p('sim.tlt'),
      '--json',
    );
    expect(e.status, e.stderr).toBe(0);
    expect((JSON.parse(e.stdout) as XfErrorJson).rmsRigidPx!).toBeLessThan(0.5);
    const rec = wedgelab(
      'reconstruct',
      p('sim.mrc'),
      '--tilts',
      p('sim.tlt'),
      '--xf',
      p('a.xf'),
      '--thickness',
      '32',
      '--out',
      p('rec.mrc'),
    );
    expect(rec.status, rec.stderr).toBe(0);
  });

  it('refuses bad input in one line', () => {
    expectUsageError(wedgelab('align', p('sim.mrc'), '--tilts', p('sim.tlt')), /--out/);
    expectUsageError(
      wedgelab('align', p('sim.mrc'), '--tilts', p('sim.tlt'), '--method', 'magic', '--out', p('x.xf')),
      /magic/,
    );
    expectUsageError(
      wedgelab(
        'reconstruct',
        p('sim.mrc'),
        '--tilts',
        p('sim.tlt'),
        '--xf',
        p('sim_truth.xf'),
        '--align',
        'xcorr',
        '--thickness',
        '32',
        '--out',
        p('r.mrc'),
      ),
      /already aligns/,
    );
  });
});
