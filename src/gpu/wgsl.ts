// Kernels import their WGSL with Vite's `?raw` (browser build, Vitest). Plain Node (the tsx-run CLI, bench)
// has no such loader, so the CLI entry calls registerRawImports() once, before it dynamically imports any
// module that reaches a kernel. The hook turns `*.wgsl?raw` into a module whose default export is the text.

const HOOK_SOURCE = `
import { readFile } from 'node:fs/promises';
export async function load(url, context, nextLoad) {
  const u = new URL(url);
  if (u.protocol === 'file:' && u.search === '?raw') {
    u.search = '';
    const text = await readFile(u, 'utf8');
    return { format: 'module', shortCircuit: true, source: 'export default ' + JSON.stringify(text) + ';' };
  }
  return nextLoad(url, context);
}
`;

let registered = false;

/** Node only; returns false where module hooks do not exist (browsers, where Vite handles `?raw`). */
export async function registerRawImports(): Promise<boolean> {
  if (registered) return true;
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (isNode !== 'string') return false;
  const name = 'node:module'; // variable: keep bundlers from resolving a Node built-in for the browser
  const mod = (await import(/* @vite-ignore */ name)) as { register?: (specifier: string) => void };
  if (!mod.register) return false;
  mod.register(`data:text/javascript,${encodeURIComponent(HOOK_SOURCE)}`);
  registered = true;
  return true;
}
