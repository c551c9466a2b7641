// An MRC cell of 0 means "voxel size unknown": convert and reconstruct must keep cell 0 (never write an
// invented 1 Å), and metrics on such files must give no Å figures.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { expectOk, wedgelab } from '../cliRun.testutil.ts';
import type { MetricsJson } from './metrics.ts';
import { blobs, lcg, writeVolume } from './volumes.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const NVIEWS = 13;

async function cellOf(path: string): Promise<number[]> {
  const file = await openMrc(bytesSource(new Uint8Array(readFileSync(path)), path));
  return file.header.cella;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-cell0-'));
  await writeVolume(p('vol.mrc'), { ...blobs(24, 20, 16), voxelSizeA: [0, 0, 0] });
  const rand = lcg(3);
  const data = Float32Array.from({ length: 32 * 32 * NVIEWS }, () => rand());
  await writeVolume(p('ts.mrc'), { nx: 32, ny: 32, nz: NVIEWS, data, voxelSizeA: [0, 0, 0] });
  writeFileSync(p('ts.tlt'), Array.from({ length: NVIEWS }, (_, i) => -60 + 10 * i).join('\n') + '\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('unknown voxel size (cell 0) is carried, not replaced by 1 Å', () => {
  it('convert keeps cell 0 and says the size is unknown', async () => {
    const r = wedgelab('convert', p('vol.mrc'), p('conv.mrc'), '--mode', '12');
    expectOk(r);
    expect(r.stdout).toMatch(/voxel size\s+unknown/);
    expect(await cellOf(p('conv.mrc'))).toEqual([0, 0, 0]);
  });

  it('info prints "unknown" instead of 0 Å', () => {
    const r = wedgelab('info', p('vol.mrc'));
    expectOk(r);
    expect(r.stdout).toMatch(/voxel size\s+unknown \(cell 0\)/);
  });

  it('reconstruct keeps cell 0 (JSON voxelSizeA null), and metrics on the result gives angstrom null', async () => {
    const r = wedgelab(
      ...['reconstruct', p('ts.mrc'), '--tilts', p('ts.tlt'), '--thickness', '16'],
      ...['--device', 'cpu', '--threads', '1', '--out', p('rec.mrc'), '--json'],
    );
    expectOk(r);
    expect((JSON.parse(r.stdout) as { voxelSizeA: unknown }).voxelSizeA).toBeNull();
    expect(await cellOf(p('rec.mrc'))).toEqual([0, 0, 0]);

    // a noisy copy of the reconstruction, written with the voxel size read back (0)
    const rec = await readVolume(
      await openMrc(bytesSource(new Uint8Array(readFileSync(p('rec.mrc'))), 'rec')),
    );
    expect(rec.voxelSizeA).toEqual([0, 0, 0]);
    const rand = lcg(5);
    let peak = 0;
    for (const v of rec.data) peak = Math.max(peak, Math.abs(v));
    await writeVolume(p('rec_noisy.mrc'), {
      ...rec,
      data: rec.data.map((v) => v + 20 * peak * (rand() - 0.5)),
    });
    const m = wedgelab('metrics', p('rec_noisy.mrc'), '--ref', p('rec.mrc'), '--json');
    expectOk(m);
    const j = JSON.parse(m.stdout) as MetricsJson;
    expect(j.fsc143).not.toBeNull();
    expect(j.fsc143?.angstrom).toBeNull();
    expect(j.fsc05 === null || j.fsc05.angstrom === null).toBe(true);
  });
});
