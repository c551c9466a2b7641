// What a pipeline run needs from where it runs. The CLI (src/cli/nodeHost.ts) and the recon worker
// (src/jobs/pipelineHost.ts) each supply one; everything else (checks, geometry, device policy, memory
// plan, slab mode, GPU-loss fallback, provenance) lives once, in src/pipeline.
import type { GpuAcquisition } from '../../gpu/device.ts';
import type { ByteSource } from '../../io/mrc/types.ts';
import type { ProjectorFactory } from '../../recon/algorithms/index.ts';
import type { Recipe } from '../recipe/index.ts';

/** A file written at byte offsets; nothing is visible under its name until finish(). */
export interface OutputFile {
  write(bytes: Uint8Array, at: number): Promise<void> | void;
  finish(): Promise<void> | void;
  /** removes what was written */
  abort(): Promise<void> | void;
}

/** A temporary file (the aligned stack of slab mode), read back at offsets, removed by dispose(). */
export interface ScratchFile {
  write(bytes: Uint8Array, at: number): Promise<void> | void;
  read(into: Uint8Array, at: number): Promise<void> | void;
  dispose(): Promise<void> | void;
}

export interface StepProgress {
  /** 0…1 of the whole run */
  fraction: number;
  stage: string;
  iteration?: number;
  iterations?: number;
  residual?: number;
}

export interface Host {
  /** e.g. '0.1.0': written into every MRC label with the recipe's hash */
  version: string;
  /** the bytes of an input named in the recipe (a path in the CLI, a chosen file's name in the page) */
  openInput(name: string): Promise<ByteSource>;
  /** `option` names the field's flag for messages ('--tilts') */
  readText(name: string, option: string): Promise<string>;
  createOutput(name: string, bytes: number): Promise<OutputFile>;
  createScratch(name: string, bytes: number): Promise<ScratchFile>;
  /** NAME.recipe.json beside an output (the CLI makes its paths relative to the file's folder) */
  writeRecipe(name: string, recipe: Recipe): Promise<void>;
  /** a WebGPU adapter (navigator.gpu, or Node's webgpu package) */
  acquireGpu(opts: { rejectSoftware: boolean }): Promise<GpuAcquisition>;
  /** the multi-threaded CPU projector (threads: undefined = all cores) */
  cpuProjector(threads?: number): Promise<{ createProjector: ProjectorFactory; threads: number }>;
  /** bytes a job may use when the recipe sets no device.maxMemoryGB, and how to say where it came from */
  memoryBudget(): { bytes: number; what: string };
  /** free bytes where outputs go, null when unknown (browser storage quota) */
  freeOutputBytes?(): Promise<number | null>;
  /** what to do when outputs do not fit there, e.g. '; earlier results hold 1.2 GB there: …' */
  outputSpaceAdvice?(): Promise<string>;
  progress?(p: StepProgress): void;
  /** an intermediate volume (iterations, slabs) for live views */
  preview?(p: { data: Float32Array; dims: { nx: number; ny: number; nz: number }; iteration: number }): void;
  warn(line: string): void;
  /** where tfjs's WASM files are (align cnn): a folder ending in '/' or each file's URL */
  tfjsWasmPaths?: string | Record<string, string>;
  signal?: AbortSignal;
  /** for synchronous metric loops: also true when the page raised its shared cancel flag (default: signal) */
  cancelled?: { readonly aborted: boolean };
}
