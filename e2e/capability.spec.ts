// What the page says about the machine it runs on (issue 12 §5): without WebGPU, or with only a software
// adapter (headless Chromium's SwiftShader), the footer says that jobs run on the CPU threads and why, marked
// to be seen, and a reconstruction still runs.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

async function gpuNotice(page: Page): Promise<{ text: string; title: string; marked: boolean }> {
  const status = page.getByTestId('gpu-status');
  await status.filter({ hasNotText: '…' }).waitFor({ timeout: 20_000 });
  return {
    text: await status.innerText(),
    title: (await status.getAttribute('title')) ?? '',
    marked: (await status.getAttribute('class'))?.includes('footer-notice') === true,
  };
}

export async function withoutWebGpuTheFooterSaysSoAndTheCpuReconstructs({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  // as text: a function would carry the test runner's helpers into the page
  await page.addInitScript({
    content:
      "Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });",
  });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const notice = await gpuNotice(page);
  assert.equal(notice.text, 'gpu: none · CPU path');
  assert.ok(notice.marked, 'marked to be seen');
  assert.match(notice.title, /no WebGPU \(navigator\.gpu is missing\).*CPU threads/);
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp' });
  assert.match(await rec.waitForResult(), /^WBP on cpu \(\d+ threads?/);
}

export async function aSoftwareAdapterIsNamedAndNotUsed({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const hasAdapter = await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) != null);
  assert.ok(hasAdapter, 'headless Chromium here has SwiftShader');
  const notice = await gpuNotice(page);
  assert.equal(notice.text, 'gpu: none · CPU path');
  assert.match(notice.title, /only a software adapter \(.*swiftshader.*\)/i);
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp', 'device-select': 'auto' });
  assert.match(await rec.waitForResult(), /^WBP on cpu/, 'auto does not choose the software adapter');
}
