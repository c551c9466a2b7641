// Upload and readback helpers. Readback goes through a MAP_READ staging buffer (storage buffers are not mappable).
import { BufferUsage, MapModeRead } from './flags.ts';

/** Copies `bytes` of `src` from `offsetBytes` back to the CPU as Float32. */
export async function readFloat32(
  device: GPUDevice,
  src: GPUBuffer,
  bytes: number,
  offsetBytes = 0,
): Promise<Float32Array> {
  const size = Math.ceil(bytes / 4) * 4;
  const staging = device.createBuffer({ size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offsetBytes, staging, 0, size);
  device.queue.submit([enc.finish()]);
  try {
    await staging.mapAsync(MapModeRead);
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.destroy();
  }
}

/** writeBuffer wants a multiple of 4 bytes and views over ArrayBuffer; Float32 data always is. */
export function writeFloat32(device: GPUDevice, dst: GPUBuffer, data: Float32Array, offsetBytes = 0): void {
  device.queue.writeBuffer(dst, offsetBytes, data.buffer, data.byteOffset, data.byteLength);
}
