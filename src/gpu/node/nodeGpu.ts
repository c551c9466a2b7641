// Node: a WebGPU device from the `webgpu` package, falling back to Chromium's SwiftShader driver when the
// machine has no Vulkan loader of its own (CI, GPU-less dev machines).
import { type AcquireOptions, type GpuAcquisition, acquireGpu } from '../device.ts';
import { setupChromiumSwiftShader } from './swiftshader.ts';

export async function acquireNodeGpu(
  options: AcquireOptions & { allowSwiftShader?: boolean } = {},
): Promise<GpuAcquisition> {
  let note = '';
  if (options.allowSwiftShader !== false) note = setupChromiumSwiftShader();
  const got = await acquireGpu(options);
  if (got.context || !note) return got;
  return { context: null, reason: `${got.reason}; SwiftShader fallback: ${note}` };
}
