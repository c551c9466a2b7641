/**
 * The page's pipeline host, inside the recon worker (or on the main thread when Workers are unavailable):
 * inputs are the Blobs the user chose (passed by reference, never copied), slab-mode outputs go to browser
 * storage (OPFS) through synchronous access handles, the GPU is navigator.gpu (acquired once per worker),
 * the budget is the tab's, and progress/previews/warnings go back over comlink.
 */
import { WedgeLabError } from '../core/errors.ts';
import { acquireGpu, type GpuAcquisition } from '../gpu/device.ts';
import { blobSource } from '../io/mrc/index.ts';
import { fmtBytes, type Host, type Recipe } from '../pipeline/index.ts';
import { createCpuProjector, defaultThreadCount, withSharedMemory } from '../recon/cpu/index.ts';
import { abortedBy } from './cancelFlag.ts';
import { opfsStorage, type SlabStorage, type SyncFile } from './opfs.ts';
import type { ProgressReporter } from './reconProgress.ts';
// tfjs's WASM backend (align cnn) is served from the app itself, never a CDN: offline and nothing leaves
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const TFJS_WASM = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const acquisitions = new Map<boolean, Promise<GpuAcquisition>>();

function gpu(rejectSoftware: boolean): Promise<GpuAcquisition> {
  let got = acquisitions.get(rejectSoftware);
  if (!got) {
    got = acquireGpu({ rejectSoftware }).catch((e) => ({ context: null, reason: String(e) }));
    acquisitions.set(rejectSoftware, got);
  }
  return got;
}

function writeAll(file: SyncFile, bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length;) {
    const n = file.write(bytes.subarray(done), { at: at + done });
    if (n <= 0)
      throw new WedgeLabError('unsupported', `browser storage: could not write at byte ${at + done}`);
    done += n;
  }
}

export interface PageHostOptions {
  files: Record<string, Blob>;
  budgetBytes: number;
  progress: ProgressReporter;
  signal: AbortSignal;
  /** the page's shared cancel flag (cancelFlag.ts), read by synchronous metric loops */
  cancelFlag?: Int32Array;
  /** iterations: an intermediate volume for the live views */
  preview?: Host['preview'];
  storage?: SlabStorage;
  /** recipes written beside outputs (the page offers them as Save recipe) */
  recipes?: Map<string, Recipe>;
}

export function pageHost(o: PageHostOptions): Host & { warnings: string[] } {
  const storage = o.storage ?? opfsStorage();
  const warnings: string[] = [];
  const blob = (name: string): Blob => {
    const b = o.files[name];
    if (!b)
      throw new WedgeLabError(
        'not-found',
        `${name} was not opened with the stack; open it together with the stack`,
      );
    return b;
  };
  return {
    warnings,
    version: __WEDGELAB_VERSION__,
    openInput: async (name) => blobSource(blob(name), name),
    readText: (name) => blob(name).text(),
    async createOutput(name) {
      const file = await storage.open(name);
      return {
        write: (b, at) => writeAll(file, b, at),
        finish: () => {
          file.flush();
          file.close();
        },
        abort: async () => {
          file.close();
          await storage.remove(name);
        },
      };
    },
    async createScratch(name) {
      const file = await storage.open(name);
      return {
        write: (b, at) => writeAll(file, b, at),
        read: (into, at) => void file.read(into, { at }),
        dispose: async () => {
          file.close();
          await storage.remove(name);
        },
      };
    },
    async writeRecipe(name, recipe) {
      o.recipes?.set(name, recipe);
    },
    acquireGpu: ({ rejectSoftware }) => gpu(rejectSoftware),
    async cpuProjector(threads) {
      // threads need Workers: the main-thread fallback runs one
      const n = typeof Worker === 'undefined' ? 1 : (threads ?? (await defaultThreadCount()));
      // cross-origin isolated (COOP/COEP from the server or the service worker): the threads share memory
      return {
        threads: n,
        createProjector: (g, v, d) => withSharedMemory(createCpuProjector(g, v, d, { threads: n }), n),
      };
    },
    memoryBudget: () => ({ bytes: o.budgetBytes, what: 'a browser tab has' }),
    freeOutputBytes: () => storage.freeBytes(),
    async outputSpaceAdvice() {
      const ours = (await storage.storedBytes?.()) ?? 0;
      return ours > 0
        ? `, and earlier WedgeLab results hold ${fmtBytes(ours)} there: Dismiss the last result (Download it first to keep it) or clear this site's data, or use a larger bin`
        : '; free some site data or use a larger bin';
    },
    progress(p) {
      o.progress.update({
        fraction: p.fraction,
        stage: p.stage,
        iteration: p.iteration,
        iterations: p.iterations,
        residual: p.residual ?? o.progress.last.residual,
      });
    },
    preview: o.preview,
    warn(line) {
      warnings.push(line);
      o.progress.update({ ...o.progress.last, stage: line }, true);
    },
    signal: o.signal,
    cancelled: abortedBy(o.signal, o.cancelFlag),
    tfjsWasmPaths: TFJS_WASM,
  };
}
