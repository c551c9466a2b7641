// Validation and out-of-memory errors of a piece of GPU work, turned into exceptions.
import { WedgeLabError } from '../core/errors.ts';

/**
 * WebGPU reports invalid commands and failed allocations asynchronously and otherwise only logs them:
 * without scopes a bad dispatch would return zeros as if it had worked.
 */
export async function withErrorScopes(device: GPUDevice, work: () => Promise<void>): Promise<void> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let failure: unknown = null;
  try {
    await work();
  } catch (e) {
    failure = e;
  }
  const invalid = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (failure) throw failure;
  if (oom) {
    throw new WedgeLabError(
      'too-large',
      `the GPU ran out of memory (${oom.message.split('\n')[0]}); use --device cpu or bin the data`,
    );
  }
  if (invalid) throw new Error(`GPU validation error: ${invalid.message.split('\n')[0]}`);
}
