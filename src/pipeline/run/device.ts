// The one device choice for every host: a hardware WebGPU adapter when `auto` finds one, any adapter for
// `gpu`, else the multi-threaded CPU projector; on the GPU, the CPU projector is the fallback a job continues
// on if the device is lost mid-run (whole volume, slabs and half sets alike).
import { WedgeLabError } from '../../core/errors.ts';
import type { ProjectorFactory } from '../../recon/algorithms/index.ts';
import { cpuDeviceName, planDevice } from '../../recon/devicePolicy.ts';
import type { DeviceChoice } from '../recipe/index.ts';
import type { Host } from './host.ts';

export interface PipelineDevice {
  kind: 'cpu' | 'gpu';
  /** 'cpu (2 threads)', 'webgpu (nvidia hopper)' */
  name: string;
  threads: number | null;
  createProjector: ProjectorFactory;
  fallback?: ProjectorFactory;
  /** why auto chose the CPU ('' otherwise) */
  reason: string;
  release(): Promise<void>;
}

export async function chooseDevice(
  host: Host,
  choice: DeviceChoice,
  threads?: number,
): Promise<PipelineDevice> {
  const cpu = async (reason: string): Promise<PipelineDevice> => {
    const p = await host.cpuProjector(threads);
    return {
      kind: 'cpu',
      name: cpuDeviceName(p.threads),
      threads: p.threads,
      createProjector: p.createProjector,
      reason,
      release: async () => {},
    };
  };
  if (choice === 'reference') {
    const { createReferenceProjector } = await import('../../recon/reference/index.ts');
    return {
      kind: 'cpu',
      name: 'cpu-reference (1 thread)',
      threads: 1,
      createProjector: (g, v, d) => createReferenceProjector(g, v, d),
      reason: 'chosen',
      release: async () => {},
    };
  }
  const plan = planDevice(choice);
  if (!plan.gpu) return cpu('');
  const got = await host.acquireGpu({ rejectSoftware: plan.rejectSoftware });
  const context = got.context && !got.context.lostError ? got.context : null;
  if (!context) {
    if (plan.cpuFallback) return cpu(`no hardware GPU: ${got.reason || 'the device was lost'}`);
    throw new WedgeLabError(
      'unsupported',
      `no WebGPU adapter: ${got.reason || 'the device was lost'}; choose device cpu (--device cpu)`,
    );
  }
  if (context.isSoftware) {
    host.warn(
      `${context.adapterName} is a software adapter, slower than the CPU path here; device cpu is faster`,
    );
  }
  const { GpuProjector } = await import('../../gpu/projector.ts');
  return {
    kind: 'gpu',
    name: `webgpu (${context.adapterName})`,
    threads: null,
    createProjector: (g, v, d) => new GpuProjector(context, g, v, d),
    fallback: async (g, v, d) => (await host.cpuProjector(threads)).createProjector(g, v, d),
    reason: '',
    release: async () => {},
  };
}
