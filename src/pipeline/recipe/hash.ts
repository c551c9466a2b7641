import type { Recipe } from './schema.ts';
// A recipe's identity: SHA-256 of its canonical JSON (keys sorted, undefined dropped), so the same
// parameters give the same hash whatever order they were written in. Written into every MRC label.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Hex SHA-256 of the recipe's parameters in canonical JSON (Web Crypto: Node 20, browsers and workers alike).
 * The input's file names and sizes, the output name, and the machine fit (threads, memory budget) are left
 * out: one recipe applied to many series, on any machine, has one hash.
 */
export async function recipeHash(recipe: Recipe): Promise<string> {
  const { stack: _s, tilts: _t, xf: _x, alignModel: _am, expect: _e, ...reading } = recipe.input;
  const { volume: _v, xf: _xo, tlt: _to, alignModel: _mo, ...exportRest } = recipe.export;
  // threads and the memory budget fit a run to a machine; they change neither the science nor the bytes
  const { threads: _n, maxMemoryGB: _m, ...device } = recipe.device;
  const params = { ...recipe, input: reading, export: exportRest, device };
  const bytes = new TextEncoder().encode(canonicalJson(params));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
