// Node side of the browser SIREN harness: a Vite dev server for harness.html and Debian's Chromium, shared by
// the kernel test and the cn-browser benchmark.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import type { CnHarnessRequest, CnHarnessResult } from './harness.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface CnHarness {
  run(req: CnHarnessRequest): Promise<CnHarnessResult>;
  close(): Promise<void>;
}

export async function openCnHarness(): Promise<CnHarness> {
  const server: ViteDevServer = await createServer({
    root: repoRoot,
    configFile: false,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
    worker: { format: 'es' },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('vite dev server has no port');
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
  });
  const page = await browser.newPage();
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(e.message));
  await page.goto(`http://127.0.0.1:${addr.port}/src/recon/cn/browser/harness.html`);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
  return {
    run: (req) =>
      page
        .evaluate(
          (r) =>
            (
              globalThis as unknown as {
                wedgelabCnHarness: (q: CnHarnessRequest) => Promise<CnHarnessResult>;
              }
            ).wedgelabCnHarness(r),
          req,
        )
        .catch((e: unknown) => {
          throw new Error(
            `${e instanceof Error ? e.message : String(e)}\nbrowser console:\n${messages.join('\n')}`,
          );
        }),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
