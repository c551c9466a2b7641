// The uniform block both projector kernels share (`struct Params` in their WGSL): which Y-slab of the
// volume and which detector rows a dispatch covers.

export interface SlabParams {
  nx: number;
  /** rows in this slab: volume rows [y0, y0 + nySlab) */
  nySlab: number;
  nz: number;
  y0: number;
  nu: number;
  nv: number;
  /** detector rows [rowStart, rowStart + nRows) held in the projection buffer */
  rowStart: number;
  nRows: number;
  nViews: number;
  /** whole-volume centre in voxel indices, as used by packViews */
  centre: [number, number, number];
}

export const PARAMS_BYTES = 64;

/** `viewOffset`: first view of this dispatch within the projection buffer (backprojection in view chunks). */
export function packSlabParams(s: SlabParams, accumulate = false, viewOffset = 0): ArrayBuffer {
  const buf = new ArrayBuffer(PARAMS_BYTES);
  const u32 = new Uint32Array(buf);
  const f32 = new Float32Array(buf);
  const misc = [s.nViews, accumulate ? 1 : 0, viewOffset, 0];
  u32.set([s.nx, s.nySlab, s.nz, s.y0, s.nu, s.nv, s.rowStart, s.nRows, ...misc]);
  f32.set([s.centre[0], s.centre[1], s.centre[2], 0], 12);
  return buf;
}

export function groups(n: number, size: number): number {
  return Math.ceil(n / size);
}

/** Records one dispatch of a projector kernel with bindings (params, views, input, output). */
export function encodeSlabDispatch(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  buffers: [GPUBuffer, GPUBuffer, GPUBuffer, GPUBuffer],
  workgroups: [number, number, number],
  pass: GPUComputePassDescriptor,
): void {
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const p = encoder.beginComputePass(pass);
  p.setPipeline(pipeline);
  p.setBindGroup(0, bindGroup);
  p.dispatchWorkgroups(...workgroups);
  p.end();
}
