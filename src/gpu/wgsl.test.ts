// The `?raw` hook for plain Node (tsx CLI): a child process imports a kernel module outside Vite.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('registerRawImports', () => {
  it('lets plain Node + tsx import kernels whose WGSL comes through ?raw', () => {
    const wgsl = pathToFileURL(resolve(here, 'wgsl.ts')).href;
    const kernel = pathToFileURL(resolve(here, 'kernels/forward/forward.ts')).href;
    const script = `
      const { registerRawImports } = await import(${JSON.stringify(wgsl)});
      console.log(await registerRawImports());
      const { forwardKernel } = await import(${JSON.stringify(kernel)});
      console.log(forwardKernel.name, /@compute/.test(forwardKernel.code), forwardKernel.code.length);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(here, '../..'),
      encoding: 'utf8',
    });
    const [registered, line] = out.trim().split('\n');
    expect(registered).toBe('true');
    const [name, hasCompute, length] = line.split(' ');
    expect(name).toBe('forward');
    expect(hasCompute).toBe('true');
    expect(Number(length)).toBeGreaterThan(1000);
  });
});
