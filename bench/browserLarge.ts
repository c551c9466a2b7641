// Slab mode at full size in headless Chromium: a 2048 × 2048 × 61 tilt series (simulated once with the CLI,
// cached in .cache/browser-large/) opened through the app's file input, WBP at thickness 500 — an 8 GiB
// volume, so the app plans slab mode by itself (no ?budgetMB) and writes the tomogram to the Origin Private
// File System. Measures the wall time, voxel updates/s, slabs, the peak memory of the Chromium process tree
// (/proc, sampled every second) and the stored file's size; then reads three XZ slices back from browser
// storage and correlates them with the CLI's WBP of the same rows (a 3-row series cut from the stack).
//   npm run bench -- --only browser-large             the full case (≈ 10–20 min on 2 cores, ~9 GB disk)
//   npx tsx bench/browserLarge.ts --small             512² × 61 → 512 × 512 × 128 with ?budgetMB=64 (≈ 1 min)
//   npx tsx bench/browserLarge.ts --medium            1024² × 61 → 1024 × 1024 × 500 (≈ 5 min); no flag: full
// Build first: `npx vite build` (serves dist/; WEDGELAB_DIST overrides).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchWithProfile, serveDist } from './browserHost.ts';
import { correlation } from '../src/recon/reference/testVolumes.ts';
import { CACHE, ROOT, cliWbp, cropRows, ensureSeries, xzSlice } from './browserLargeData.ts';
import { sampleTreeMemory, treeMemory } from './procMemory.ts';
import type { BenchResult } from './types.ts';

export interface LargeCase {
  label: string;
  /** phantom (and detector) size; the series has 61 views */
  size: [number, number, number];
  thickness: number;
  /** page query, e.g. '?budgetMB=64' (the small case only) */
  query: string;
  timeoutS: number;
}

export const FULL: LargeCase = {
  label: 'browser slab mode: WBP 2048×2048×61 → 2048×2048×500',
  size: [2048, 2048, 200],
  thickness: 500,
  query: '',
  timeoutS: 3600,
};

/** the same volume thickness on a 1024² series: 4.7 GB whole, so slab mode without ?budgetMB (≈ 3–5 min) */
export const MEDIUM: LargeCase = {
  label: 'browser slab mode: WBP 1024×1024×61 → 1024×1024×500',
  size: [1024, 1024, 200],
  thickness: 500,
  query: '',
  timeoutS: 1800,
};

export const SMALL: LargeCase = {
  label: 'browser slab mode: WBP 512×512×61 → 512×512×128 (?budgetMB=64)',
  size: [512, 512, 128],
  thickness: 128,
  query: '?budgetMB=64',
  timeoutS: 600,
};

const GB = 1e9;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const testId = (id: string) => `[data-testid="${id}"]`;

