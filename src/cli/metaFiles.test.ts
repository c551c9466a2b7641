// --tilts/--xf are read by one loader (metaFiles.ts) in every command: a directory or a missing file fails
// with exit 2 and its path, and a SerialEM .mdoc gives its angles in ZValue order.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, sharedPath } from '../testing/sharedData.ts';
import { expectOk, expectUsageError, wedgelab } from './cliRun.testutil.ts';
import { writeVolume } from './commands/volumes.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-meta-'));
  mkdirSync(p('adir'));
  const data = Float32Array.from({ length: 16 * 16 * 41 }, (_, i) => (i % 13) / 13);
  await writeVolume(p('ts41.mrc'), { nx: 16, ny: 16, nz: 41, data, voxelSizeA: [3, 3, 3] });
  writeFileSync(p('ts41.tlt'), Array.from({ length: 41 }, (_, i) => -60 + 3 * i).join('\n') + '\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('--tilts / --xf paths', () => {
  const recon = (...args: string[]) =>
    wedgelab('reconstruct', p('ts41.mrc'), '--thickness', '8', '--out', p('rec.mrc'), ...args);

  it('a directory fails with exit 2 naming the option and the path, in every command', () => {
    const dirMsg = (opt: string) => new RegExp(`${opt} ${p('adir')}: is a directory, expected a file$`);
    expectUsageError(recon('--tilts', p('adir')), dirMsg('--tilts'));
    expectUsageError(recon('--tilts', p('ts41.tlt'), '--xf', p('adir')), dirMsg('--xf'));
    expectUsageError(
      wedgelab('halfset', p('ts41.mrc'), '--thickness', '8', '--tilts', p('adir')),
      dirMsg('--tilts'),
    );
    expectUsageError(
      wedgelab('metrics', p('ts41.mrc'), '--ref', p('ts41.mrc'), '--tilts', p('adir')),
      dirMsg('--tilts'),
    );
    expectUsageError(
      wedgelab('project', p('ts41.mrc'), '--tilts', p('adir'), '--out', p('pr.mrc')),
      dirMsg('--tilts'),
    );
    expectUsageError(
      wedgelab('project', p('ts41.mrc'), '--tilts', p('ts41.tlt'), '--xf', p('adir'), '--out', p('pr.mrc')),
      dirMsg('--xf'),
    );
  });

  it('a missing file fails with exit 2 naming the path', () => {
    expectUsageError(recon('--tilts', p('nope.tlt')), /--tilts .*nope\.tlt: no such file$/);
  });

  it.skipIf(!hasSharedData)('a SerialEM .mdoc (41 tilts) gives the angles for reconstruct', () => {
    const r = recon(
      ...['--tilts', sharedPath('mdocfile/tilt_series.mdoc'), '--device', 'cpu', '--threads', '1', '--json'],
    );
    expectOk(r);
    expect((JSON.parse(r.stdout) as { views: number }).views).toBe(41);
  });
});
