/**
 * Which projector runs a reconstruction: WebGPU on a hardware adapter, else the multi-threaded CPU
 * projector, else the exact (slow) reference one. 'auto' rejects software adapters (src/recon/devicePolicy.ts).
 * The GPU is acquired once per worker and kept.
 */
import { WedgeLabError } from '../core/errors.ts';
import { acquireGpu, type GpuAcquisition } from '../gpu/device.ts';
import { GpuProjector } from '../gpu/projector.ts';
import type { ProjectorFactory } from '../recon/algorithms/index.ts';
import { createCpuProjector, defaultThreadCount } from '../recon/cpu/index.ts';
import { cpuDeviceName, planDevice } from '../recon/devicePolicy.ts';
import { createReferenceProjector } from '../recon/reference/index.ts';
import type { DeviceChoice } from './reconTypes.ts';

export interface ChosenDevice {
  createProjector: ProjectorFactory;
  /** GPU only: where a job continues if the device is lost mid-run (the multi-threaded CPU projector) */
  fallback?: ProjectorFactory;
  /** for the result line, e.g. 'cpu (2 threads)' */
  label: string;
  /** why this device */
  note: string;
}

const acquisitions = new Map<boolean, Promise<GpuAcquisition>>();

function gpu(rejectSoftware: boolean): Promise<GpuAcquisition> {
  let got = acquisitions.get(rejectSoftware);
  if (!got) {
    got = acquireGpu({ rejectSoftware }).catch((e) => ({ context: null, reason: String(e) }));
    acquisitions.set(rejectSoftware, got);
  }
  return got;
}

export async function chooseDevice(choice: DeviceChoice): Promise<ChosenDevice> {
  const plan = planDevice(choice);
  if (plan.gpu) {
    const { context, reason } = await gpu(plan.rejectSoftware);
    if (context && !context.lostError) {
      return {
        createProjector: (g, v, d) => new GpuProjector(context, g, v, d),
        fallback: async (g, v, d) => createCpuProjector(g, v, d, { threads: await defaultThreadCount() }),
        label: `webgpu (${context.adapterName})`,
        note: context.isSoftware ? 'software adapter, chosen explicitly' : 'GPU adapter found',
      };
    }
    if (!plan.cpuFallback) {
      throw new WedgeLabError(
        'unsupported',
        `WebGPU is not available here: ${reason}; choose device auto or cpu`,
      );
    }
    if (typeof Worker !== 'undefined' || typeof process !== 'undefined') {
      const threads = await defaultThreadCount();
      return cpu(threads, reason);
    }
    return reference(reason);
  }
  if (choice === 'cpu') return cpu(await defaultThreadCount(), 'chosen');
  return reference('chosen');
}

function cpu(threads: number, why: string): ChosenDevice {
  return {
    createProjector: (g, v, d) => createCpuProjector(g, v, d, { threads }),
    label: cpuDeviceName(threads),
    note: why,
  };
}

function reference(why: string): ChosenDevice {
  return {
    createProjector: (g, v, d) => createReferenceProjector(g, v, d),
    label: 'cpu-reference (1 thread)',
    note: why,
  };
}