async function text(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** Until the job's result (slab line) shows or an alert does; samples progress texts meanwhile. */
async function waitForSlabResult(page: Page, timeoutS: number, onProgress: (t: string) => void) {
  const until = Date.now() + timeoutS * 1000;
  for (;;) {
    const s = await page.evaluate(
      ([result, progress]) => ({
        result: document.querySelector(result)?.textContent ?? null,
        alert: document.querySelector('[role=alert]')?.textContent ?? null,
        progress: document.querySelector(progress)?.textContent ?? null,
      }),
      [testId('slab-result'), testId('job-progress')],
    );
    if (s.progress) onProgress(s.progress);
    if (s.result) return s.result;
    if (s.alert) throw new Error(`the app refused or failed: ${s.alert}`);
    if (Date.now() > until) throw new Error(`no result after ${timeoutS} s (last progress: ${s.progress})`);
    await page.waitForTimeout(1000);
  }
}

/** The stored MRC's name, size, the origin's storage estimate, and rows `ys` of every z as base64. */
function readBack(page: Page, ys: number[]) {
  return page.evaluate(async (rows) => {
    const dir = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & {
      keys(): AsyncIterable<string>;
    };
    const names: string[] = [];
    for await (const n of dir.keys()) if (n.startsWith('wedgelab-')) names.push(n);
    const name = names.find((n) => n.endsWith('.mrc'));
    if (!name) throw new Error(`no tomogram in browser storage (${names.join(', ') || 'empty'})`);
    const file = await (await dir.getFileHandle(name)).getFile();
    const head = new DataView(await file.slice(0, 1024).arrayBuffer());
    const [nx, ny, nz] = [0, 4, 8].map((o) => head.getInt32(o, true));
    const data = 1024 + head.getInt32(92, true);
    const out = new Uint8Array(4 * nx * rows.length * nz);
    for (let z = 0; z < nz; z++) {
      for (let i = 0; i < rows.length; i++) {
        const at = data + 4 * nx * (rows[i] + ny * z);
        const bytes = new Uint8Array(await file.slice(at, at + 4 * nx).arrayBuffer());
        out.set(bytes, 4 * nx * (i + rows.length * z));
      }
    }
    // chunks of a multiple of 3 bytes concatenate into one valid base64 text
    let b64 = '';
    for (let i = 0; i < out.length; i += 3 * 0x2000) {
      b64 += btoa(String.fromCharCode(...out.subarray(i, i + 3 * 0x2000)));
    }
    const estimate = await navigator.storage.estimate();
    return { name, names, size: file.size, nx, ny, nz, b64, usage: estimate.usage, quota: estimate.quota };
  }, ys);
}

export async function runBrowserLarge(c: LargeCase): Promise<BenchResult> {
  const [nx, ny, pz] = c.size;
  const series = await ensureSeries(nx, ny, pz);
  const ys = [Math.floor(ny / 4), Math.floor(ny / 2), Math.floor((3 * ny) / 4)];
  const work = resolve(CACHE, `check-${nx}x${ny}-t${c.thickness}`);
  mkdirSync(work, { recursive: true });

  const server = await serveDist(process.env.WEDGELAB_DIST ?? resolve(ROOT, 'dist'));
  const browser = await launchWithProfile();
  const memory = sampleTreeMemory(process.pid, 1000);
  const slabSeen = new Map<string, number>();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(server.url + c.query);
    await page
      .locator(testId('dataset-info'))
      .filter({ hasText: '96 × 96 × 41' })
      .waitFor({ timeout: 60_000 });
    const t0 = performance.now();
    await page.locator(testId('file-input')).setInputFiles([series.mrc, series.tlt]);
    await page
      .locator(testId('dataset-info'))
      .filter({ hasText: `${nx} × ${ny} × 61` })
      .waitFor({ timeout: 120_000 });
    const openSeconds = (performance.now() - t0) / 1000;
    await page.locator(testId('method-select')).selectOption('wbp');
    await page.locator(testId('recon-thickness')).fill(String(c.thickness));
    const estimate = page.locator(testId('memory-estimate'));
    await estimate.filter({ hasText: /slab mode|tab|needs/ }).waitFor({ timeout: 10_000 });
    const plan = (await estimate.innerText()).trim();
    if (!plan.startsWith('slab mode')) throw new Error(`the app did not plan slab mode: ${plan}`);

    // the browser with the page and the series open: what the job adds is compared with the page's plan
    const before = treeMemory(process.pid);
    const t1 = performance.now();
    await page.locator(testId('reconstruct-button')).click();
    const slabLine = await waitForSlabResult(page, c.timeoutS, (t) => {
      const m = /slab (\d+)\/(\d+)/.exec(t);
      if (m && !slabSeen.has(m[0])) slabSeen.set(m[0], (performance.now() - t1) / 1000);
    });
    const seconds = (performance.now() - t1) / 1000;
    const peak = memory.stop();
    const deviceLine = (await text(page, testId('recon-device'))) ?? '';
    const factsLine =
      (await page.locator(testId('recon-result')).innerText()).split('\n').filter((l) => l.trim())[1] ?? '';
    const [, slabs, slabRows] = /(\d+) slabs of (\d+) rows/.exec(slabLine) ?? [];

    const back = await readBack(page, ys);
    const got = new Float32Array(new Uint8Array(Buffer.from(back.b64, 'base64')).buffer);
    const crop = resolve(work, 'rows.mrc');
    await cropRows(series.mrc, ys, crop);
    const ref = await cliWbp(crop, series.tlt, c.thickness, resolve(work, 'rows_wbp.mrc'));
    if (ref.nx !== back.nx || ref.nz !== back.nz)
      throw new Error(`CLI ${ref.nx}×${ref.nz} vs browser ${back.nx}×${back.nz}`);
    const r = ys.map((_, i) =>
      correlation(xzSlice(got, back.nx, ys.length, back.nz, i), xzSlice(ref.data, ref.nx, ref.ny, ref.nz, i)),
    );
    await page.locator(testId('dismiss-result')).click();

    const voxels = back.nx * back.ny * back.nz;
    const updates = voxels * 61;
    return {
      name: c.label,
      command: `npm run bench -- --only browser-large`,
      seconds,
      details: {
        'plan (page)': plan,
        'result line': `${deviceLine.trim()}; ${factsLine.trim()}`,
        slabs: Number(slabs),
        'slab rows': Number(slabRows),
        'G voxel-updates/s (wall)': r3(updates / seconds / 1e9),
        'first slab s': r3(slabSeen.get(`slab 1/${slabs}`) ?? NaN),
        'slab k first shown at s': [...slabSeen.values()].map((t) => t.toFixed(0)).join(','),
        'open series s': r3(openSeconds),
        'peak RSS Chromium GB': r3(peak.rssBytes / GB),
        'peak PSS Chromium GB': r3(peak.pssBytes / GB),
        'PSS before the job GB': r3((before.pssBytes ?? 0) / GB),
        'job PSS GB (peak − before)': r3((peak.pssBytes - (before.pssBytes ?? 0)) / GB),
        'OPFS file GB': r3(back.size / GB),
        'storage quota GB': r3((back.quota ?? 0) / GB),
        'XZ corr vs CLI (min of 3)': Number(Math.min(...r).toFixed(6)),
        'rows checked': ys.join(','),
        'cores / load avg': `${os.cpus().length} / ${os.loadavg()[0].toFixed(2)}`,
        series: series.command,
      },
      target: 'completes; corr ≥ 0.999',
      met: Math.min(...r) >= 0.999,
    };
  } finally {
    memory.stop();
    await browser.close();
    await server.close();
  }
}

export async function benchBrowserLarge(): Promise<BenchResult> {
  return runBrowserLarge(FULL);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const c = process.argv.includes('--small') ? SMALL : process.argv.includes('--medium') ? MEDIUM : FULL;
  runBrowserLarge(c).then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
