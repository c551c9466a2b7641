// Forward projection of one Y-slab as the transpose of the bilinear backprojector, in gather form
// (one thread per detector pixel, no atomics; see forward.wgsl).
import type { KernelSource } from '../../pipelines.ts';
import { type SlabParams, WORKGROUP, encodeSlabDispatch, groups } from '../slab.ts';
import code from './forward.wgsl?raw';

export const forwardKernel: KernelSource = { name: 'forward', code };
export const forwardConstants = { ...WORKGROUP };

/**
 * Records the projection of the slab volume `vol` into detector rows `proj` ([view][row − rowStart][u]),
 * overwriting them; contributions of other slabs to the same rows are summed by the caller.
 */
export function encodeForward(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  b: { params: GPUBuffer; views: GPUBuffer; vol: GPUBuffer; proj: GPUBuffer },
  s: SlabParams,
  pass: GPUComputePassDescriptor = { label: 'forward' },
): void {
  const wg: [number, number, number] = [
    groups(s.nu, WORKGROUP.WG_X),
    groups(s.nRows, WORKGROUP.WG_Y),
    s.nViews,
  ];
  encodeSlabDispatch(device, encoder, pipeline, [b.params, b.views, b.vol, b.proj], wg, pass);
}
