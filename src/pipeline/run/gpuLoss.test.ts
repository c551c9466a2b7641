// GPU lost mid-job on a real (SwiftShader) WebGPU device, in the two places the hosts used to lack the
// fallback: slab mode and the half sets. The job finishes on the CPU and matches a CPU-only run.
import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../../gpu/device.ts';
import { acquireNodeGpu } from '../../gpu/node/nodeGpu.ts';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { parseRecipe, type RecipeInput } from '../recipe/index.ts';
import { memoryHost } from '../testing/memoryHost.ts';
import { angles, seriesFiles } from '../testing/series.testutil.ts';
import { runRecipe } from './runRecipe.ts';

const files = () => ({ ...seriesFiles(32, 24, angles(11)) });
const recipe = (kind: 'gpu' | 'cpu', extra: Partial<RecipeInput> = {}) =>
  parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'ts.mrc', tilts: 'ts.tlt' },
    reconstruct: { method: 'sirt', iterations: 3, thicknessPx: 12 },
    device: { kind },
    export: { volume: 'rec.mrc' },
    ...extra,
  } as RecipeInput);

async function gpu(): Promise<GpuContext> {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  return got.context;
}

const relDiff = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(a[i]));
  }
  return d / m;
};

describe('GPU lost mid-job: the pipeline continues on the CPU', () => {
  it('slab mode: lost after the first slab', async () => {
    const cpuHost = memoryHost(files());
    const whole = await runRecipe(recipe('cpu'), cpuHost);
    const budget = { budgetBytes: whole.plan.peakBytes * 0.5 };
    const context = await gpu();
    const host = memoryHost(files(), { ...budget, gpu: async () => ({ context, reason: '' }) });
    const r = await runRecipe(recipe('gpu'), host, {
      onSlab: (_s, at) => {
        if (at.index === 1) context.device.destroy(); // what a driver reset looks like from here
      },
    });
    context.destroy();
    expect(r.plan.mode).toBe('slabs');
    expect(r.device.kind).toBe('gpu');
    expect(host.warnings.some((w) => /GPU lost.*continuing on the CPU/.test(w))).toBe(true);
    const a = await readVolume(await openMrc(bytesSource(cpuHost.files.get('rec.mrc')!, 'a')));
    const b = await readVolume(await openMrc(bytesSource(host.files.get('rec.mrc')!, 'b')));
    expect(relDiff(a.data, b.data)).toBeLessThan(1e-4);
  });

  it('half sets: lost after half 1', async () => {
    const score = { score: { halfSet: true } };
    const cpu = await runRecipe(recipe('cpu', score), memoryHost(files()), { reconstruct: false });
    const context = await gpu();
    const host = memoryHost(files(), { gpu: async () => ({ context, reason: '' }) });
    let lost = false;
    host.progress = (p) => {
      if (!lost && p.stage.startsWith('half 2')) {
        lost = true;
        context.device.destroy();
      }
    };
    const r = await runRecipe(recipe('gpu', score), host, { reconstruct: false });
    context.destroy();
    expect(lost).toBe(true);
    expect(host.warnings.some((w) => /^half 2: GPU lost.*continuing on the CPU/.test(w))).toBe(true);
    expect(relDiff(cpu.halfSet!.half2.data, r.halfSet!.half2.data)).toBeLessThan(1e-4);
    expect(relDiff(cpu.halfSet!.half1.data, r.halfSet!.half1.data)).toBeLessThan(1e-4);
  });
});
