// Voxel-driven bilinear backprojection of one Y-slab (see backproject.wgsl).
import type { KernelSource } from '../../pipelines.ts';
import { type SlabParams, WORKGROUP, encodeSlabDispatch, groups } from '../slab.ts';
import code from './backproject.wgsl?raw';

export const backprojectKernel: KernelSource = { name: 'backproject', code };
export const backprojectConstants = { ...WORKGROUP };

/**
 * Records the backprojection of detector rows `proj` ([view][row − rowStart][u]) into the slab volume `vol`
 * (nx × nySlab × nz, x fastest). `params` holds packSlabParams(s).
 */
export function encodeBackproject(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  b: { params: GPUBuffer; views: GPUBuffer; proj: GPUBuffer; vol: GPUBuffer },
  s: SlabParams,
  pass: GPUComputePassDescriptor = { label: 'backproject' },
): void {
  const wg: [number, number, number] = [groups(s.nx, WORKGROUP.WG_X), groups(s.nySlab, WORKGROUP.WG_Y), s.nz];
  encodeSlabDispatch(device, encoder, pipeline, [b.params, b.views, b.proj, b.vol], wg, pass);
}
