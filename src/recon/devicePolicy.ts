/**
 * The device-choice policy shared by the CLI (`--device`) and the browser jobs: whether a choice asks for a
 * WebGPU adapter, which one, and what happens when there is none. Acquiring the adapter (Node's `webgpu`
 * package, the browser's navigator.gpu) stays with each caller.
 *
 * 'auto' takes a hardware adapter only: a software one (SwiftShader, about 0.09 G voxel-updates/s) is slower
 * than the multi-threaded CPU path (about 0.2 per thread), so auto skips it and falls back to the CPU.
 * 'gpu' takes any adapter, software included, and fails without one. 'cpu' and 'reference' never ask.
 */
export type DevicePlan = { gpu: false } | { gpu: true; rejectSoftware: boolean; cpuFallback: boolean };

export function planDevice(choice: 'auto' | 'gpu' | 'cpu' | 'reference'): DevicePlan {
  if (choice === 'auto') return { gpu: true, rejectSoftware: true, cpuFallback: true };
  if (choice === 'gpu') return { gpu: true, rejectSoftware: false, cpuFallback: false };
  return { gpu: false };
}

/** The CPU projector's name in reports: 'cpu (1 thread)', 'cpu (8 threads)'. */
export function cpuDeviceName(threads: number): string {
  return `cpu (${threads} thread${threads === 1 ? '' : 's'})`;
}
