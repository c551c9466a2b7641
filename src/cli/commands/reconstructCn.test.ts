// `wedgelab reconstruct --method cn` end to end through the real CLI: a simulated series, the JSON report's
// loss curve, a saved network reloaded and evaluated 2× finer, and bad input refused in one line.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { psnr } from '../../core/metrics/index.ts';
import { expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import { readFileSync } from 'node:fs';

let dir = '';
const p = (name: string) => join(dir, name);
const small = [
  '--method',
  'cn',
  '--width',
  '32',
  '--depth',
  '2',
  '--iterations',
  '300',
  '--cn-lr',
  '0.001',
  '--cn-batch-rows',
  '2',
  '--thickness',
  '24',
  '--threads',
  '2',
];

/** `wedgelab reconstruct` of the simulated series with these options. */
function recon(...args: string[]) {
  return wedgelab('reconstruct', p('s.mrc'), '--tilts', p('s.tlt'), ...args);
}

async function volume(name: string) {
  return readVolume(await openMrc(bytesSource(new Uint8Array(readFileSync(p(name))), name)));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-cn-'));
  const r = wedgelab(
    'simulate',
    '--phantom',
    'shepp',
    '--size',
    '32,4,24',
    '--tilt-step',
    '3',
    '--out',
    p('s'),
  );
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reconstruct --method cn', () => {
  it('reports the loss curve and time per step, saves a small network, and beats WBP', async () => {
    const r = recon(...small, '--out', p('cn.mrc'), '--save-network', p('n.wlcn'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe('cn');
    expect(j.cnMode).toBe('fast');
    expect(j.lossCurve).toHaveLength(300);
    expect(j.lossCurve.at(-1)).toBeLessThan(j.lossCurve[0] / 5);
    expect(j.secondsPerIteration).toBeGreaterThan(0);
    expect(j.secondsPerIteration * 300).toBeLessThanOrEqual(j.seconds);
    expect(statSync(p('n.wlcn')).size).toBeLessThan(30_000);
    const w = recon('--thickness', '24', '--out', p('wbp.mrc'));
    expect(w.status, w.stderr).toBe(0);
    const truth = await volume('s_truth.mrc');
    const score = async (name: string) => psnr(truth, await volume(name));
    expect(await score('cn.mrc')).toBeGreaterThan((await score('wbp.mrc')) + 1);
  }, 60_000);

  it('--load-network continues the saved fit; --upsample 2 writes a volume 2× finer on every axis', async () => {
    const r = recon(
      ...small,
      '--iterations',
      '5',
      '--load-network',
      p('n.wlcn'),
      '--upsample',
      '2',
      '--out',
      p('up.mrc'),
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.nx, j.ny, j.nz]).toEqual([64, 8, 48]);
    const first = JSON.parse(recon(...small, '--iterations', '5', '--out', p('fresh.mrc'), '--json').stdout);
    expect(j.lossCurve[0]).toBeLessThan(first.lossCurve[0] / 3);
    const v = await volume('up.mrc');
    expect([v.nx, v.ny, v.nz]).toEqual([64, 8, 48]);
  }, 60_000);

  it('bad input: a network of another size, a file that is not one, --upsample without cn, over --max-minutes', () => {
    expectUsageError(
      recon('--method', 'cn', '--thickness', '24', '--max-minutes', '0.001', '--out', p('x.mrc')),
      /^wedgelab: cn: estimated \d+ s on cpu \(\d threads?\) exceeds device.maxMinutes \(--max-minutes 0.001\); lower/,
    );
    expectUsageError(
      recon(...small, '--thickness', '20', '--load-network', p('n.wlcn'), '--out', p('x.mrc')),
      /n.wlcn: fitted for a 32 × 4 × 24 volume, this one is 32 × 4 × 20 \(same --bin and --thickness/,
    );
    expectUsageError(
      recon(...small, '--load-network', p('s.tlt'), '--out', p('x.mrc')),
      /s.tlt: not a network file \(not gzip\); save one with --save-network$/,
    );
    expectUsageError(
      recon('--thickness', '24', '--upsample', '2', '--out', p('x.mrc')),
      /--upsample 2 needs method cn/,
    );
    expectUsageError(recon(...small, '--width', '30', '--out', p('x.mrc')), /width/);
    // refused before the fit, with the factor that fits (8× of 32 × 4 × 24 is 6.3 MB of float32)
    expectUsageError(
      recon(...small, '--upsample', '8', '--max-memory', '0.005', '--out', p('big.mrc')),
      /^wedgelab: --upsample 8: a 256 × 32 × 192 volume does not fit \(it needs 6\.\d MB; device.maxMemoryGB \(--max-memory\) allows 5\.0 MB\); --upsample 7 fits$/,
    );
    expect(existsSync(p('big.mrc'))).toBe(false);
  }, 60_000);
});
