export { createCpuProjector, CpuProjector, type CpuProjectorOptions } from './cpuProjector.ts';
export {
  allocateSharedFloat32,
  canShareMemory,
  checkCpuMemory,
  estimateCpuMemory,
  estimateCpuMemoryBytes,
  type CpuMemoryEstimate,
  type CpuMemoryLimits,
} from './memory.ts';
export { defaultThreadCount } from './pool.ts';
export { withSharedArrays, withSharedMemory } from './sharedArrays.ts';
