// Spawn tests of `wedgelab fsc`: a real GENFIRE map against a degraded copy, and self-FSC.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsc as coreFsc } from '../../core/metrics/index.ts';
import type { Volume } from '../../core/types.ts';
import { hasSharedData, readShared } from '../../testing/sharedData.ts';
import { expectClose, expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { FscJson } from '../fscReport.ts';
import { blobs, lcg, tltText, writeVolume } from './volumes.testutil.ts';

const VESICLE = '../shared/data/genfire/vesicle.mrc';
let dir = '';
const p = (name: string) => join(dir, name);

function fscJson(...args: string[]): FscJson {
  const r = wedgelab('fsc', ...args, '--json');
  expectOk(r);
  return JSON.parse(r.stdout) as FscJson;
}

/** 3×3×3 box blur (periodic) plus uniform noise: a copy whose FSC falls with frequency. */
function degrade(v: Volume, noise: number): Volume {
  const { nx, ny, nz } = v;
  const out = new Float32Array(v.data.length);
  const rand = lcg(3);
  const wrap = (i: number, n: number) => (i + n) % n;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let s = 0;
        for (let dz = -1; dz <= 1; dz++)
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++)
              s += v.data[wrap(x + dx, nx) + nx * (wrap(y + dy, ny) + ny * wrap(z + dz, nz))];
        out[x + nx * (y + ny * z)] = s / 27 + noise * (rand() - 0.5);
      }
  return { ...v, data: out };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-fsc-'));
  await writeVolume(p('a.mrc'), blobs(24, 20, 16));
  await writeVolume(p('b.mrc'), blobs(24, 20, 17));
  writeFileSync(p('ts.tlt'), tltText());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab fsc', () => {
  it('fsc A A: every shell is 1, no crossing, exact keys', () => {
    const j = fscJson(p('a.mrc'), p('a.mrc'));
    expect(Object.keys(j).sort()).toEqual(['fsc', 'fsc05', 'fsc143']);
    expect(Object.keys(j.fsc).sort()).toEqual(['all', 'freq']);
    expect(j.fsc.all).toHaveLength(12);
    for (const v of j.fsc.all) expectClose(v, 1, 1e-6);
    expect(j.fsc143).toBeNull();
    expect(j.fsc05).toBeNull();
  });

  it('fsc A A --tilts: present and missing are 1 wherever the shell has points', () => {
    const j = fscJson(p('a.mrc'), p('a.mrc'), '--tilts', p('ts.tlt'), '--tilt-axis', '5');
    expect(j.fsc.present).toHaveLength(j.fsc.freq.length);
    expect(j.fsc.missing).toHaveLength(j.fsc.freq.length);
    for (const v of [...(j.fsc.present ?? []), ...(j.fsc.missing ?? [])])
      if (v !== null) expectClose(v, 1, 1e-6);
    expect(j.fsc.missing?.some((v) => v !== null)).toBe(true);
  });

  it.skipIf(!hasSharedData)(
    'GENFIRE vesicle against a blurred, noisy copy: matches core fsc, crosses 0.5',
    async () => {
      const { bytesSource, openMrc, readVolume } = await import('../../io/mrc/index.ts');
      const vesicle = await readVolume(
        await openMrc(bytesSource(readShared('genfire/vesicle.mrc'), 'vesicle.mrc')),
      );
      const copy = degrade(vesicle, 0.2);
      await writeVolume(p('vesicle_degraded.mrc'), copy);
      const j = fscJson(VESICLE, p('vesicle_degraded.mrc'));
      const expected = coreFsc(vesicle, copy);
      expect(j.fsc.freq).toEqual(expected.freq);
      j.fsc.all.forEach((v, i) => expectClose(v, expected.fsc[i], 1e-6));
      expect(j.fsc.all[0]).toBeGreaterThan(0.9);
      expect(j.fsc.all.at(-1)).toBeLessThan(0.5);
      expect(j.fsc05).not.toBeNull();
      expectClose(j.fsc05?.perPx ?? NaN, expected.fsc05?.freqPerPx ?? NaN, 1e-6);
      // vesicle.mrc states 1 Å voxels (cell 64 Å over 64 voxels)
      expectClose(j.fsc05?.angstrom ?? NaN, 1 / (j.fsc05?.perPx ?? NaN), 1e-6);
      const text = wedgelab('fsc', VESICLE, p('vesicle_degraded.mrc'));
      expectOk(text);
      expect(text.stdout).toMatch(/^FSC 0\.5\s+0\.\d+ 1\/px {2}\(\d+(\.\d+)? Å\)$/m);
      expect(text.stdout).toMatch(/^FSC \(32 shells, sampled\):$/m);
    },
  );

  it('shape mismatch: exit 2, one line naming both shapes', () => {
    expectUsageError(
      wedgelab('fsc', p('a.mrc'), p('b.mrc')),
      /A .*a\.mrc is 24×20×16 but B .*b\.mrc is 24×20×17/,
    );
  });

  it('a tilt file with junk or a missing B: exit 2, one line', () => {
    writeFileSync(p('junk.tlt'), '0\n1 2\n');
    expectUsageError(wedgelab('fsc', p('a.mrc'), p('a.mrc'), '--tilts', p('junk.tlt')), /junk\.tlt line 2/);
    expectUsageError(wedgelab('fsc', p('a.mrc')), /fsc: missing B/);
  });
});
