// The Align step's controls: the keyboard and a 1024 × 768 screen (the page itself never scrolls), the align
// section in Save/Open recipe, cancel, and every method of ALIGN_CHOICES aligning or failing in one line.
// WEDGELAB_SHOTS=DIR writes screenshots there (1024 × 768) to look at.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { download, shot } from './pages/alignment.ts';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench, type FilePayload } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function theAlignStepIsInTheRecipeAndWorksFromTheKeyboardAt1024({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  // Tab from the last control before the panel reaches the Align select; arrows change it
  await page.getByTestId('geometry-doc').focus();
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'align-select',
  );
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByTestId('align-select').inputValue(), 'xcorr');
  assert.match(await page.getByTestId('align-help').innerText(), /^xcorr: /);
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'align-axis-search',
  );
  await shot(page, 'align-1024-fields');
  // the new controls can be seen and hit on this screen (the sidebar scrolls to them)
  for (const id of ['align-select', 'align-axis-search', 'align-only-button']) {
    const el = page.getByTestId(id);
    await el.scrollIntoViewIfNeeded();
    const hit = await el.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.bottom <= innerHeight && r.right <= innerWidth && (at === e || e.contains(at));
    });
    assert.ok(hit, `${id} is reachable at 1024 × 768`);
  }
  // Align only from the keyboard: Tab to it, Enter
  await page.getByTestId('align-axis-search').focus();
  for (let i = 0; i < 40; i++) {
    if (
      (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'align-only-button'
    )
      break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('align-summary').waitFor({ timeout: 60_000 });
  await shot(page, 'align-1024');
  // the Alignment tab's downloads are reachable (the box scrolls on this screen)
  await page.getByTestId('download-xf').scrollIntoViewIfNeeded();
  assert.ok(await page.getByTestId('download-xf').isVisible());
  await shot(page, 'align-1024-scrolled');
  // the result tabs (Tomogram, Results, Compare, Fourier, Alignment): arrows move between them, and wrap
  await page.getByTestId('result-tab-alignment').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('result-tab-fourier').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('result-tab-tomogram').getAttribute('aria-selected'), 'true');

  // Save recipe keeps the align section; Open recipe fills it, and what the panel does not show survives
  const saved = JSON.parse((await download(page, 'save-recipe')).text);
  assert.deepEqual(saved.align, { method: 'xcorr', axisSearch: false, cumulative: false });
  const opened = { ...saved, align: { method: 'xcorr', axisSearch: true, cumulative: true, binning: 4 } };
  const file: FilePayload = {
    name: 'a.recipe.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(opened)),
  };
  await page.getByTestId('open-recipe').setInputFiles(file);
  await page.locator('[data-testid=align-axis-search]:checked').waitFor();
  assert.equal(await page.getByTestId('align-select').inputValue(), 'xcorr');
  const again = JSON.parse((await download(page, 'save-recipe')).text);
  assert.deepEqual(again.align, opened.align);
  // what the panel has no field for is said; the held alignment was made without these
  assert.match(
    await page.getByTestId('align-help').innerText(),
    /from the recipe: cumulative, bin 4 · settings changed since Align only: Reconstruct aligns again$/,
  );
}

export async function alignOnlyCancelsWithinASecond({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.simulate({ 'sim-size': 384, 'sim-thickness': 32, 'sim-shift-sigma': 3 });
  await app.info.filter({ hasText: 'sim-shapes-384.mrc' }).waitFor({ timeout: 40_000 });
  await page.getByTestId('align-select').selectOption('xcorr');
  await page.getByTestId('align-only-button').click();
  await rec.progress.filter({ hasText: /aligning: view \d+/ }).waitFor({ timeout: 30_000 });
  const t0 = Date.now();
  await page.getByTestId('cancel-job').click();
  await rec.progress.waitFor({ state: 'detached', timeout: 1000 });
  console.log(`      cancel → job-progress gone in ${Date.now() - t0} ms`);
  // no alignment, no alert; the app works on
  assert.equal(await page.getByTestId('align-summary').count(), 0);
  assert.equal(await app.alert.count(), 0);
  assert.ok(await page.getByTestId('align-only-button').isEnabled());
}

/** Whatever ALIGN_CHOICES offers: each either aligns or says in one line why not; the page keeps working. */
export async function everyAlignMethodAlignsOrSaysWhyNotInOneLine({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const options = await page
    .getByTestId('align-select')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual(options, ['none', 'xcorr', 'pm', 'cnn', 'beads']);
  const rec = new Reconstruction(page);
  const cases = [...['pm', 'cnn', 'beads'].map((m) => [m, false] as const), ['xcorr', true] as const];
  for (const [m, axisSearch] of cases) {
    await page.getByTestId('align-select').selectOption(m);
    assert.match(await page.getByTestId('align-help').innerText(), new RegExp(`^${m}: \\S`));
    await page.getByTestId('align-axis-search').setChecked(axisSearch);
    await page.getByTestId('align-only-button').click();
    const done = page
      .getByTestId('align-summary')
      .filter({ hasText: m.toUpperCase() })
      .or(app.alert.filter({ hasText: `Could not align` }));
    try {
      await done.waitFor({ timeout: 12_000 });
    } catch {
      // a method that runs long here: it must cancel
      await page.getByTestId('cancel-job').click();
      await rec.progress.waitFor({ state: 'detached', timeout: 1000 });
      continue;
    }
    if ((await app.alert.count()) > 0) {
      const text = await app.alert.innerText();
      console.log(`      ${m}${axisSearch ? ' + axis search' : ''}: ${text.replace(/\s*\n\s*/g, ' | ')}`);
      const message = (await app.alert.locator('.error-message').innerText()).trim();
      assert.ok(!message.includes('\n') && message.length < 200, `one line: ${message}`);
      assert.doesNotMatch(text, /--(align|axis-rotation)\b/, 'the page names its own fields, not CLI flags');
      await app.dismissAlert();
    }
  }
  // the page still reconstructs
  await page.getByTestId('align-axis-search').setChecked(false);
  await page.getByTestId('align-select').selectOption('none');
  await rec.reconstruct();
  assert.match(await rec.waitForResult(30_000), /^WBP on /);
}

/**
 * At 1024 × 768 the page itself never scrolls (only the sidebar and the result box do): a hidden file input
 * positioned against the page, not its button, once made the document taller than the window, so scrolling a
 * control into view moved the whole workbench up and left an empty band under it.
 */
export async function theWorkbenchFitsA1024x768WindowWithoutPageScroll({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const pageScroll = () =>
    page.evaluate(() => {
      const s = document.scrollingElement!;
      return { overflowPx: s.scrollHeight - innerHeight, top: s.scrollTop };
    });
  assert.deepEqual(await pageScroll(), { overflowPx: 0, top: 0 });
  await page.getByTestId('open-recipe').scrollIntoViewIfNeeded();
  await page.getByTestId('simulate-button').scrollIntoViewIfNeeded();
  assert.deepEqual(await pageScroll(), { overflowPx: 0, top: 0 }, 'the sidebar scrolls, not the page');
}
