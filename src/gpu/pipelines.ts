// Compute pipeline cache keyed by kernel name + override constants (one program object per kernel,
// as in tfjs-backend-webgpu). Compilation is the slow part on every driver, so it happens once.

export type KernelConstants = Record<string, number>;

export interface KernelSource {
  /** unique per WGSL source, e.g. 'backproject' */
  name: string;
  code: string;
  entryPoint?: string;
}

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(private readonly device: GPUDevice) {}

  static key(name: string, constants: KernelConstants = {}): string {
    const parts = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${constants[k]}`);
    return `${name}|${parts.join(',')}`;
  }

  get(kernel: KernelSource, constants: KernelConstants = {}): Promise<GPUComputePipeline> {
    const key = PipelineCache.key(kernel.name, constants);
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.create(kernel, constants);
      this.pipelines.set(key, p);
      p.catch(() => this.pipelines.delete(key)); // a failed compile must not poison the cache
    }
    return p;
  }

  get size(): number {
    return this.pipelines.size;
  }

  private async create(kernel: KernelSource, constants: KernelConstants): Promise<GPUComputePipeline> {
    let module = this.modules.get(kernel.name);
    if (!module) {
      module = this.device.createShaderModule({ code: kernel.code, label: kernel.name });
      this.modules.set(kernel.name, module);
    }
    // Surface WGSL errors as one readable line instead of an opaque "invalid pipeline" later.
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const m = errors[0];
      throw new Error(`WGSL error in ${kernel.name}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}`);
    }
    return this.device.createComputePipelineAsync({
      label: PipelineCache.key(kernel.name, constants),
      layout: 'auto',
      compute: { module, entryPoint: kernel.entryPoint ?? 'main', constants },
    });
  }
}
