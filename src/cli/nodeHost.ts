// The CLI's pipeline host: paths on disk, outputs written to NAME.tmp and renamed (a failed job leaves no
// half-written file), the free memory as the budget, a progress bar on stderr, and the GPU through Node's
// optional `webgpu` package (Chromium's SwiftShader only when --device gpu asks for any adapter).
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { WedgeLabError } from '../core/errors.ts';
import type { GpuAcquisition, GpuContext } from '../gpu/device.ts';
import type { DeviceChoice, Host, OutputFile, PipelineDevice, ScratchFile } from '../pipeline/index.ts';
import { openNodeSource, type NodeSource } from './nodeSource.ts';
import { writeRecipeFile } from './recipeFiles.ts';
import type { CommandContext, Progress } from './spec.ts';

/** where Debian's chromium keeps its SwiftShader Vulkan driver; WEDGELAB_CHROMIUM_DIR overrides */
const CHROMIUM_DIR = '/usr/lib/chromium';
const LOADER_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/local/lib',
];

/** Linux Dawn reaches GPUs through the Vulkan loader only; without one it just prints native warnings. */
function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), ...LOADER_DIRS];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

async function writeAll(fh: FileHandle, bytes: Uint8Array, at: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, at + done);
    done += bytesWritten;
  }
}

function missing(path: string, e: unknown, option = ''): never {
  const code = (e as NodeJS.ErrnoException).code;
  const what = option ? `${option} ${path}` : path;
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new WedgeLabError('not-found', `${what}: no such file`);
  throw e;
}

export interface NodeHost extends Host {
  /** closes inputs and releases the GPU */
  dispose(): Promise<void>;
}

export function createNodeHost(ctx: CommandContext, version: string, label: string): NodeHost {
  const inputs: NodeSource[] = [];
  const contexts: GpuContext[] = [];
  let bar: Progress | null = null;
  const host: NodeHost = {
    version,
    async openInput(path) {
      const src = await openNodeSource(path).catch((e) => missing(path, e));
      inputs.push(src);
      return src;
    },
    async readText(path, option) {
      const st = await stat(path).catch((e) => missing(path, e, option));
      if (st.isDirectory()) {
        throw new WedgeLabError('bad-argument', `${option} ${path}: is a directory, expected a file`);
      }
      return readFile(path, 'utf8');
    },
    async createOutput(path, bytes): Promise<OutputFile> {
      await mkdir(dirname(path) || '.', { recursive: true });
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w');
      await fh.truncate(bytes);
      let closed = false;
      const close = async () => {
        if (!closed) await fh.close();
        closed = true;
      };
      return {
        write: (b, at) => writeAll(fh, b, at),
        async finish() {
          await close();
          await rename(tmp, path);
        },
        async abort() {
          await close();
          await rm(tmp, { force: true });
        },
      };
    },
    async createScratch(path, bytes): Promise<ScratchFile> {
      await mkdir(dirname(path) || '.', { recursive: true });
      const fh = await open(path, 'w+');
      await fh.truncate(bytes);
      return {
        write: (b, at) => writeAll(fh, b, at),
        async read(into, at) {
          await fh.read(into, 0, into.length, at);
        },
        async dispose() {
          await fh.close();
          await rm(path, { force: true });
        },
      };
    },
    async writeRecipe(path, recipe) {
      await mkdir(dirname(path) || '.', { recursive: true });
      await writeRecipeFile(path, recipe);
    },
    async acquireGpu({ rejectSoftware }): Promise<GpuAcquisition> {
      const { acquireGpu } = await import('../gpu/device.ts');
      let got: GpuAcquisition = hasVulkanLoader()
        ? await acquireGpu({ rejectSoftware })
        : { context: null, reason: 'no Vulkan loader (libvulkan.so.1) on this machine' };
      if (!got.context && !rejectSoftware) {
        // any adapter asked for: Chromium's SwiftShader, if installed, is still WebGPU
        const { setupChromiumSwiftShader } = await import('../gpu/node/swiftshader.ts');
        const why = setupChromiumSwiftShader(process.env.WEDGELAB_CHROMIUM_DIR || CHROMIUM_DIR);
        got = why
          ? { context: null, reason: `${got.reason}; SwiftShader fallback: ${why}` }
          : await acquireGpu();
      }
      if (got.context) {
        contexts.push(got.context);
        const { registerRawImports } = await import('../gpu/wgsl.ts');
        await registerRawImports(); // the kernels import their WGSL with ?raw
      }
      return got;
    },
    async cpuProjector(threads) {
      const cpu = await import('../recon/cpu/index.ts');
      const n = threads ?? (await cpu.defaultThreadCount());
      return {
        threads: n,
        createProjector: (g, vol, det) =>
          cpu.withSharedMemory(cpu.createCpuProjector(g, vol, det, { threads: n }), n),
      };
    },
    memoryBudget: () => ({ bytes: os.freemem(), what: 'this machine has' }),
    progress(p) {
      bar ??= ctx.progress(label);
      const it = p.iteration !== undefined ? `, iteration ${p.iteration}` : '';
      const res = p.residual !== undefined ? `, residual ${p.residual.toPrecision(3)}` : '';
      bar.update(p.fraction, `${p.stage}${it}${res}`);
    },
    warn: (line) => ctx.warn(line),
    // tfjs's WASM backend (align cnn) reads its .wasm from the package, never from a CDN
    tfjsWasmPaths: tfjsWasmFolder(),
    async dispose() {
      bar?.done();
      for (const s of inputs.splice(0)) await s.close();
      for (const c of contexts.splice(0)) await c.destroy();
    },
  };
  return host;
}

function tfjsWasmFolder(): string | undefined {
  try {
    const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    return join(dirname(main), '/');
  } catch {
    return undefined;
  }
}

const quiet: CommandContext = { warn: () => {}, progress: () => ({ update() {}, done() {} }) };

/** The device a CLI job would get, for benchmarks and scripts; release() also releases the GPU. */
export async function chooseNodeDevice(choice: DeviceChoice, threads?: number): Promise<PipelineDevice> {
  const { chooseDevice } = await import('../pipeline/index.ts');
  const host = createNodeHost(quiet, 'bench', 'device');
  const d = await chooseDevice(host, choice, threads);
  return { ...d, release: () => host.dispose() };
}
