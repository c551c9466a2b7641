// Forward projection of one Y-slab as the transpose of the bilinear backprojector, in gather form
// (one thread per run of 4 detector columns of one row, no atomics; see forward.wgsl).
import type { KernelSource } from '../../pipelines.ts';
import { type SlabParams, encodeSlabDispatch, groups } from '../slab.ts';
import code from './forward.wgsl?raw';

export const forwardKernel: KernelSource = { name: 'forward', code };
/**
 * 16 × 4 along (run of columns, detector row): a warp/wave marches neighbouring rays. Narrow enough that a
 * 64-pixel detector (16 runs) leaves no thread idle; 32 × 2 idled half of them there.
 */
export const FORWARD_WORKGROUP = { WG_X: 16, WG_Y: 4 } as const;
export const forwardConstants = { ...FORWARD_WORKGROUP };
/** detector columns per thread (RUN in the WGSL) */
export const FORWARD_RUN = 4;

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
    groups(groups(s.nu, FORWARD_RUN), FORWARD_WORKGROUP.WG_X),
    groups(s.nRows, FORWARD_WORKGROUP.WG_Y),
    s.nViews,
  ];
  encodeSlabDispatch(device, encoder, pipeline, [b.params, b.views, b.vol, b.proj], wg, pass);
}
