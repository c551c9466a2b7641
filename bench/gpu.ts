// GPU throughput on whatever WebGPU adapter is found: backprojection (voxel updates per second) and one
// GPU-resident SIRT iteration. On SwiftShader the figures are a CPU emulation of WebGPU, not a GPU figure,
// and every row says so. No adapter at all gives one row explaining why.
import { geometryFromTilts } from '../src/core/geometry/index.ts';
import type { GpuContext } from '../src/gpu/device.ts';
import { acquireNodeGpu } from '../src/gpu/node/nodeGpu.ts';
import { registerRawImports } from '../src/gpu/wgsl.ts';
import type { BenchResult } from './types.ts';

const NVIEWS = 61;
/** the goal: one resident SIRT iteration costs at most this many backprojections */
const TARGET_RATIO = 2.5;
const angles = Array.from({ length: NVIEWS }, (_, i) => -60 + 2 * i);

/** Sizes: small on a software adapter (SwiftShader manages ~0.1 GVU/s), WBP-sized on a real GPU. */
function cases(software: boolean): { n: number; nz: number }[] {
  return software
    ? [{ n: 128, nz: 64 }]
    : [
        { n: 256, nz: 128 },
        { n: 512, nz: 256 },
      ];
}

function label(gpu: GpuContext): string {
  return gpu.isSoftware
    ? `${gpu.adapterName} (software: a CPU emulation of WebGPU, not a GPU figure)`
    : gpu.adapterName;
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
const middle = (a: number[]): number => a[Math.floor(a.length / 2)];

export async function benchGpu(): Promise<BenchResult[]> {
  await registerRawImports(); // the kernels import their WGSL with ?raw
  const got = await acquireNodeGpu();
  if (!got.context) {
    return [{ name: 'GPU (no adapter)', seconds: 0, details: { reason: got.reason } }];
  }
  const gpu = got.context;
  const { GpuProjector } = await import('../src/gpu/projector.ts');
  const results: BenchResult[] = [];
  try {
    const runs = gpu.isSoftware ? 3 : 7;
    for (const c of cases(gpu.isSoftware)) {
      const vol = { nx: c.n, ny: c.n, nz: c.nz };
      const g = geometryFromTilts(angles);
      const p = new GpuProjector(gpu, g, vol);
      const proj = Float32Array.from({ length: c.n * c.n * NVIEWS }, (_, i) => ((i * 7919) % 1009) / 1009);
      const out = new Float32Array(c.n * c.n * c.nz);
      const scale = (n: number) => new Float32Array(n).fill(0.01);
      // one GPU-resident SIRT iteration (forward + residual + back + update; only ‖r‖² read back)
      const session = await p.residentSirt(proj, {
        relaxation: 1,
        positivity: false,
        rowScale: scale(proj.length),
        columnScale: scale(out.length),
      });
      await p.back(proj, out); // compiles the pipeline, allocates the pool
      await session?.step(false); // warm-up
      // Alternate backprojection and iteration so that load from other processes hits both alike.
      const backTimes: number[] = [];
      const iterTimes: number[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < runs; r++) {
        const tb = await seconds(() => p.back(proj, out));
        backTimes.push(tb);
        if (session) {
          const ti = await seconds(() => session.step(false));
          iterTimes.push(ti);
          ratios.push(ti / tb);
        }
      }
      const times = sorted(backTimes);
      const updates = c.n * c.n * c.nz * NVIEWS;
      const best = times[0];
      const mid = middle(times);
      results.push({
        name: `GPU backproject ${c.n}²×${NVIEWS} → ${c.n}×${c.n}×${c.nz} (with upload + readback)`,
        command: 'npm run bench -- --only gpu',
        seconds: mid,
        details: {
          GVU_per_s_median: Number((updates / mid / 1e9).toFixed(3)),
          GVU_per_s_best: Number((updates / best / 1e9).toFixed(3)),
          runs,
          adapter: label(gpu),
        },
        gpu: label(gpu),
      });
      if (session) {
        const it = sorted(iterTimes);
        const itMid = middle(it);
        // where an iteration's time goes: each pass submitted and waited for on its own
        const passes = await session.timePasses();
        const ms = (v: number) => Number(v.toFixed(1));
        results.push({
          name: `GPU-resident SIRT iteration, ${c.n}²×${NVIEWS} → ${c.n}×${c.n}×${c.nz}`,
          command: 'npm run bench -- --only gpu',
          seconds: itMid,
          target: `≤ ${TARGET_RATIO}× a backprojection`,
          met: itMid / mid <= TARGET_RATIO,
          details: {
            iteration_s_median: Number(itMid.toFixed(4)),
            iteration_s_best: Number(it[0].toFixed(4)),
            // iteration / backprojection (with upload + readback), medians of runs taken alternately
            ratio_to_backproject: Number((itMid / mid).toFixed(2)),
            ratio_to_backproject_pairwise_median: Number(middle(sorted(ratios)).toFixed(2)),
            forward_ms: ms(passes.forward),
            residual_ms: ms(passes.residual),
            reduce_ms: ms(passes.reduce),
            back_ms: ms(passes.back),
            update_ms: ms(passes.update),
            readback_ms: ms(passes.readback),
            pass_clock: passes.source,
            runs,
            adapter: label(gpu),
          },
          gpu: label(gpu),
        });
        session.dispose();
      }
      p.dispose();
    }
  } finally {
    await gpu.destroy();
  }
  return results;
}

if (process.argv[1]?.endsWith('gpu.ts')) {
  const r = await benchGpu();
  console.log(JSON.stringify(r, null, 1));
}
