// Device acquisition, the small infrastructure pieces, and device loss, on a real (SwiftShader) device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { isWedgeLabError } from '../core/errors.ts';
import type { GpuContext } from './device.ts';
import { BufferUsage } from './flags.ts';
import { backprojectConstants, backprojectKernel } from './kernels/backproject/backproject.ts';
import { acquireNodeGpu } from './node/nodeGpu.ts';
import { PipelineCache } from './pipelines.ts';
import { BufferPool } from './pool.ts';
import { GpuProjector } from './projector.ts';
import { readFloat32, writeFloat32 } from './readback.ts';
import { PassTimer } from './timing.ts';

let gpu: GpuContext;

beforeAll(async () => {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  gpu = got.context;
});

afterAll(async () => {
  await gpu?.destroy();
});

describe('acquireGpu', () => {
  it("requests the adapter's real limits, not the spec defaults", () => {
    // SwiftShader offers 1 GiB bindings; the default device would have 128 MiB.
    expect(gpu.limits.maxStorageBufferBindingSize).toBeGreaterThan(128 * 1024 * 1024);
    expect(gpu.device.limits.maxStorageBufferBindingSize).toBe(gpu.limits.maxStorageBufferBindingSize);
    expect(gpu.isSoftware).toBe(true);
  });

  it('refuses a software adapter when asked, with a reason instead of an exception', async () => {
    const got = await acquireNodeGpu({ rejectSoftware: true });
    expect(got.context).toBeNull();
    expect(got.reason).toMatch(/software adapter/);
  });
});

describe('pool, pipeline cache, readback, timing', () => {
  it('reuses a released buffer of the same size class and usage', () => {
    const pool = new BufferPool(gpu.device);
    const usage = BufferUsage.STORAGE | BufferUsage.COPY_DST;
    const a = pool.acquire(1000, usage);
    pool.release(a);
    expect(pool.acquire(1024, usage)).toBe(a);
    expect(pool.acquire(1024, usage)).not.toBe(a);
    expect(pool.allocatedBytes).toBe(2048);
    pool.trim();
  });

  it('compiles a kernel once per constant set', async () => {
    const cache = new PipelineCache(gpu.device);
    const a = await cache.get(backprojectKernel, backprojectConstants);
    const b = await cache.get(backprojectKernel, { ...backprojectConstants });
    const c = await cache.get(backprojectKernel, { WG_X: 16, WG_Y: 4 });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(cache.size).toBe(2);
  });

  it('reports WGSL errors with the kernel name and line', async () => {
    const cache = new PipelineCache(gpu.device);
    await expect(
      cache.get({ name: 'broken', code: '@compute @workgroup_size(1) fn main() { let x = ; }' }),
    ).rejects.toThrow(/broken\.wgsl:1:/);
  });

  it('round-trips data and times a pass', async () => {
    const buf = gpu.device.createBuffer({
      size: 64,
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC,
    });
    writeFloat32(
      gpu.device,
      buf,
      Float32Array.from({ length: 16 }, (_, i) => i * 0.5),
    );
    const back = await readFloat32(gpu.device, buf, 64);
    expect(back[15]).toBe(7.5);
    const timer = new PassTimer(gpu.device, gpu.hasTimestamps);
    const enc = gpu.device.createCommandEncoder();
    enc.beginComputePass(timer.passDescriptor('empty')).end();
    gpu.device.queue.submit([enc.finish()]);
    const t = await timer.finish();
    expect(t.source).toBe(gpu.hasTimestamps ? 'timestamp' : 'wall');
    expect(t.ms).toBeGreaterThanOrEqual(0);
    expect(t.ms).toBeLessThan(10_000);
    buf.destroy();
  });
});

describe('device loss', () => {
  it('fails the running job with a gpu-lost WedgeLabError', async () => {
    const got = await acquireNodeGpu();
    if (!got.context) throw new Error(got.reason);
    const ctx = got.context;
    const geometry = geometryFromTilts([-30, 0, 30]);
    const p = new GpuProjector(ctx, geometry, { nx: 8, ny: 8, nz: 8 });
    const volume = new Float32Array(512).fill(1);
    expect((await p.forward(volume)).some((v) => v > 0)).toBe(true);
    ctx.device.destroy(); // what a driver reset looks like from here
    const err = await p.forward(volume).catch((e: unknown) => e);
    expect(isWedgeLabError(err) && err.code).toBe('gpu-lost');
    expect(String((err as Error).message)).toMatch(/GPU device was lost.*--device cpu/);
    expect(() => ctx.assertAlive()).toThrow(/lost/);
  });
});
