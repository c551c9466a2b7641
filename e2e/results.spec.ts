// Results you keep, compare and export: every reconstruction is listed with its scores and is still there
// after a reload (browser storage); Compare shows two side by side with a linked slice, a fitted difference
// and the metrics table; an exported MRC reads back (mrcfile, an independent reader) with the same values,
// float16 as float32 rounded. WEDGELAB_SHOTS=DIR writes screenshots there to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shot } from './pages/alignment.ts';
import { longTasksSince, pageNow, recordLongTasks } from './pages/longTasks.ts';
import { Reconstruction } from './pages/reconstruction.ts';
import { psnrOf, rows, rowTexts, saved, twoResults } from './pages/results.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function everyReconstructionIsKeptAndAReloadKeepsThem({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await twoResults(page, baseUrl);
  await page.getByTestId('result-tab-results').click();
  const before = await rowTexts(page);
  assert.equal(before.length, 2);
  assert.match(before[0], /^\tSIRT 10 it\./);
  assert.match(before[1], /^\tWBP radial/);
  for (const r of before) assert.ok(psnrOf(r) > 5, `a PSNR is listed: ${r}`);
  const storage = await page.getByTestId('results-storage').innerText();
  assert.match(storage, /^2 results · [\d.]+ (kB|KiB|MB|MiB) in browser storage/);
  await shot(page, 'results-1440-list');

  await page.reload();
  await new Workbench(page, baseUrl).waitForInfo('96 × 96 × 41');
  await page.getByTestId('result-tab-results').getByText('Results (2)').waitFor();
  await page.getByTestId('result-tab-results').click();
  assert.deepEqual(await rowTexts(page), before, 'the same two results after a reload');

  // Show puts the WBP result back, with the scores it was made with
  await rows(page).nth(1).getByTestId('result-show').click();
  const rec = new Reconstruction(page);
  await page.getByTestId('result-tab-tomogram').click();
  assert.match(await rec.waitForResult(), /^WBP on /);
  const m = await rec.metrics.innerText();
  assert.equal(Number(/PSNR\s+(-?\d+\.\d+)/.exec(m)?.[1]), psnrOf(before[1]));
  const views = await rec.waitForViews();
  assert.ok(views.xz.levels > 16, 'the views show it');

  // Delete frees its storage, and stays deleted after a reload
  await page.getByTestId('result-tab-results').click();
  await rows(page).nth(0).getByTestId('result-delete').click();
  await page.getByTestId('result-tab-results').getByText('Results (1)').waitFor();
  assert.match(await page.getByTestId('results-storage').innerText(), /^1 result · /);
  await page.reload();
  await page.getByTestId('result-tab-results').getByText('Results (1)').waitFor();
}

export async function compareShowsTwoResultsWithALinkedSliceAndTheirMetrics({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordLongTasks(page);
  await twoResults(page, baseUrl);
  await page.getByTestId('result-tab-results').click();
  const listed = await rowTexts(page);
  const t0 = await pageNow(page);
  await page.getByTestId('result-tab-compare').click();
  const view = page.getByTestId('compare-view');
  await view.waitFor();
  for (const id of ['compare-panel-0', 'compare-panel-1', 'compare-difference'])
    await view.getByTestId(id).locator('canvas').waitFor();
  await page.waitForTimeout(100);

  // the metrics table: one row each, the same PSNR as the list (A = the older, WBP)
  const table = page.getByTestId('metrics-table');
  const psnr = await table.locator('[data-metric=psnr]').allInnerTexts();
  assert.deepEqual(psnr.map(Number), [psnrOf(listed[1]), psnrOf(listed[0])]);
  const missing = (await table.locator('[data-metric=dfsc-missing]').allInnerTexts()).map(Number);
  const present = (await table.locator('[data-metric=dfsc-present]').allInnerTexts()).map(Number);
  for (let i = 0; i < 2; i++)
    assert.ok(present[i] > missing[i], `the wedge scores lower: ${present[i]} vs ${missing[i]}`);
  await shot(page, 'compare-1440');

  // the slice is linked: a key in one panel moves every panel's image
  const sigs = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('[data-testid=compare-view] canvas')].map((c) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let h = 0;
        for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i]) | 0;
        return h;
      }),
    );
  const s0 = await sigs();
  assert.equal(s0.length, 3);
  await view.getByTestId('compare-panel-0').locator('.compare-frame').focus();
  const label = await view.locator('.compare-controls label').first().innerText();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(100);
  assert.notEqual(await view.locator('.compare-controls label').first().innerText(), label);
  const s1 = await sigs();
  for (let i = 0; i < 3; i++) assert.notEqual(s1[i], s0[i], `panel ${i} moved with the slice`);

  // matched contrast redraws B (and only B) with A's window
  await page.getByTestId('compare-contrast').selectOption('matched');
  await page.waitForTimeout(100);
  const s2 = await sigs();
  assert.equal(s2[0], s1[0], 'A keeps its window');
  assert.notEqual(s2[1], s1[1], 'B is drawn in A’s window');

  // the metrics export: CSV with the same PSNRs
  const csv = await saved(page, () => page.getByTestId('export-metrics-csv').click());
  assert.equal(csv.name, 'wedgelab-metrics.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\r\n');
  const head = lines[0].split(',');
  assert.equal(lines.length, 3);
  const cells = (l: string) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
  assert.deepEqual(
    lines.slice(1).map((l) => Number(cells(l)[head.indexOf('psnrDb')]).toFixed(2)),
    psnr,
  );
  const tasks = await longTasksSince(page, t0);
  assert.ok(Math.max(0, ...tasks) <= 50, `main-thread tasks of ${tasks.join(', ')} ms during Compare`);

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(200);
  await shot(page, 'compare-1024');
  const box = (await page.getByTestId('compare-difference').boundingBox())!;
  assert.ok(
    box.width > 100 && box.y + box.height <= 768,
    `the difference fits at 1024 × 768: ${JSON.stringify(box)}`,
  );
}

