// Device acquisition in the browser (navigator.gpu) or in Node (the optional `webgpu` package, Dawn).
// "No GPU" is an ordinary outcome: a null context and a one-line reason, never an exception.
import { WedgeLabError } from '../core/errors.ts';

/** The limits WedgeLab sizes its work by, as granted to the device (not the spec defaults). */
export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeWorkgroupsPerDimension: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxStorageBuffersPerShaderStage: number;
}

export interface GpuContext {
  device: GPUDevice;
  /** e.g. 'nvidia ampere', 'google swiftshader' */
  adapterName: string;
  /** true on CPU emulation (SwiftShader, WARP, llvmpipe): slower than the CPU path */
  isSoftware: boolean;
  limits: GpuLimits;
  hasTimestamps: boolean;
  /** set once the device is lost; every later operation throws it */
  lostError: WedgeLabError | null;
  /** rejects with the gpu-lost error when the device is lost while `work` is pending */
  guard<T>(work: Promise<T>): Promise<T>;
  /** throws the gpu-lost error if the device is already gone */
  assertAlive(): void;
  /** waits for queued work, then releases the device (Dawn aborts if the process exits with work in flight) */
  destroy(): Promise<void>;
}

export type GpuAcquisition = { context: GpuContext; reason: '' } | { context: null; reason: string };

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
  /** reject software adapters (SwiftShader) so callers fall back to the faster CPU path */
  rejectSoftware?: boolean;
  /** Node only: Dawn toggles such as 'enable-dawn-features=...' passed to `create()` */
  dawnOptions?: string[];
}

const LIMIT_NAMES: (keyof GpuLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
];

type NodeWebGpu = { create(options: string[]): GPU; globals: object };

/** navigator.gpu in browsers and workers; the `webgpu` package in Node; null with a reason otherwise. */
async function findGpu(dawnOptions: string[]): Promise<{ gpu: GPU | null; reason: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, reason: '' };
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (isNode !== 'string')
    return { gpu: null, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    // A variable specifier keeps bundlers from pulling the Node addon into browser builds.
    const name = 'webgpu';
    const mod = (await import(/* @vite-ignore */ name)) as NodeWebGpu;
    Object.assign(globalThis, mod.globals);
    return { gpu: mod.create(dawnOptions), reason: '' };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { gpu: null, reason: `the optional 'webgpu' package could not be loaded (${why})` };
  }
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|warp|software|cpu/i;

/** What there is without opening a device (the page's GPU notice): the adapter's name, or why there is none. */
export async function probeGpu(): Promise<{
  adapterName: string | null;
  isSoftware: boolean;
  reason: string;
}> {
  const { gpu, reason } = await findGpu([]);
  if (!gpu) return { adapterName: null, isSoftware: false, reason };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      return {
        adapterName: null,
        isSoftware: false,
        reason: 'WebGPU is present but no GPU adapter was found (driver missing or blocked)',
      };
    }
    const name = adapterNameOf(adapter);
    return { adapterName: name, isSoftware: SOFTWARE.test(name), reason: '' };
  } catch (e) {
    return { adapterName: null, isSoftware: false, reason: `requestAdapter failed: ${oneLineOf(e)}` };
  }
}

const oneLineOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

function adapterNameOf(adapter: GPUAdapter): string {
  // adapter.info is newer than the @webgpu/types version hoisted here
  const info = (adapter as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
  return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown';
}

export async function acquireGpu(options: AcquireOptions = {}): Promise<GpuAcquisition> {
  const { gpu, reason } = await findGpu(options.dawnOptions ?? []);
  if (!gpu) return { context: null, reason };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (e) {
    return { context: null, reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) {
    return {
      context: null,
      reason: 'WebGPU is present but no GPU adapter was found (driver missing or blocked)',
    };
  }
  const adapterName = adapterNameOf(adapter);
  const isSoftware = SOFTWARE.test(adapterName);
  if (isSoftware && options.rejectSoftware) {
    return {
      context: null,
      reason: `only a software adapter (${adapterName}) is available; the CPU path is faster`,
    };
  }
  // Ask for what the adapter really has: the spec defaults (128 MiB bindings) would force tiny slabs.
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMIT_NAMES) requiredLimits[name] = adapter.limits[name];
  const hasTimestamps = adapter.features.has('timestamp-query');
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits,
      requiredFeatures: hasTimestamps ? ['timestamp-query'] : [],
      label: 'wedgelab',
    });
  } catch (e) {
    return { context: null, reason: `requestDevice failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const keepAlive: unknown[] = [gpu, adapter];
  return { context: makeContext(device, adapterName, isSoftware, hasTimestamps, keepAlive), reason: '' };
}

/**
 * `keepAlive` holds the GPU object from Dawn's `create()` (and the adapter) for the device's lifetime. In
 * Node, Dawn's instance lives only while that object is referenced: once garbage-collected, pending async
 * work (pipeline compiles, mapAsync) aborts the process with pthread/futex assertions or a segfault; that is
 * what killed the larger SwiftShader runs. destroy() drops it so Node can exit.
 */
function makeContext(
  device: GPUDevice,
  adapterName: string,
  isSoftware: boolean,
  hasTimestamps: boolean,
  keepAlive: unknown[],
) {
  const limits = {} as GpuLimits;
  for (const name of LIMIT_NAMES) limits[name] = device.limits[name];
  let destroyed = false;
  let rejectLost: (e: WedgeLabError) => void = () => {};
  const lost = new Promise<never>((_, reject) => (rejectLost = reject));
  lost.catch(() => {}); // observed through guard(); an unobserved rejection must not crash Node
  const ctx: GpuContext = {
    device,
    adapterName,
    isSoftware,
    limits,
    hasTimestamps,
    lostError: null,
    async guard(work) {
      try {
        return await Promise.race([work, lost]);
      } catch (e) {
        // A pending mapAsync rejects with its own AbortError when the device goes: report the loss instead.
        await new Promise((resolve) => setTimeout(resolve, 0));
        throw ctx.lostError ?? e;
      }
    },
    assertAlive() {
      if (ctx.lostError) throw ctx.lostError;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await device.queue.onSubmittedWorkDone();
      device.destroy();
      keepAlive.length = 0;
    },
  };
  void device.lost.then((info) => {
    const why = destroyed ? 'it was released' : `${info.reason}: ${info.message || 'no details'}`;
    ctx.lostError = new WedgeLabError(
      'gpu-lost',
      `The GPU device was lost (${why}); results computed so far are kept. Rerun, or use --device cpu.`,
    );
    rejectLost(ctx.lostError);
  });
  device.addEventListener?.('uncapturederror', (ev) => {
    console.error(`[wedgelab gpu] ${(ev as GPUUncapturedErrorEvent).error.message}`);
  });
  return ctx;
}
