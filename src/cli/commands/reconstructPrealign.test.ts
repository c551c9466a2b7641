// `wedgelab reconstruct` on a series with an 84° tilt axis: resampled into an aligned stack by default
// (JSON prealigned: true), and --no-prealign is the exact single-interpolation path of recon's reconstruct().
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { expectOk, wedgelab } from '../cliRun.testutil.ts';

let dir = '';
const p = (name: string) => join(dir, name);

function recon(out: string, ...args: string[]): { prealigned: boolean; views: number; stderr: string } {
  const r = wedgelab(
    ...['reconstruct', p('s.mrc'), '--tilts', p('s.tlt'), '--axis-rotation', '84', '--thickness', '16'],
    ...['--device', 'cpu', '--out', p(out), '--json', ...args],
  );
  expectOk(r);
  return { ...(JSON.parse(r.stdout) as { prealigned: boolean; views: number }), stderr: r.stderr };
}

async function readMrc(path: string): Promise<Volume> {
  const { bytesSource, openMrc, readVolume } = await import('../../io/mrc/index.ts');
  return readVolume(await openMrc(bytesSource(new Uint8Array(readFileSync(path)), path)));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-prealign-'));
  const sim = wedgelab(
    ...['simulate', '--phantom', 'shapes', '--size', '32,32,16', '--tilt-range', '-60,60'],
    ...['--tilt-step', '10', '--out', p('s')],
  );
  expectOk(sim);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab reconstruct: prealign', () => {
  it('prealigns a rotated series by default; --no-prealign equals the exact in-memory path', async () => {
    const fast = recon('fast.mrc');
    expect(fast.prealigned).toBe(true);
    expect(fast.stderr).not.toMatch(/no-prealign/);
    const raw = recon('exact.mrc', '--no-prealign');
    expect(raw.prealigned).toBe(false);
    // WBP's row filter on raw rotated views is wrong (see prealign.test.ts): the user is told so
    expect(raw.stderr).toMatch(
      /prealign off \(--no-prealign\) with wbp: the filter runs along raw detector rows/,
    );
    const { reconstruct } = await import('../../recon/algorithms/index.ts');
    const { createCpuProjector } = await import('../../recon/cpu/index.ts');
    const { geometryFromTilts } = await import('../../core/geometry/index.ts');
    const series = await readMrc(p('s.mrc'));
    const angles = readFileSync(p('s.tlt'), 'utf8').trim().split(/\s+/).map(Number);
    const r = await reconstruct({
      data: series.data,
      nu: series.nx,
      nv: series.ny,
      nviews: series.nz,
      geometry: geometryFromTilts(angles, { axisRotationDeg: 84 }),
      method: 'wbp',
      thickness: 16,
      prealign: false,
      createProjector: (g, v, d) => createCpuProjector(g, v, d, { threads: 1 }),
    });
    const exact = await readMrc(p('exact.mrc'));
    let worst = 0;
    let max = 0;
    r.volume.data.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(x - exact.data[i]));
      max = Math.max(max, Math.abs(x));
    });
    expect(worst / max).toBeLessThan(1e-5); // threads split rows differently; the arithmetic is the same
  });

  it('text output says the series was resampled; no rotation means no prealign', () => {
    const r = wedgelab(
      ...['reconstruct', p('s.mrc'), '--tilts', p('s.tlt'), '--axis-rotation', '84', '--thickness', '16'],
      ...['--device', 'cpu', '--out', p('t.mrc')],
    );
    expectOk(r);
    expect(r.stdout).toContain('resampled into an aligned stack first');
    const plain = wedgelab(
      ...['reconstruct', p('s.mrc'), '--tilts', p('s.tlt'), '--thickness', '16', '--device', 'cpu'],
      ...['--out', p('plain.mrc'), '--json'],
    );
    expectOk(plain);
    expect((JSON.parse(plain.stdout) as { prealigned: boolean }).prealigned).toBe(false);
  });
});
