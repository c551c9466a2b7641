// Elementwise SIRT kernels for the GPU-resident iteration (residual + norm, reduction, update). Their CPU
// twins are in sirtTwin.ts; sirt.test.ts compares the two.
import type { KernelSource } from '../../pipelines.ts';
import reduceCode from './reduce.wgsl?raw';
import residualCode from './residual.wgsl?raw';
import updateCode from './update.wgsl?raw';

export const residualKernel: KernelSource = { name: 'sirtResidual', code: residualCode };
export const reduceKernel: KernelSource = { name: 'sirtReduce', code: reduceCode };
export const updateKernel: KernelSource = { name: 'sirtUpdate', code: updateCode };

/** `WG` in the three WGSL files */
export const SIRT_WG = 256;
/** cap on workgroups of the grid-stride update kernel */
export const MAX_GROUPS = 1024;
export const SIRT_PARAMS_BYTES = 16;

export function packSirtParams(n: number, lambda = 0, positivity = false): ArrayBuffer {
  const buf = new ArrayBuffer(SIRT_PARAMS_BYTES);
  new Uint32Array(buf).set([n, 0, positivity ? 1 : 0, 0]);
  new Float32Array(buf)[1] = lambda;
  return buf;
}

export function gridGroups(n: number): number {
  return Math.max(1, Math.min(MAX_GROUPS, Math.ceil(n / SIRT_WG)));
}

/** cap on workgroups of residual.wgsl, which writes one partial per thread (≤ 64 Ki partials) */
export const RESIDUAL_MAX_GROUPS = 256;

/** Workgroups of the residual pass over n values. */
export function residualGroups(n: number): number {
  return Math.max(1, Math.min(RESIDUAL_MAX_GROUPS, Math.ceil(n / SIRT_WG)));
}

/** Partial sums the residual pass leaves for reduce.wgsl: one per thread. */
export function residualPartials(n: number): number {
  return residualGroups(n) * SIRT_WG;
}

/** One compute pass of `pipeline` over `buffers` (bindings 0…k in order); `label` or a whole descriptor. */
export function encodePass(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  buffers: GPUBuffer[],
  groups: number,
  label: string | GPUComputePassDescriptor,
): void {
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const pass = encoder.beginComputePass(typeof label === 'string' ? { label } : label);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(groups);
  pass.end();
}