export async function anExportedVolumeReadsBackWithTheSameValues({ page, baseUrl }: Ctx): Promise<void> {
  await twoResults(page, baseUrl);
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-export-'));
  // the Tomogram tab's Download MRC, float32 and float16
  const f32 = await saved(page, () => page.getByTestId('export-volume').click());
  await page.getByTestId('export-precision').selectOption('float16');
  const f16 = await saved(page, () => page.getByTestId('export-volume').click());
  assert.match(f32.name, /_sirt_rec\.mrc$/);
  assert.match(f16.name, /_sirt_rec_f16\.mrc$/);
  // after a reload the list's export gives the same bytes, from browser storage
  await page.reload();
  await page.getByTestId('result-tab-results').getByText('Results (2)').waitFor();
  await page.getByTestId('result-tab-results').click();
  const again = await saved(page, () =>
    rows(page)
      .nth(0)
      .getByTestId('result-export')
      .selectOption('float32')
      .then(() => {}),
  );
  assert.ok(again.bytes.equals(f32.bytes), 'the stored file is the exported one');
  const recipe = await saved(page, () =>
    rows(page)
      .nth(0)
      .getByTestId('result-export')
      .selectOption('recipe')
      .then(() => {}),
  );
  assert.equal(JSON.parse(recipe.bytes.toString('utf8')).reconstruct.method, 'sirt');

  writeFileSync(join(dir, 'a.mrc'), f32.bytes);
  writeFileSync(join(dir, 'b.mrc'), f16.bytes);
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import mrcfile, numpy as np, sys, json',
        'a = mrcfile.open(sys.argv[1], permissive=False).data',
        'b = mrcfile.open(sys.argv[2], permissive=False)',
        'print(json.dumps({"mode": int(b.header.mode), "shape": list(a.shape), "same": bool(np.array_equal(b.data, a.astype(np.float16))), "std": float(a.std())}))',
      ].join('\n'),
      join(dir, 'a.mrc'),
      join(dir, 'b.mrc'),
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out) as { mode: number; shape: number[]; same: boolean; std: number };
  assert.deepEqual(r.shape, [48, 96, 96]);
  assert.equal(r.mode, 12);
  assert.ok(r.same, 'float16 is float32 rounded to the nearest half');
  assert.ok(r.std > 0, 'not an empty volume');
}

/** a plot's Save menu: the file's text lines */
async function savedLines(page: Page, testId: string, what: 'csv' | 'svg'): Promise<string[]> {
  const f = await saved(page, () =>
    page
      .getByTestId(testId)
      .selectOption(what)
      .then(() => {}),
  );
  return f.bytes.toString('utf8').trim().split(/\r?\n/);
}

