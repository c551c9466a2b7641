// A volume exported from the page and imported back (Results › Import volume…) gives back the same values:
// the same PSNR against the truth, a difference of exactly nothing in Compare, and the same bytes on export
// after a reload. A truncated file is refused in one line and the list is kept. GENFIRE's third-party truth
// (a non-conforming header) imports permissively from the banner and reads back after a reload.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { sharedFile } from './fixtures.ts';
import { psnrOf, rows, rowTexts, saved, twoResults } from './pages/results.ts';
import { shot } from './pages/shots.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

const mrcFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/octet-stream', buffer });

async function importVolume(page: Page, name: string, buffer: Buffer, count: number): Promise<void> {
  await page.getByTestId('import-volume').setInputFiles(mrcFile(name, buffer));
  await page.getByTestId('result-tab-results').getByText(`Results (${count})`).waitFor({ timeout: 30_000 });
}

/** ticks exactly the rows whose text matches, in the list's order from the bottom (oldest first) */
async function compareOnly(page: Page, match: (text: string) => boolean): Promise<void> {
  const texts = await rowTexts(page);
  for (let i = texts.length - 1; i >= 0; i--) {
    const box = rows(page).nth(i).getByTestId('result-compare');
    if ((await box.isChecked()) !== match(texts[i])) await box.click();
  }
}

export async function anExportedVolumeImportedBackHasTheSameValues({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await twoResults(page, baseUrl); // WBP, then SIRT (shown)
  const f32 = await saved(page, () => page.getByTestId('export-volume').click());
  await page.getByTestId('export-precision').selectOption('float16');
  const f16 = await saved(page, () => page.getByTestId('export-volume').click());

  await page.getByTestId('result-tab-results').click();
  await importVolume(page, f32.name, f32.bytes, 3);
  await importVolume(page, f16.name, f16.bytes, 4);
  const texts = await rowTexts(page); // newest first: f16, f32, SIRT, WBP
  assert.match(texts[0], /IMPORTED wedgelab SIRT/);
  assert.match(texts[1], /IMPORTED wedgelab SIRT/);
  assert.match(texts[0], new RegExp(f16.name.replace(/\./g, '\\.')));
  const [p16, p32, pSirt] = texts.slice(0, 3).map(psnrOf);
  assert.ok(Number.isFinite(pSirt), `SIRT is scored: ${texts[2]}`);
  assert.equal(p32, pSirt, 'float32 read back: the same PSNR against the truth');
  assert.ok(Math.abs(p16 - pSirt) < 0.05, `float16 read back: PSNR ${p16} vs ${pSirt}`);
  assert.ok(
    await rows(page).nth(1).getByTestId('result-show').isDisabled(),
    'an import is compared, not shown',
  );

  // SIRT against its float32 copy: the difference is nothing at all
  await compareOnly(page, (t) => /^\tSIRT/.test(t) || t.includes(f32.name));
  await page.getByTestId('compare-open').click();
  const diff = page.getByTestId('compare-difference');
  await diff.waitFor({ timeout: 20_000 });
  const detail = await diff.innerText();
  assert.match(detail, /B × 1\.000 \+ 0\.000 · rms 0\.000 of A's/, detail);
  await page.getByTestId('metrics-table').waitFor();
  const table = await page.getByTestId('metrics-table').innerText();
  assert.match(table, /IMPORTED/, 'the import is in the metrics table');
  await shot(page, 'reimport-compare');

  // a reload keeps the import; its export is the file that came in
  await page.reload();
  await page.getByTestId('result-tab-results').getByText('Results (4)').waitFor();
  await page.getByTestId('result-tab-results').click();
  const row = rows(page).filter({ hasText: f32.name });
  const again = await saved(page, () =>
    row
      .getByTestId('result-export')
      .selectOption('float32')
      .then(() => {}),
  );
  assert.ok(again.bytes.equals(f32.bytes), 'the imported file comes back byte for byte');
}

export async function aTruncatedVolumeIsRefusedAndTheListIsKept({ page, baseUrl }: Ctx): Promise<void> {
  await twoResults(page, baseUrl);
  const f32 = await saved(page, () => page.getByTestId('export-volume').click());
  await page.getByTestId('result-tab-results').click();
  const app = new Workbench(page, baseUrl);
  const text = await app.waitForAlertAfter(
    () => page.getByTestId('import-volume').setInputFiles(mrcFile('cut.mrc', f32.bytes.subarray(0, 5000))),
    'Could not import cut.mrc',
  );
  assert.match(text, /truncated|expected/i, text);
  assert.equal(await rows(page).count(), 2, 'the list is as it was');
}

export async function genfireFilesImportAndReadBackAfterAReload({ page, baseUrl }: Ctx): Promise<void> {
  await twoResults(page, baseUrl);
  const vesicle = sharedFile('genfire/vesicle.mrc');
  const series = sharedFile('genfire/projections.mrc');
  assert.ok(vesicle && series, '../shared/data/genfire is there');
  await page.getByTestId('result-tab-results').click();
  await importVolume(page, 'vesicle.mrc', vesicle.buffer, 3);
  let [row] = await rowTexts(page);
  assert.match(row, /IMPORTED .*\tvesicle\.mrc/, row);
  assert.equal(psnrOf(row), NaN, 'a 64³ volume is not scored against the 96² demo');

  // GENFIRE's writer fills only nx, ny, nz and mode (its projections.mrc): the banner offers to read it so
  const app = new Workbench(page, baseUrl);
  const text = await app.waitForAlertAfter(
    () => page.getByTestId('import-volume').setInputFiles(series),
    'Could not import projections.mrc',
  );
  assert.match(text, /non-conforming writer \(e\.g\. GENFIRE\)/, text);
  await page.getByTestId('error-action').filter({ hasText: 'Import permissively' }).click();
  await page.getByTestId('result-tab-results').getByText('Results (4)').waitFor({ timeout: 30_000 });
  [row] = await rowTexts(page);
  assert.match(row, /read permissively\tprojections\.mrc/, row);

  // after a reload both are read back from browser storage (the second permissively again) to be compared
  await page.reload();
  await page.getByTestId('result-tab-results').getByText('Results (4)').waitFor();
  await page.getByTestId('result-tab-results').click();
  await compareOnly(page, (t) => t.includes('vesicle.mrc') || t.includes('projections.mrc'));
  await page.getByTestId('compare-open').click();
  await page.getByTestId('compare-panel-1').waitFor({ timeout: 20_000 });
  const titles = [
    await page.getByTestId('compare-panel-0').innerText(),
    await page.getByTestId('compare-panel-1').innerText(),
  ];
  assert.match(titles.join(' '), /IMPORTED · vesicle\.mrc.*IMPORTED · projections\.mrc/s, titles.join(' | '));
  assert.equal(await page.getByRole('alert').count(), 0, 'both loaded');
  await page.getByText('A and B differ in size').waitFor();
}
