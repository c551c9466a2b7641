// The page host for browser benchmarks: dist/ served with scripts/serve.js, and Debian's Chromium (path from
// scripts/chromium.js) with an on-disk profile. scripts/*.js have no type declarations, so they are
// imported by URL here and typed by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

interface ServeModule {
  startServer(o: { root: string; port: number }): Promise<{ url: string; close(): Promise<void> }>;
}
interface ChromiumModule {
  CHROMIUM_PATH: string;
  chromiumArgs(o: { webgpu: boolean }): string[];
}

const importJs = <T>(rel: string): Promise<T> => import(new URL(rel, import.meta.url).href) as Promise<T>;

export async function serveDist(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const { startServer } = await importJs<ServeModule>('../scripts/serve.js');
  return startServer({ root, port: 0 });
}

/**
 * Chromium with an on-disk profile, as a user's browser has: browser storage then lives in files (an
 * incognito context, what browser.newContext() gives, may keep it in memory and would count a stored
 * tomogram as the tab's memory). The profile is deleted on close.
 */
export async function launchWithProfile(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const { CHROMIUM_PATH, chromiumArgs } = await importJs<ChromiumModule>('../scripts/chromium.js');
  const profile = mkdtempSync(join(os.tmpdir(), 'wedgelab-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ webgpu: true }), // as e2e/run.js launches it
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
