// Test and bench helper: a Vite dev server over the repository (TS modules, workers, ?raw WGSL, no app
// plugins) and Debian's headless Chromium, for the browser-side harness pages.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ViteChromium {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startViteChromium(opts: { webgpu?: boolean } = {}): Promise<ViteChromium> {
  const server = await createServer({
    root: repoRoot,
    configFile: false,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
    worker: { format: 'es' },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('vite dev server has no port');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: opts.webgpu ? [...FLAGS, '--enable-unsafe-webgpu'] : FLAGS,
    headless: true,
  });
  return {
    baseUrl: `http://127.0.0.1:${addr.port}`,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
