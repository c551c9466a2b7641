/**
 * worker_threads for Node. The entry is TypeScript, so each thread first registers tsx (its ESM API,
 * resolved to an absolute URL so it works from any working directory) and then imports the entry; this
 * holds under Vitest, under `tsx` and under bin/wedgelab.js (tsx registered in-process only, which threads
 * do not inherit). `execArgv: ['--import', 'tsx']` does not work on Node 20: the worker's entry is loaded
 * before --import hooks apply ("Unknown file extension .ts"), hence the small eval bootstrap.
 * Node builtins are imported through variable specifiers so that browser bundles never pull them in,
 * and the entry URL is not a literal so that Vite does not copy the .ts file as an asset.
 */
import type { TaskReply, TaskRequest, ThreadHandle } from './task.ts';

type WorkerThreads = typeof import('node:worker_threads');
type NodeModule = typeof import('node:module');
type NodeUrl = typeof import('node:url');
type NodeOs = typeof import('node:os');

const ENTRY = './projector.node-worker.ts';
const names = { wt: 'node:worker_threads', module: 'node:module', url: 'node:url', os: 'node:os' };

let tsxApi: string | undefined;

/** CommonJS source for `new Worker(code, {eval: true})`: register tsx, then import the .ts entry. */
async function bootstrapCode(entry: string): Promise<string> {
  if (!tsxApi) tsxApi = await tsxApiUrl();
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

async function tsxApiUrl(): Promise<string> {
  const { createRequire } = (await import(/* @vite-ignore */ names.module)) as NodeModule;
  const { pathToFileURL } = (await import(/* @vite-ignore */ names.url)) as NodeUrl;
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports: Record<string, { import: { default: string } }> };
  return new URL(pkg.exports['./esm/api'].import.default, pathToFileURL(pkgPath)).href;
}

/** A worker thread running the TypeScript module at `entryHref` (an absolute file: URL). */
export async function startNodeWorker(entryHref: string): Promise<import('node:worker_threads').Worker> {
  const { Worker } = (await import(/* @vite-ignore */ names.wt)) as WorkerThreads;
  const w = new Worker(await bootstrapCode(entryHref), { eval: true });
  w.unref();
  return w;
}

export async function createNodeThread(): Promise<ThreadHandle> {
  const w = await startNodeWorker(new URL(ENTRY, import.meta.url).href);
  let terminated = false;
  const handle: ThreadHandle = {
    post: (t: TaskRequest) => w.postMessage(t),
    onReply: () => {},
    onFailure: () => {},
    terminate: () => {
      terminated = true;
      void w.terminate();
    },
    // an idle thread must not keep the process alive
    setBusy: (busy: boolean) => (busy ? w.ref() : w.unref()),
  };
  w.on('message', (r: TaskReply) => handle.onReply(r));
  w.on('error', (e: Error) => handle.onFailure(e.message));
  w.on('exit', (code: number) => {
    if (!terminated) handle.onFailure(`a projector thread exited (code ${code})`);
  });
  return handle;
}

export async function nodeThreadCount(): Promise<number> {
  const os = (await import(/* @vite-ignore */ names.os)) as NodeOs;
  return Math.max(
    1,
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  );
}

export async function nodeTotalMemoryBytes(): Promise<number> {
  const os = (await import(/* @vite-ignore */ names.os)) as NodeOs;
  return os.totalmem();
}

/** V8 in Node allows 2^32 elements per typed array (buffer.constants.MAX_LENGTH). */
export const NODE_MAX_ELEMENTS = 2 ** 32;
