// Bad input to `wedgelab reconstruct` and `halfset`: exit 2, one stderr line naming what to do, no stack.
// Everything here fails on the header and text files alone, before the stack is read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, wedgelab, wedgelabWithEnv } from '../cliRun.testutil.ts';
import { planJob, type JobSize } from '../../pipeline/index.ts';
import { writeVolume } from './volumes.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const NVIEWS = 13;

function recon(...args: string[]) {
  return wedgelab('reconstruct', p('ts.mrc'), '--out', p('out.mrc'), ...args);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-recon-err-'));
  // a 32×32 series of 13 views with no angles in its header
  const data = Float32Array.from({ length: 32 * 32 * NVIEWS }, (_, i) => (i % 7) / 7);
  await writeVolume(p('ts.mrc'), { nx: 32, ny: 32, nz: NVIEWS, data, voxelSizeA: [4, 4, 4] });
  const angles = Array.from({ length: NVIEWS }, (_, i) => -60 + 10 * i);
  writeFileSync(p('ts.tlt'), angles.join('\n') + '\n');
  writeFileSync(p('short.tlt'), angles.slice(1).join('\n') + '\n');
  const xf = '1 0 0 1 0 0\n';
  writeFileSync(p('ts.xf'), xf.repeat(NVIEWS));
  writeFileSync(p('short.xf'), xf.repeat(NVIEWS - 2));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reconstruct: bad input → exit 2 with one line', () => {
  it('no --tilts and no angles in the header', () => {
    expectUsageError(
      recon('--thickness', '8'),
      /no tilt angles in its extended header; give them with input.tilts \(--tilts TS.tlt\)$/,
    );
  });

  it('tilt count differs from the section count', () => {
    expectUsageError(
      recon('--tilts', p('short.tlt'), '--thickness', '8'),
      /ts.mrc has 13 sections but .*short.tlt lists 12 angles; pick the matching/,
    );
  });

  it('.xf count differs from the section count', () => {
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--xf', p('short.xf'), '--thickness', '8'),
      /has 11 transforms but .* has 13 sections/,
    );
  });

  it('impossible thickness: 0, negative, more than 8·nx', () => {
    for (const t of ['0', '-5'])
      expectUsageError(
        recon('--tilts', p('ts.tlt'), '--thickness', t),
        new RegExp(
          `^wedgelab: reconstruct.thicknessPx \\(--thickness\\): must be a whole number ≥ 1, got ${t}$`,
        ),
      );
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--thickness', '300'),
      /reconstruct.thicknessPx \(--thickness\): 300 is impossible for 32×32 views; give 1 to 256/,
    );
  });

  it('a fractional --thickness is refused, not rounded (reconstruct and halfset)', () => {
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--thickness', '10.5'),
      /\(--thickness\): must be a whole number, got 10\.5$/,
    );
    expectUsageError(
      wedgelab('halfset', p('ts.mrc'), '--tilts', p('ts.tlt'), '--thickness', '10.5'),
      /\(--thickness\): must be a whole number, got 10\.5$/,
    );
  });

  it('help: reconstruct --thickness is required with no default; halfset defaults to nx / 4', () => {
    const line = (cmd: string) =>
      wedgelab('help', cmd)
        .stdout.split('\n')
        .find((l) => l.trim().startsWith('--thickness')) ?? '';
    expect(line('reconstruct')).toMatch(/\(required\)$/);
    expect(line('reconstruct')).not.toMatch(/default/);
    expect(line('halfset')).toMatch(/default nx \/ 4/);
    expect(line('halfset')).not.toMatch(/required/);
  });

  it('missing --thickness', () => {
    expectUsageError(recon('--tilts', p('ts.tlt')), /thickness/);
  });

  it('unknown filter', () => {
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--thickness', '8', '--filter', 'lanczos'),
      /filter "lanczos"/,
    );
  });

  it('excluded view that does not exist', () => {
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--thickness', '8', '--exclude', '14'),
      /\(--exclude\): view 14 does not exist: views are numbered 1…13$/,
    );
  });

  it('not enough memory: says how much, what is allowed, and what slab mode would need', () => {
    // 0.3 MB now fits through Y-slab mode; 20 kB does not fit even 2-row slabs
    expectUsageError(
      recon('--tilts', p('ts.tlt'), '--thickness', '32', '--max-memory', '0.00002'),
      /^wedgelab: needs [\d.]+ MB for a 32×32×32 volume \+ 32×32×13 series .*allows [\d.]+ MB; .*\(slab mode needs [\d.]+ MB even for 2-row slabs\)$/,
    );
    expect(() => readFileSync(p('out.mrc'))).toThrow(); // no half-written output after a refusal
  });

  it('--device gpu with no adapter', () => {
    // no system Vulkan loader here, and SwiftShader pointed at a folder that does not exist
    const r = wedgelabWithEnv(
      { WEDGELAB_CHROMIUM_DIR: '/nonexistent-chromium', LD_LIBRARY_PATH: '' },
      ...['reconstruct', p('ts.mrc'), '--tilts', p('ts.tlt'), '--thickness', '8', '--device', 'gpu'],
      ...['--out', p('out.mrc')],
    );
    if (r.status === 0) {
      // a machine with a real GPU: then the job must have run on it
      expect(r.stdout).toMatch(/device\s+(webgpu|gpu)/i);
      return;
    }
    expectUsageError(r, /^wedgelab: no WebGPU adapter: .*; choose device cpu \(--device cpu\)$/);
  });

  it('halfset shares the checks', () => {
    expectUsageError(
      wedgelab('halfset', p('ts.mrc'), '--tilts', p('short.tlt'), '--thickness', '8'),
      /lists 12 angles/,
    );
  });
});

describe('planJob (the refusal before a job starts)', () => {
  const size = (bin: number, t: number): JobSize => ({
    method: 'wbp',
    nu: 2048,
    nv: 2048,
    nviews: 61,
    keptViews: 61,
    bin,
    thicknessPx: t,
    threads: null,
    resample: false,
    halfSet: false,
  });
  const machine = (bytes: number) => ({ bytes, what: 'this machine has' });

  it('2k × 2k × 500 from 2k × 2k × 61 on 8 GB, no slabs: refused with --bin 2 and a thickness that fit', () => {
    expect(() => planJob(size(1, 500), machine(8e9), 'tv cannot')).toThrow(
      /^needs [\d.]+ GB for a 2048×2048×500 volume \+ 2048×2048×61 series \(wbp\); this machine has 8\.0 GB; use --bin 2 \(needs [\d.]+ GB\) or a thinner volume \(--thickness \d+ fits\) \(slab mode cannot help: tv cannot\)$/,
    );
  });

  it('the same job where slabs may run: slab mode with the tallest slab that fits', () => {
    const p = planJob(size(1, 500), machine(8e9), null);
    expect(p.mode).toBe('slabs');
    if (p.mode !== 'slabs') return;
    expect(p.peakBytes).toBeLessThanOrEqual(8e9);
    expect(p.slabs).toBeGreaterThan(1);
  });

  it('fits with room: whole', () => {
    const p = planJob(size(2, 500), machine(24e9), null);
    expect(p.mode).toBe('whole');
  });

  it('an output volume over the typed-array limit is not planned whole even with memory to spare', () => {
    expect(planJob(size(1, 500), machine(1e12), null).mode).toBe('slabs');
    expect(() => planJob(size(1, 500), machine(1e12), 'no')).toThrow(/too big for one array.*--bin 2/);
  });
});
