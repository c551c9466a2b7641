// Device loss mid-job on a real (SwiftShader) WebGPU device: the job finishes on the CPU from where the GPU
// stopped, equals a pure-CPU run, and repeats no finished work (projector calls on the CPU are counted).
import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import type { GpuContext } from '../gpu/device.ts';
import { acquireNodeGpu } from '../gpu/node/nodeGpu.ts';
import { GpuProjector, type GpuProjectorOptions } from '../gpu/projector.ts';
import { reconstruct, type ReconstructRequest } from './algorithms/index.ts';
import { CpuProjector } from './cpu/index.ts';
import type { Projector, ProjectorHooks } from './projector.ts';

const nu = 24;
const nv = 16;
const angles = Array.from({ length: 9 }, (_, i) => -60 + 15 * i);
const geometry = geometryFromTilts(angles, { axisRotationDeg: 3 });
const data = Float32Array.from({ length: nu * nv * angles.length }, (_, i) => 1 + Math.sin(i * 0.37));

async function freshGpu(): Promise<GpuContext> {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  return got.context;
}

/** CPU projectors (1 thread, deterministic) that count their calls and record back()'s rowsFrom. */
function countingCpu() {
  const calls = { forward: 0, back: 0, rowsFrom: [] as number[] };
  const make = (g: typeof geometry, v: Projector['volumeDims'], d: Projector['detectorDims']) => {
    const p = new CpuProjector(g, v, d, { threads: 1 });
    const forward = p.forward.bind(p);
    const back = p.back.bind(p);
    p.forward = (...a) => ((calls.forward += 1), forward(...a));
    p.back = (pr: Float32Array, o?: Float32Array, s?: readonly number[], h?: ProjectorHooks) => {
      calls.back += 1;
      calls.rowsFrom.push(h?.rowsFrom ?? 0);
      return back(pr, o, s, h);
    };
    return p;
  };
  return { calls, make };
}

function request(method: 'sirt' | 'wbp'): Omit<ReconstructRequest, 'createProjector'> {
  return { data, nu, nv, nviews: angles.length, geometry, method, thickness: 10, iterations: 8 };
}

function maxRel(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

describe('restart on the CPU after GPU device loss', () => {
  const pure = countingCpu();
  const cpuRun = (method: 'sirt' | 'wbp') => reconstruct({ ...request(method), createProjector: pure.make });

  for (const resident of [true, false]) {
    it(`SIRT (${resident ? 'GPU-resident' : 'slab-streamed'}) lost after iteration 3 resumes, not restarts`, async () => {
      const want = await cpuRun('sirt');
      const gpu = await freshGpu();
      const cpu = countingCpu();
      const messages: string[] = [];
      const opts: GpuProjectorOptions = { resident };
      const got = await reconstruct({
        ...request('sirt'),
        createProjector: (g, v, d) => new GpuProjector(gpu, g, v, d, opts),
        createFallbackProjector: cpu.make,
        onDeviceFallback: (e) => messages.push(e.message),
        onIteration: (it) => {
          if (it === 3) gpu.device.destroy(); // what a driver reset looks like from here
        },
      });
      expect(messages).toHaveLength(1);
      const lostAfter = Number(
        /GPU lost after iteration (\d+); continuing on the CPU/.exec(messages[0])?.[1],
      );
      expect(lostAfter).toBeGreaterThanOrEqual(3);
      expect(lostAfter).toBeLessThan(8);
      // only iterations after the loss ran on the CPU (R and C were kept): one forward + one back each,
      // plus the final residual's forward; streamed, the GPU had already done the next iteration's forward
      expect(cpu.calls.back).toBe(8 - lostAfter);
      expect(cpu.calls.forward).toBe(8 - lostAfter + (resident ? 1 : 0));
      const rel = maxRel(got.volume.data, want.volume.data);
      const resRel = Math.max(
        ...got.residuals.map((r, i) => Math.abs(r - want.residuals[i]) / want.residuals[i]),
      );
      console.log(
        `[gpu loss] SIRT ${resident ? 'resident' : 'slabs'}: "${messages[0]}", CPU calls f${cpu.calls.forward}/b${cpu.calls.back}, volume rel ${rel.toExponential(2)}, residuals rel ${resRel.toExponential(2)}`,
      );
      expect(got.residuals).toHaveLength(8);
      expect(rel).toBeLessThan(1e-4);
      expect(resRel).toBeLessThan(1e-4);
      expect(got.deviceFallback).toBe(messages[0]);
      expect(got.device).toBe('cpu');
    });
  }

  it('WBP lost part-way through the slabs keeps the finished rows and backprojects only the rest', async () => {
    const want = await cpuRun('wbp');
    const gpu = await freshGpu();
    const cpu = countingCpu();
    const messages: string[] = [];
    let ticks = 0;
    const got = await reconstruct({
      ...request('wbp'),
      createProjector: (g, v, d) => new GpuProjector(gpu, g, v, d, { maxSlabRows: 4 }),
      createFallbackProjector: cpu.make,
      onDeviceFallback: (e) => messages.push(e.message),
      onProgress: (p) => {
        // after the second slab (rows 0…7) has been read back
        if (p.stage === 'backproject' && p.fraction > 0.05 && ++ticks === 2) gpu.device.destroy();
      },
    });
    expect(messages).toEqual(['GPU lost after 8 of 16 volume rows (kept); continuing on the CPU']);
    expect(cpu.calls.rowsFrom).toEqual([8]);
    const rel = maxRel(got.volume.data, want.volume.data);
    console.log(`[gpu loss] WBP: "${messages[0]}", volume rel ${rel.toExponential(2)}`);
    expect(rel).toBeLessThan(1e-4);
  });
});