const pngSize = (b: Buffer) => {
  assert.ok(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

export async function theTruthTheViewsAndThePlotsExport({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 10 });
  await rec.metrics.waitFor({ timeout: 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-export-'));

  // the truth, and the tomogram: an independent reader finds the tomogram correlated with the truth
  const truthFile = await saved(page, () => page.getByTestId('export-truth').click());
  const recFile = await saved(page, () => page.getByTestId('export-volume').click());
  assert.match(truthFile.name, /_truth\.mrc$/);
  writeFileSync(join(dir, 't.mrc'), truthFile.bytes);
  writeFileSync(join(dir, 'r.mrc'), recFile.bytes);
  const corr = Number(
    execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import mrcfile, numpy as np, sys; t = mrcfile.open(sys.argv[1]).data; r = mrcfile.open(sys.argv[2]).data; print(np.corrcoef(t.ravel(), r.ravel())[0, 1] if t.shape == r.shape else -9)',
        join(dir, 't.mrc'),
        join(dir, 'r.mrc'),
      ],
      { encoding: 'utf8' },
    ),
  );
  assert.ok(corr > 0.3, `the exported truth and tomogram agree (r = ${corr})`);

  // the views as one PNG, laid out XY | YZ over XZ and scaled up by whole pixels
  await rec.waitForViews();
  const png = await saved(page, () => page.getByTestId('export-views-png').click());
  const size = pngSize(png.bytes);
  const scale = size.width / (96 + 2 + 48);
  assert.ok(Number.isInteger(scale) && scale >= 2, `${size.width} px wide`);
  assert.equal(size.height, (96 + 2 + 48) * scale);

  // the FSC plot: a readout on hover, and its export as CSV, SVG and PNG
  const plot = page.getByTestId('fsc-plot');
  await plot.locator('canvas').waitFor();
  const box = (await plot.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  assert.match(
    await page.getByTestId('fsc-plot-readout').innerText(),
    /^0\.\d{3} \/px\nall -?\d\.\d{3} · present -?\d\.\d{3} · wedge -?\d\.\d{3}$/,
  );
  const csv = await savedLines(page, 'fsc-plot-export', 'csv');
  assert.equal(csv[0], '"cycles/px","all","present","missing wedge","0.143","0.5"');
  assert.ok(csv.length > 20, `${csv.length - 1} shells`);
  const svg = (await savedLines(page, 'fsc-plot-export', 'svg')).join('\n');
  assert.equal([...svg.matchAll(/<polyline/g)].length, 5);
  const plotPng = await saved(page, () =>
    page
      .getByTestId('fsc-plot-export')
      .selectOption('png')
      .then(() => {}),
  );
  pngSize(plotPng.bytes);

  // SIRT's residual per iteration, beside the FSC
  await page.getByTestId('plot-loss').filter({ hasText: 'residual' }).click();
  await page.getByTestId('residual-plot').locator('canvas').waitFor();
  const res = await savedLines(page, 'residual-plot-export', 'csv');
  assert.equal(res[0], '"step","residual"');
  assert.equal(res.length, 1 + 10, 'one row per iteration');
}

export async function theHalfSetFscOfAnUnalignedSeriesSaysItMayOverstate({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.simulate({ 'sim-size': 64, 'sim-thickness': 32, 'sim-shift-sigma': 2 });
  await app.waitForInfo('64 × 64 × 41');
  await rec.reconstruct({ 'method-select': 'wbp' });
  await rec.waitForResult();
  await page.getByTestId('halfset-button').click();
  await page.getByTestId('halfset-result').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('halfset-warning').innerText(), /both halves share the drift/);
  // the result keeps its half-set crossing: the compare table shows it, as the Tomogram tab does
  const line = await page.getByTestId('halfset-result').innerText();
  await page.getByTestId('result-tab-compare').click();
  const cell = await page.getByTestId('metrics-table').locator('[data-metric=halfset-143]').innerText();
  assert.ok(line.includes(`${cell} /px`), `${cell} in "${line}"`);
  await page.getByTestId('result-tab-tomogram').click();
  // the demo, simulated without shifts, is aligned by construction: no warning
  await page.getByRole('button', { name: 'Demo' }).click();
  await app.waitForInfo('96 × 96 × 41');
  await rec.reconstruct({ 'method-select': 'wbp' });
  await rec.waitForResult();
  await page.getByTestId('halfset-button').click();
  await page.getByTestId('halfset-result').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('halfset-warning').count(), 0);
}
