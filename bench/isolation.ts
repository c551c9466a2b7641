// Shared memory for the CPU projector's threads in the page (issue 12 §4), `npm run bench -- --only isolation`:
// the same build served twice, with COOP/COEP (cross-origin isolated: the threads share the volume and the
// views) and without (each thread gets structured-cloned copies of its slab and detector windows). In each,
// a 256 × 256 × 61 series is simulated, then WBP and SIRT (10 iterations) run on the CPU into a 256 × 256 × 128
// volume, twice each (the faster counts; the job's own time, as the result line gives it). Service workers are blocked so that the plain server's page stays
// not isolated. Build first: `npx vite build` (serves dist/; WEDGELAB_DIST overrides).
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { BenchResult } from './types.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const command = 'npm run bench -- --only isolation';
const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface ServeModule {
  startServer(o: {
    root: string;
    port: number;
    isolation: boolean;
  }): Promise<{ url: string; close(): Promise<void> }>;
}
interface ChromiumModule {
  CHROMIUM_PATH: string;
  chromiumArgs(o: { webgpu: boolean }): string[];
}
const importJs = <T>(rel: string): Promise<T> => import(new URL(rel, import.meta.url).href) as Promise<T>;

async function fill(page: Page, fields: Record<string, string | number>): Promise<void> {
  for (const [id, v] of Object.entries(fields)) {
    const el = page.getByTestId(id);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(v));
    else await el.fill(String(v));
  }
}

/** the job's own seconds (the result line's "in 1.2 s"), Reconstruct to the result listed (scoring, storing) */
async function timed(page: Page, fields: Record<string, string | number>, kept: number): Promise<number> {
  await fill(page, fields);
  await page.getByTestId('reconstruct-button').click();
  await page.getByTestId('result-tab-results').getByText(`Results (${kept})`).waitFor({ timeout: 600_000 });
  const line = await page.getByTestId('recon-device').innerText();
  const m = / in (?:(\d+) min )?([\d.]+) s$/.exec(line);
  if (!m) throw new Error(`no time in the result line: ${line}`);
  return 60 * Number(m[1] ?? 0) + Number(m[2]);
}

async function run(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('dataset-info').filter({ hasText: '96 × 96 × 41' }).waitFor({ timeout: 60_000 });
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await fill(page, { 'sim-size': 256, 'sim-thickness': 128, 'sim-tilt-step': 2, 'sim-dose': 0 });
  await page.getByTestId('simulate-button').click();
  await page.getByTestId('dataset-info').filter({ hasText: '256 × 256 × 61' }).waitFor({ timeout: 120_000 });
  const base = { 'device-select': 'cpu', 'recon-thickness': 128 };
  let kept = Number(/\((\d+)\)/.exec(await page.getByTestId('result-tab-results').innerText())?.[1] ?? 0);
  const wbp: number[] = [];
  const sirt: number[] = [];
  for (let k = 0; k < 2; k++) wbp.push(await timed(page, { ...base, 'method-select': 'wbp' }, ++kept));
  for (let k = 0; k < 2; k++) {
    sirt.push(await timed(page, { ...base, 'method-select': 'sirt', iterations: 10 }, ++kept));
  }
  const device = await page.getByTestId('recon-device').innerText();
  return { isolated, wbp: Math.min(...wbp), sirt: Math.min(...sirt), device };
}

export async function benchIsolation(): Promise<BenchResult[]> {
  const { startServer } = await importJs<ServeModule>('../scripts/serve.js');
  const { CHROMIUM_PATH, chromiumArgs } = await importJs<ChromiumModule>('../scripts/chromium.js');
  const root = process.env.WEDGELAB_DIST ?? resolve(ROOT, 'dist');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ webgpu: false }),
  });
  const out: Awaited<ReturnType<typeof run>>[] = [];
  try {
    for (const isolation of [true, false]) {
      const server = await startServer({ root, port: 0, isolation });
      const context = await browser.newContext({
        serviceWorkers: 'block',
        viewport: { width: 1440, height: 900 },
      });
      try {
        out.push(await run(await context.newPage(), server.url));
      } finally {
        await context.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  const [shared, copies] = out;
  const load = r3(os.loadavg()[0]);
  return (['wbp', 'sirt'] as const).map((m) => ({
    name: `browser CPU ${m === 'wbp' ? 'WBP' : 'SIRT 10 it.'} 256²×61 → 256×256×128, isolated (shared memory) vs not (copies)`,
    command,
    seconds: r3(shared[m]),
    details: {
      'not isolated s': r3(copies[m]),
      speedup: r3(copies[m] / shared[m]),
      'isolated page': String(shared.isolated),
      'plain page': String(copies.isolated),
      device: shared.device.replace(/^\S+ on | in .*$/g, ''),
      'load avg (1 min)': load,
    },
  }));
}
