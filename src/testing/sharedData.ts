// Node-only helpers for tests: where ../shared/data is, and how to skip with a message when it is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDataDir = resolve(repoRoot, '../shared/data');
export const hasSharedData = existsSync(sharedDataDir);
if (!hasSharedData)
  console.warn(`[wedgelab tests] ${sharedDataDir} is absent: third-party interop tests are skipped`);

export function sharedPath(rel: string): string {
  return resolve(sharedDataDir, rel);
}

export function readShared(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(rel)));
}

/** True when Debian's /usr/bin/python3 can import the module (the independent oracles). */
export function hasPythonModule(module: string): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
