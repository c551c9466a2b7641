// The Results tab as a user drives it: two kept results of the demo, the rows' texts, a file saved by a click.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Reconstruction } from './reconstruction.ts';
import { Workbench } from './workbench.ts';

export async function twoResults(page: Page, baseUrl: string): Promise<Reconstruction> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp' });
  await rec.waitForResult();
  await rec.metrics.waitFor({ timeout: 30_000 });
  await page.getByTestId('result-tab-results').getByText('Results (1)').waitFor();
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 10 });
  await page.getByTestId('result-tab-results').getByText('Results (2)').waitFor({ timeout: 60_000 });
  return rec;
}

export const rows = (page: Page) => page.getByTestId('result-row');

/** each row's cells but the actions, tab-separated (the first, the tick, is empty) */
export async function rowTexts(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) =>
      [...(tr as HTMLTableRowElement).cells]
        .slice(0, -1)
        .map((c) => c.innerText)
        .join('\t'),
    ),
  );
}

export async function saved(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** PSNR shown in a row ("… 12.34 0.567 …"): the first number with two decimals after the time */
export const psnrOf = (row: string) => Number(/\t(-?\d+\.\d\d)\t/.exec(row)?.[1]);
