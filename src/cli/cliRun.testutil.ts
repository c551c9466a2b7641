// Test helpers: spawn the real CLI (`node bin/wedgelab.js ...`) and check the error contract.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../testing/sharedData.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function wedgelab(...args: string[]): CliResult {
  return wedgelabWithEnv({}, ...args);
}

export function wedgelabWithEnv(extraEnv: Record<string, string>, ...args: string[]): CliResult {
  const env = { ...process.env, ...extraEnv };
  if (!('WEDGELAB_DEBUG' in extraEnv)) delete env.WEDGELAB_DEBUG;
  const r = spawnSync(process.execPath, [resolve(repoRoot, 'bin/wedgelab.js'), ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, exactly one stderr line `wedgelab: ...`, no stack frames. */
export function expectUsageError(r: CliResult, pattern?: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^wedgelab: /);
  expect(lines[0]).not.toMatch(/internal error/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  if (pattern) expect(lines[0]).toMatch(pattern);
}

export function expectOk(r: CliResult): void {
  expect(r.status, r.stderr).toBe(0);
}

/** |a-b| within rel of the larger magnitude (with a floor for values near zero). */
export function expectClose(actual: number, expected: number, rel = 1e-5): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThanOrEqual(rel);
}

/** The mrcfile oracle, written by Python's json (bare NaN/Infinity, read here as null). */
export function readOracle(path: string): unknown {
  const text = readFileSync(path, 'utf8').replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '$1null');
  return JSON.parse(text);
}
