// Slab mode in the browser: ?budgetMB=1 makes the demo too big for the tab, so Reconstruct runs in Y-slabs
// into the Origin Private File System (real OPFS here), fills the three views, and Download gives the MRC;
// cancel leaves no file in browser storage.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

async function openSmallBudget(page: Page, baseUrl: string): Promise<Reconstruction> {
  const app = new Workbench(page, baseUrl);
  await app.open('?budgetMB=1');
  await app.waitForInfo('96 × 96 × 41');
  return new Reconstruction(page);
}

/** Records every job-progress text seen from now on. */
async function recordProgressTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progressTexts: string[] };
    w.__progressTexts = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=job-progress]');
      if (el) w.__progressTexts.push(el.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** WedgeLab's files in the origin's private file system. */
function storageFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const dir = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & {
      keys(): AsyncIterable<string>;
    };
    const names: string[] = [];
    for await (const n of dir.keys()) if (n.startsWith('wedgelab-')) names.push(n);
    return names;
  });
}

export async function aTinyBudgetReconstructsInSlabsAndDownloadsTheMrc({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  const rec = await openSmallBudget(page, baseUrl);
  const estimate = page.getByTestId('memory-estimate');
  await estimate
    .filter({ hasText: /slab mode: \d+ slabs of \d+ rows, peak ≈ .*, output .* to browser storage/ })
    .waitFor();
  await recordProgressTexts(page);
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 3 });
  const line = await rec.waitForResult(60_000);
  assert.match(line, /^SIRT on /);
  const texts = await page.evaluate(
    () => (window as unknown as { __progressTexts: string[] }).__progressTexts,
  );
  assert.ok(
    texts.some((t) => /slab \d+\/\d+/.test(t)),
    `progress named the slab (${texts.slice(-3).join(' | ')})`,
  );
  const views = await rec.waitForViews();
  for (const [axis, s] of Object.entries(views)) {
    assert.ok(s.levels > 16, `view-${axis} shows an image (${s.levels} gray levels)`);
  }
  assert.match(await page.getByTestId('ortho-legend').innerText(), /96 × 96 × 48/);
  await page.getByText(/metrics vs truth are skipped in slab mode/).waitFor();
  assert.equal((await storageFiles(page)).length, 1);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-mrc').click(),
  ]);
  assert.match(download.suggestedFilename(), /_sirt_rec\.mrc$/);
  const bytes = await readFile(await download.path());
  const [nx, ny, nz, mode] = [0, 4, 8, 12].map((o) => bytes.readInt32LE(o));
  assert.deepEqual([nx, ny, nz, mode], [96, 96, 48, 2]);
  assert.equal(bytes.subarray(208, 212).toString('latin1'), 'MAP ');
  assert.ok(bytes.length >= 1024 + 4 * 96 * 96 * 48);

  // it is listed with the others, by what it is and its size; not shown again or compared (not held here)
  await page.getByTestId('result-tab-results').click();
  const row = page.getByTestId('result-row');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /SIRT 3 it\.[\s\S]*1\.7 MiB/);
  assert.ok(await row.getByTestId('result-show').isDisabled());
  assert.ok(await row.getByTestId('result-compare').isDisabled());
  await page.getByTestId('result-tab-tomogram').click();

  // dismissing the result deletes the file
  await page.getByTestId('dismiss-result').click();
  await waitForNoFiles(page);
  await page.getByTestId('result-tab-results').getByText('Results', { exact: true }).waitFor();
}

async function waitForNoFiles(page: Page, timeout = 5000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const left = await storageFiles(page);
    if (left.length === 0) return;
    if (Date.now() > until) throw new Error(`files left in browser storage: ${left.join(', ')}`);
    await page.waitForTimeout(100);
  }
}

export async function cancellingASlabJobLeavesNoFileInBrowserStorage({ page, baseUrl }: Ctx): Promise<void> {
  const rec = await openSmallBudget(page, baseUrl);
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 400 });
  await rec.progress.filter({ hasText: /slab 1\/\d+/ }).waitFor({ timeout: 30_000 });
  assert.equal((await storageFiles(page)).length, 1, 'the output file exists while the job runs');
  await page.getByTestId('cancel-job').click();
  await rec.progress.waitFor({ state: 'detached', timeout: 1000 });
  await waitForNoFiles(page);
  // the app still works: the same job, short
  await rec.reconstruct({ 'method-select': 'wbp' });
  assert.match(await rec.waitForResult(60_000), /^WBP on /);
}

/** Writes a file into the origin's private file system from the page (a stand-in for a crashed job's). */
function putStorageFile(page: Page, name: string, bytes: number): Promise<void> {
  return page.evaluate(
    async ([n, size]) => {
      const dir = await navigator.storage.getDirectory();
      const w = await (await dir.getFileHandle(n, { create: true })).createWritable();
      await w.write(new Uint8Array(size));
      await w.close();
    },
    [name, bytes] as const,
  );
}

export async function aResultLeftByAClosedTabIsOfferedForDownloadAndLeftovers({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  const rec = await openSmallBudget(page, baseUrl);
  await rec.reconstruct({ 'method-select': 'wbp' });
  assert.match(await rec.waitForResult(60_000), /^WBP on /);
  const [result] = await storageFiles(page);

  // a second tab while the first still shows its result: the first tab's lock keeps it off the list
  const second = await page.context().newPage();
  await new Workbench(second, baseUrl).open();
  await second.waitForTimeout(1500); // the scan is a few ms; give it ample time to (wrongly) list the file
  assert.equal(await second.getByTestId('stored-results').count(), 0);
  // leftovers of a job whose tab closed mid-way: an MRC without its header (written last), a temp file
  await putStorageFile(second, 'wedgelab-recon-crashed.mrc', 4096);
  await putStorageFile(second, `${result}.aligned.tmp`, 64);

  await page.close();
  const third = await second.context().newPage();
  await new Workbench(third, baseUrl).open();
  const offer = third.getByTestId('stored-results');
  await offer.filter({ hasText: /A reconstruction from an earlier tab is in browser storage/ }).waitFor();
  assert.deepEqual(await storageFiles(third), [result], 'leftovers deleted, the finished result kept');
  // listed with what it is (its record on the results shelf), not only by date and size
  await offer.filter({ hasText: /demo-shapes\.mrc · WBP radial:0\.35,0\.035/ }).waitFor();

  const [download] = await Promise.all([
    third.waitForEvent('download'),
    third.getByTestId('stored-download').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'demo-shapes_wbp_rec.mrc');
  assert.equal(download.suggestedFilename(), 'demo-shapes_wbp_rec.mrc');
  const bytes = await readFile(await download.path());
  assert.deepEqual(
    [0, 4, 8, 12].map((o) => bytes.readInt32LE(o)),
    [96, 96, 48, 2],
  );
  await third.getByTestId('stored-delete').click();
  await offer.waitFor({ state: 'detached' });
  await waitForNoFiles(third);
  // and its record went with it
  const records = await third.evaluate(async () => {
    const dir = await (
      await navigator.storage.getDirectory()
    ).getDirectoryHandle('results', { create: true });
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  });
  assert.deepEqual(records, []);
}
