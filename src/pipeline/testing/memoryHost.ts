// A pipeline host over in-memory files, for orchestration tests: inputs and outputs are byte arrays in a
// map, the CPU projector is the real one (1 thread by default, deterministic), the GPU is whatever the test
// hands in (e.g. a real SwiftShader context from src/gpu/node).
import { WedgeLabError } from '../../core/errors.ts';
import type { GpuAcquisition } from '../../gpu/device.ts';
import { bytesSource } from '../../io/mrc/index.ts';
import { createCpuProjector } from '../../recon/cpu/index.ts';
import type { Recipe } from '../recipe/index.ts';
import type { Host, StepProgress } from '../run/host.ts';

export interface MemoryHost extends Host {
  files: Map<string, Uint8Array>;
  recipes: Map<string, Recipe>;
  warnings: string[];
  stages: StepProgress[];
}

export function memoryHost(
  files: Record<string, Uint8Array | string>,
  opts: { budgetBytes?: number; gpu?: () => Promise<GpuAcquisition>; threads?: number } = {},
): MemoryHost {
  const map = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(files))
    map.set(k, typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const get = (name: string): Uint8Array => {
    const b = map.get(name);
    if (!b) throw new WedgeLabError('not-found', `${name}: no such file`);
    return b;
  };
  const host: MemoryHost = {
    files: map,
    recipes: new Map(),
    warnings: [],
    stages: [],
    version: 'test',
    openInput: async (name) => bytesSource(get(name), name),
    readText: async (name) => new TextDecoder().decode(get(name)),
    async createOutput(name, bytes) {
      const buf = new Uint8Array(bytes);
      return {
        write: (b, at) => void buf.set(b, at),
        finish: () => void map.set(name, buf),
        abort: () => void map.delete(name),
      };
    },
    async createScratch(_name, bytes) {
      const buf = new Uint8Array(bytes);
      return {
        write: (b, at) => void buf.set(b, at),
        read: (into, at) => void into.set(buf.subarray(at, at + into.length)),
        dispose: () => {},
      };
    },
    async writeRecipe(name, recipe) {
      host.recipes.set(name, recipe);
    },
    acquireGpu: opts.gpu ?? (async () => ({ context: null, reason: 'no GPU in this test' })),
    async cpuProjector(threads) {
      const n = threads ?? opts.threads ?? 1;
      return { threads: n, createProjector: (g, v, d) => createCpuProjector(g, v, d, { threads: n }) };
    },
    memoryBudget: () => ({ bytes: opts.budgetBytes ?? 4e9, what: 'this test allows' }),
    progress: (p) => void host.stages.push(p),
    warn: (line) => void host.warnings.push(line),
  };
  return host;
}
