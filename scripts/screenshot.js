#!/usr/bin/env node
// Screenshot of the workbench for the README: builds nothing, serves dist/ (run `npx vite build` first), opens
// it in Debian's Chromium at 1280×800 on the simulated demo, reconstructs it (SIRT, 15 iterations), waits for
// the three orthoslices and the metrics against the truth, and writes docs/screenshot.png.
//   node scripts/screenshot.js [out=docs/screenshot.png]
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.js';
import { startServer } from './serve.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'docs/screenshot.png');

const server = await startServer({ root: resolve(root, 'dist'), port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByTestId('dataset-info').filter({ hasText: '96 × 96 × 41' }).waitFor({ timeout: 30_000 });
  // wait for the statistics scan and the canvas
  await page.getByTestId('dataset-info').filter({ hasNotText: 'scanning' }).waitFor({ timeout: 20_000 });
  // the contrast window readout appears once a section is drawn
  await page.getByTitle('display window').first().waitFor({ timeout: 20_000 });
  await page.getByTestId('method-select').selectOption('sirt');
  await page.getByTestId('iterations').fill('15');
  await page.getByTestId('reconstruct-button').click();
  await page.getByTestId('recon-device').waitFor({ timeout: 120_000 });
  await page.getByTestId('metrics').waitFor({ timeout: 60_000 });
  await page.locator('.sidebar').evaluate((el) => el.scrollTo(0, 0));
  await page.waitForTimeout(500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
