// Defects found when the page was tried as a new user would (issue 11 §7), each with a test that failed
// before its fix: a GENFIRE file's banner offered a permissive option the page did not have; a file opened
// while the first-start demo was still simulating was replaced by the demo; scores vanished from the 4th
// reconstruction of one simulation.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { mrcStack, sharedFile } from './fixtures.ts';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function aGenfireStackOpensPermissivelyFromItsBanner({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const genfire = sharedFile('genfire/projections.mrc');
  assert.ok(genfire, '../shared/data/genfire/projections.mrc is there');
  await app.choose(genfire);
  const alert = await app.waitForAlert('permissive');
  assert.match(alert, /non-conforming writer \(e\.g\. GENFIRE\)/);
  await page.getByTestId('error-action').filter({ hasText: 'Open permissively' }).click();
  await app.waitForInfo('64 × 64 × 61');
  assert.match(await app.info.innerText(), /projections\.mrc/);
  assert.equal(await app.alert.count(), 0, 'the banner is gone');
  await app.waitForImage(8);
}

export async function aFileOpenedWhileTheDemoLoadsIsKept({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  // as soon as the page can take a file, before the demo has finished simulating
  await app.choose(mrcStack('early.mrc', 20, 20, 9));
  await app.waitForInfo('early.mrc');
  // the demo takes ~1–2 s here; it must not replace the user's file when it is done
  await page.waitForTimeout(4000);
  assert.match(await app.info.innerText(), /early\.mrc/);
  assert.doesNotMatch(await app.info.innerText(), /demo-shapes/);
}

export async function everyReconstructionOfASimulationIsScored({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  for (let i = 1; i <= 5; i++) {
    await rec.reconstruct(i % 2 ? { 'method-select': 'wbp' } : { 'method-select': 'sirt', iterations: 3 });
    await page.getByTestId('result-tab-results').getByText(`Results (${i})`).waitFor({ timeout: 30_000 });
    await page.getByTestId('result-tab-tomogram').click();
    await rec.metrics.waitFor({ timeout: 30_000 });
    assert.match(await rec.metrics.innerText(), /PSNR\s+\d+\.\d+ dB/, `reconstruction ${i} is scored`);
  }
}
