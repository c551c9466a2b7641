// The aligned stack: from the simulation's true .xf it gives back the clean (unshifted, unrotated) views;
// the align step's own .ali is the one its .xf resamples to.
import { describe, expect, it } from 'vitest';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { simulateTiltSeries, simulationFiles } from '../../recon/simulate/index.ts';
import { parseRecipe, type RecipeInput } from '../recipe/index.ts';
import { memoryHost } from '../testing/memoryHost.ts';
import { runAlignRecipe } from './runAlign.ts';
import { runResampleRecipe } from './runResample.ts';

const N = 64;
const opts = {
  phantom: { name: 'shapes' as const, nx: N, ny: N, nz: 24 },
  seed: 3,
  tiltRangeDeg: [-60, 60] as [number, number],
  tiltStepDeg: 6,
};

async function stackOf(bytes: Uint8Array) {
  return readVolume(await openMrc(bytesSource(bytes, 'a.mrc')));
}

/** correlation of the central half of view k of two stacks */
function viewCorrelation(a: Float32Array, b: Float32Array, k: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = N / 4; y < (3 * N) / 4; y++)
    for (let x = N / 4; x < (3 * N) / 4; x++) {
      xs.push(a[k * N * N + y * N + x]);
      ys.push(b[k * N * N + y * N + x]);
    }
  const m = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const [ma, mb] = [m(xs), m(ys)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < xs.length; i++) {
    sab += (xs[i] - ma) * (ys[i] - mb);
    saa += (xs[i] - ma) ** 2;
    sbb += (ys[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const recipe = (extra: object) =>
  parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'sim.mrc', tilts: 'sim.tlt' },
    device: { kind: 'cpu' },
    ...extra,
  } as RecipeInput);

describe('the aligned stack', () => {
  it('resampled with the true .xf, the shifted and rotated views are the clean ones again', async () => {
    const shifted = await simulateTiltSeries({ ...opts, shiftSigmaPx: 3, axisErrorDeg: 2 });
    const clean = await simulateTiltSeries(opts);
    const files: Record<string, Uint8Array> = {};
    for (const f of simulationFiles(shifted, 'sim')) files[f.path] = f.bytes;
    const host = memoryHost(files);
    const r = await runResampleRecipe(
      recipe({
        input: { stack: 'sim.mrc', tilts: 'sim.tlt', xf: 'sim_truth.xf' },
        export: { alignedStack: 'sim.ali' },
      }),
      host,
    );
    expect(r).toEqual({ file: 'sim.ali', nviews: shifted.anglesDeg.length });
    const ali = await stackOf(host.files.get('sim.ali')!);
    expect([ali.nx, ali.ny, ali.nz]).toEqual([N, N, shifted.anglesDeg.length]);
    for (const k of [0, 5, 10, 20]) {
      expect(viewCorrelation(ali.data, clean.tiltSeries.data, k)).toBeGreaterThan(0.97);
      expect(viewCorrelation(shifted.tiltSeries.data, clean.tiltSeries.data, k)).toBeLessThan(0.97);
    }
  });

  it('the align step writes the stack its .xf resamples to; without transforms it is refused in one line', async () => {
    const shifted = await simulateTiltSeries({ ...opts, shiftSigmaPx: 3 });
    const files: Record<string, Uint8Array> = {};
    for (const f of simulationFiles(shifted, 'sim')) files[f.path] = f.bytes;
    const host = memoryHost(files);
    const a = await runAlignRecipe(
      recipe({ align: { method: 'xcorr' }, export: { xf: 'out.xf', alignedStack: 'out.ali' } }),
      host,
    );
    expect(a.files).toEqual(['out.xf', 'out.ali']);
    const again = memoryHost({ ...files, 'out.xf': host.files.get('out.xf')! });
    await runResampleRecipe(
      recipe({
        input: { stack: 'sim.mrc', tilts: 'sim.tlt', xf: 'out.xf' },
        export: { alignedStack: 'b.ali' },
      }),
      again,
    );
    const [x, y] = [await stackOf(host.files.get('out.ali')!), await stackOf(again.files.get('b.ali')!)];
    for (const k of [0, 10, 20]) expect(viewCorrelation(x.data, y.data, k)).toBeGreaterThan(0.999);
    await expect(
      runResampleRecipe(recipe({ export: { alignedStack: 'c.ali' } }), memoryHost(files)),
    ).rejects.toThrow(/needs the transforms \(input\.xf\)/);
  });
});
