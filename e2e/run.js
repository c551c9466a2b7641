#!/usr/bin/env node
// Browser tests: serves dist/ with scripts/serve.js, drives Debian's Chromium with playwright-core and runs
// every exported async function of e2e/*.spec.ts (TypeScript via tsx). Build first: `npx vite build`.
//   node e2e/run.js [filter]     only tests whose "file › name" contains filter
// Prints "N passed, M failed" last; exits 1 on any failure.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { launchChromium } from '../scripts/chromium.js';
import { startServer } from '../scripts/serve.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TEST_TIMEOUT_MS = 60_000;

register();

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = globalThis.setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => globalThis.clearTimeout(timer));
}

async function main() {
  const filter = process.argv[2] ?? '';
  const specs = readdirSync(here)
    .filter((f) => /\.spec\.(ts|js)$/.test(f))
    .sort();
  const server = await startServer({ root: join(root, 'dist'), port: 0 });
  const browser = await launchChromium({ webgpu: true });
  let passed = 0;
  let failed = 0;
  try {
    for (const spec of specs) {
      const mod = await import(pathToFileURL(join(here, spec)).href);
      for (const [name, test] of Object.entries(mod)) {
        if (typeof test !== 'function') continue;
        const title = `${spec.replace(/\.spec\.(ts|js)$/, '')} › ${name}`;
        if (!title.includes(filter)) continue;
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const consoleErrors = [];
        page.on('pageerror', (e) => consoleErrors.push(e.message));
        const t0 = Date.now();
        try {
          // a test may set its own limit: `export const x = ...; x.timeoutMs = 150_000`
          await withTimeout(
            test({ page, baseUrl: server.url, browser }),
            test.timeoutMs ?? TEST_TIMEOUT_MS,
            title,
          );
          passed++;
          console.log(`  ✓ ${title} (${Date.now() - t0} ms)`);
        } catch (e) {
          failed++;
          console.log(
            `  ✗ ${title}\n      ${String(e?.stack ?? e)
              .split('\n')
              .slice(0, 6)
              .join('\n      ')}`,
          );
          if (consoleErrors.length) console.log(`      page errors: ${consoleErrors.join(' | ')}`);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`e2e: ${e?.message ?? e}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
