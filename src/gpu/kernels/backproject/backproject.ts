// Voxel-driven bilinear backprojection of one Y-slab (see backproject.wgsl for the layout choices).
import type { KernelSource } from '../../pipelines.ts';
import { type SlabParams, encodeSlabDispatch, groups } from '../slab.ts';
import code from './backproject.wgsl?raw';

export const backprojectKernel: KernelSource = { name: 'backproject', code };
/** 32 × 2: a warp (32) or wave (64) covers whole runs of x, i.e. of neighbouring detector pixels */
export const BACKPROJECT_WORKGROUP = { WG_X: 32, WG_Y: 2 } as const;
export const backprojectConstants = { ...BACKPROJECT_WORKGROUP };
/** voxels along z per thread (ZB in the WGSL) */
export const BACKPROJECT_Z_BLOCK = 4;

/**
 * Records the backprojection of detector rows `proj` ([view][row − rowStart][u]) into the slab volume `vol`
 * (nx × nySlab × nz, x fastest). `params` holds packSlabParams(s, accumulate, viewOffset); `views` is a
 * uniform buffer holding packBackViews() of the dispatch's (at most BACK_MAX_VIEWS) views.
 */
export function encodeBackproject(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  b: { params: GPUBuffer; backViews: GPUBuffer; proj: GPUBuffer; vol: GPUBuffer },
  s: SlabParams,
  pass: GPUComputePassDescriptor = { label: 'backproject' },
): void {
  const wg: [number, number, number] = [
    groups(s.nx, BACKPROJECT_WORKGROUP.WG_X),
    groups(s.nySlab, BACKPROJECT_WORKGROUP.WG_Y),
    groups(s.nz, BACKPROJECT_Z_BLOCK),
  ];
  encodeSlabDispatch(device, encoder, pipeline, [b.params, b.backViews, b.proj, b.vol], wg, pass);
}
