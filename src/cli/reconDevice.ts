// Where `reconstruct`/`halfset` run: a WebGPU adapter (Node's optional `webgpu` package) or the
// multi-threaded CPU projector. `auto` takes a hardware adapter only (src/recon/devicePolicy.ts).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { WedgeLabError } from '../core/errors.ts';
import type { ProjectorFactory } from '../recon/algorithms/index.ts';
import { cpuDeviceName, planDevice } from '../recon/devicePolicy.ts';
import type { GpuAcquisition } from '../gpu/device.ts';
import type { DeviceChoice } from './reconOptions.ts';

export interface ReconDevice {
  kind: 'cpu' | 'gpu';
  /** e.g. 'cpu (2 threads)', 'webgpu (nvidia hopper)' */
  name: string;
  /** CPU threads (undefined on the GPU) */
  threads?: number;
  createProjector: ProjectorFactory;
  /** GPU only: the CPU projector a job continues on if the GPU device is lost mid-run */
  fallback?: ProjectorFactory;
  /** why auto chose the CPU ('' otherwise) */
  reason: string;
  /** a warning for stderr, e.g. a software adapter chosen with --device gpu ('' when none) */
  warning: string;
  release(): Promise<void>;
}

/** where Debian's chromium keeps its SwiftShader Vulkan driver; WEDGELAB_CHROMIUM_DIR overrides */
const CHROMIUM_DIR = '/usr/lib/chromium';

const LOADER_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/local/lib',
];

/**
 * Linux Dawn reaches GPUs through the Vulkan loader only. Without one, asking for an adapter just prints a
 * native warning on stderr, so look for the loader first. Other platforms use Metal/D3D12: assume present.
 */
function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), ...LOADER_DIRS];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

async function cpuDevice(threads: number | undefined, reason: string): Promise<ReconDevice> {
  const cpu = await import('../recon/cpu/index.ts');
  const { withSharedArrays } = await import('./sharedArrays.ts');
  const n = threads ?? (await cpu.defaultThreadCount());
  return {
    kind: 'cpu',
    name: cpuDeviceName(n),
    threads: n,
    createProjector: (g, vol, det) => {
      const p = cpu.createCpuProjector(g, vol, det, { threads: n });
      return n > 1 ? withSharedArrays(p, cpu.allocateSharedFloat32) : p;
    },
    reason,
    warning: '',
    release: async () => {},
  };
}

export async function chooseDevice(choice: DeviceChoice, threads?: number): Promise<ReconDevice> {
  const plan = planDevice(choice);
  if (!plan.gpu) return cpuDevice(threads, '');
  const { acquireGpu } = await import('../gpu/device.ts');
  let got: GpuAcquisition = hasVulkanLoader()
    ? await acquireGpu({ rejectSoftware: plan.rejectSoftware })
    : { context: null, reason: 'no Vulkan loader (libvulkan.so.1) on this machine' };
  if (plan.cpuFallback && !got.context) return cpuDevice(threads, `no hardware GPU: ${got.reason}`);
  // --device gpu without a hardware adapter: Chromium's SwiftShader, if installed, is still WebGPU.
  // Dawn is not asked when that cannot load either: it would only print native warnings on stderr.
  if (!got.context) {
    const { setupChromiumSwiftShader } = await import('../gpu/node/swiftshader.ts');
    const why = setupChromiumSwiftShader(process.env.WEDGELAB_CHROMIUM_DIR || CHROMIUM_DIR);
    got = why ? { context: null, reason: `${got.reason}; SwiftShader fallback: ${why}` } : await acquireGpu();
  }
  const context = got.context;
  if (!context) throw new WedgeLabError('bad-argument', `no WebGPU adapter: ${got.reason}; use --device cpu`);
  const { registerRawImports } = await import('../gpu/wgsl.ts');
  await registerRawImports(); // the kernels import their WGSL with ?raw
  const { GpuProjector } = await import('../gpu/projector.ts');
  return {
    kind: 'gpu',
    name: `webgpu (${context.adapterName})`,
    createProjector: (g, vol, det) => new GpuProjector(context, g, vol, det),
    fallback: async (g, vol, det) => (await cpuDevice(threads, '')).createProjector(g, vol, det),
    reason: '',
    warning: context.isSoftware
      ? `${context.adapterName} is a software adapter, slower than the CPU path here; --device cpu is faster`
      : '',
    release: () => context.destroy(),
  };
}
