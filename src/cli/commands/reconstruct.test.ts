// Spawn tests of `wedgelab reconstruct`: simulate → reconstruct → metrics on a small ±60° series, the
// JSON contract, SIRT convergence, binning, and the issue-3 check that a ±60° WBP is worse in the missing
// wedge than in the measured region (directional FSC against the truth).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { expectOk, wedgelab } from '../cliRun.testutil.ts';
import type { FscJson } from '../fscReport.ts';
import { METHOD_CHOICES } from '../../pipeline/index.ts';

let dir = '';
const p = (name: string) => join(dir, name);

interface ReconJson {
  method: string;
  device: string;
  seconds: number;
  voxelUpdatesPerSecond: number;
  residuals: number[];
  nx: number;
  ny: number;
  nz: number;
  voxelSizeA: number;
  iterations: number;
}

function reconJson(...args: string[]): ReconJson {
  const r = wedgelab('reconstruct', p('s.mrc'), '--tilts', p('s.tlt'), '--device', 'cpu', ...args, '--json');
  expectOk(r);
  return JSON.parse(r.stdout) as ReconJson;
}

async function readMap(path: string): Promise<Volume> {
  const { bytesSource, openMrc, readVolume } = await import('../../io/mrc/index.ts');
  return readVolume(await openMrc(bytesSource(new Uint8Array(readFileSync(path)), path)));
}

function correlation(a: Float32Array, b: Float32Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const mean = (v: (number | null)[]): number => {
  const xs = v.filter((x): x is number => x !== null);
  return xs.reduce((s, x) => s + x, 0) / xs.length;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-recon-'));
  const sim = wedgelab(
    ...['simulate', '--phantom', 'shapes', '--size', '48,48,24', '--tilt-range', '-60,60'],
    ...['--tilt-step', '5', '--out', p('s')],
  );
  expectOk(sim);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab reconstruct', () => {
  it('method choices are the algorithms recon offers', async () => {
    const { METHODS } = await import('../../recon/algorithms/index.ts');
    expect([...METHOD_CHOICES]).toEqual([...METHODS]);
  });

  it('wbp: nx × ny × thickness, voxel size, JSON keys, correlates with the truth', async () => {
    const j = reconJson('--thickness', '24', '--filter', 'ramp', '--out', p('wbp.mrc'));
    for (const k of ['method', 'device', 'seconds', 'voxelUpdatesPerSecond', 'residuals'])
      expect(j).toHaveProperty(k);
    expect(j.method).toBe('wbp');
    expect(j.device).toBe('cpu');
    expect(j.residuals).toEqual([]);
    expect(j.seconds).toBeGreaterThan(0);
    // 48·48·24 voxels × 25 views, one backprojection
    expect(j.voxelUpdatesPerSecond * j.seconds).toBeCloseTo(48 * 48 * 24 * 25, -3);
    expect([j.nx, j.ny, j.nz, j.voxelSizeA]).toEqual([48, 48, 24, 10]);
    const rec = await readMap(p('wbp.mrc'));
    expect([rec.nx, rec.ny, rec.nz]).toEqual([48, 48, 24]);
    expect(rec.voxelSizeA[0]).toBeCloseTo(10, 4);
    const truth = await readMap(p('s_truth.mrc'));
    expect(correlation(rec.data, truth.data)).toBeGreaterThan(0.7);
  });

  it('±60° WBP: PSNR sane, directional FSC clearly lower in the missing wedge than in the measured region', () => {
    const r = wedgelab('metrics', p('wbp.mrc'), '--ref', p('s_truth.mrc'), '--tilts', p('s.tlt'), '--json');
    expectOk(r);
    const m = JSON.parse(r.stdout) as FscJson & { psnr: number };
    expect(m.psnr).toBeGreaterThan(18);
    const low = m.fsc.freq.map((f, i) => (f <= 0.25 ? i : -1)).filter((i) => i >= 0);
    const present = mean(low.map((i) => m.fsc.present?.[i] ?? null));
    const missing = mean(low.map((i) => m.fsc.missing?.[i] ?? null));
    expect(present).toBeGreaterThan(0.8);
    expect(present - missing).toBeGreaterThan(0.2);
  });

  it('sirt: residuals per iteration, decreasing', () => {
    const j = reconJson('--thickness', '24', '--method', 'sirt', '--iterations', '4', '--out', p('sirt.mrc'));
    expect(j.method).toBe('sirt');
    expect(j.iterations).toBe(4);
    expect(j.residuals).toHaveLength(4);
    for (let i = 1; i < j.residuals.length; i++) expect(j.residuals[i]).toBeLessThan(j.residuals[i - 1]);
  });

  it('--bin 2 halves nx, ny and the thickness, doubles the voxel size', async () => {
    const j = reconJson('--thickness', '24', '--bin', '2', '--out', p('bin2.mrc'));
    expect([j.nx, j.ny, j.nz, j.voxelSizeA]).toEqual([24, 24, 12, 20]);
    const rec = await readMap(p('bin2.mrc'));
    expect([rec.nx, rec.ny, rec.nz]).toEqual([24, 24, 12]);
    expect(rec.voxelSizeA[0]).toBeCloseTo(20, 4);
  });

  it('angles from the extended header when --tilts is absent; text output', () => {
    const r = wedgelab(
      'reconstruct',
      p('s.mrc'),
      '--thickness',
      '16',
      '--exclude',
      '1,25',
      '--out',
      p('h.mrc'),
    );
    expectOk(r);
    expect(r.stdout).toMatch(/48 × 48 × 16/);
    expect(r.stdout).toMatch(/views\s+23 of 25/);
  });
});
