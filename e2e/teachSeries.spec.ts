// Teaching mode, issue 12 §2's gaps: the simulated series is shown beside the truth and follows both sliders;
// TV on request, by keyboard alone, fills the wedge where WBP does not; CN on request shows its fit as it goes
// and stops on request; with large
// text at 1024 × 768 the controls and all six pictures fit without scrolling (WEDGELAB_SHOTS=DIR: screenshots
// at 1024 × 768 and 1440 × 900, normal and large text).
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { meanDifference, shot, Teach } from './pages/teach.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function theSeriesIsShownAndFollowsBothSliders({ page, baseUrl }: Ctx) {
  const teach = new Teach(page);
  await teach.open(baseUrl);
  const series = page.getByTestId('teach-rec-series');
  await teach.waitForSeries(-60, 60);
  const before = await teach.pixels(series);
  // +90° (top row) is never measured at ±60°: hatched; 0° is a grey line; the truth has +90° too
  assert.equal(await teach.seriesRowKind('teach-rec-series', 90), 'hatch');
  assert.equal(await teach.seriesRowKind('teach-rec-series', 0), 'grey');
  assert.equal(await teach.seriesRowKind('teach-truth-series', 90), 'grey');

  await teach.rangeKey('ArrowRight', 10);
  await teach.waitForSeries(-70, 70);
  const wider = await teach.pixels(series);
  assert.ok(meanDifference(before, wider) > 1, 'a range step changes the shown series');
  assert.equal(await teach.seriesRowKind('teach-rec-series', 68), 'grey', '68° is measured now');

  await page.getByTestId('teach-step').focus();
  await page.keyboard.press('End');
  await page.locator('[data-testid=teach-reconstruction] .teach-series[data-views="11"]').waitFor();
  const coarse = await teach.pixels(series);
  assert.ok(meanDifference(wider, coarse) > 1, 'a step change changes the shown series');
  assert.match(await page.getByTestId('teach-reconstruction').innerText(), /Series: ±70°, 11 views/);
}

export async function tvOnRequestByKeyboardFillsTheWedge({ page, baseUrl }: Ctx) {
  const teach = new Teach(page);
  await teach.open(baseUrl);
  const wbp = await teach.waitForScore();
  // keyboard only: from the step slider, Tab reaches the method select; type-ahead picks TV
  await page.getByTestId('teach-step').focus();
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'teach-method',
  );
  await page.keyboard.press('t');
  assert.equal(await page.getByTestId('teach-method').inputValue(), 'tv');
  await page.getByText('TV: XZ slice').waitFor({ timeout: 45_000 });
  const tv = await teach.waitForScore();
  assert.ok(tv.missing > wbp.missing + 0.3, `missing-wedge FSC: WBP ${wbp.missing}, TV ${tv.missing}`);
  assert.match(await page.getByTestId('teach-method-note').innerText(), /CN .* on request/);
  // the next control, and the bar's two, are reachable too
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'teach-dose');
  await page.getByTestId('teach-large-text').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('teach-large-text').isChecked(), true);
  assert.equal(await page.getByTestId('teach-error').count(), 0);
}

export async function cnOnRequestShowsTheFitAsItGoesAndStops({ page, baseUrl }: Ctx) {
  const teach = new Teach(page);
  await teach.open(baseUrl, 32);
  const recSlice = page.getByTestId('teach-rec-slice');
  // a cleared canvas is transparent black throughout
  const blank = (px: number[]) => px.every((v) => v === 0);
  assert.ok(!blank(await teach.pixels(recSlice)), "WBP's slice is drawn");
  // keyboard: type-ahead in the method select picks CN
  await page.getByTestId('teach-method').focus();
  await page.keyboard.press('c');
  assert.equal(await page.getByTestId('teach-method').inputValue(), 'cn');
  assert.match(
    await page.getByTestId('teach-method-note').innerText(),
    /CN fits a network from scratch on each change: \d+ steps, ≈ .* at 32³ here/,
  );
  // at once: the fit's step count, no earlier picture under its caption, and when its first one comes
  const status = page.getByTestId('teach-status');
  await status.filter({ hasText: /CN step \d+ of \d+/ }).waitFor({ timeout: 20_000 });
  await page.getByText('CN: XZ slice').waitFor();
  assert.ok(blank(await teach.pixels(recSlice)), 'no WBP picture under the CN caption');
  assert.match(
    await teach.recFourier.getByTestId('fourier-waiting').innerText(),
    /the fit's first picture comes at step \d+/,
  );
  const stepNow = async () => Number(/CN step (\d+)/.exec(await status.innerText())?.[1] ?? NaN);
  const s0 = await stepNow();
  await page.waitForFunction(
    (s) =>
      Number(/CN step (\d+)/.exec(document.querySelector('[data-testid=teach-status]')!.textContent!)?.[1]) >
      s,
    s0,
    { timeout: 20_000 },
  );
  // the first picture of the fit: the slice and the Fourier view
  await teach.recFourier.getByTestId('fourier-waiting').waitFor({ state: 'detached', timeout: 120_000 });
  assert.ok(!blank(await teach.pixels(recSlice)), "the fit's picture is drawn");
  // Stop, by keyboard: the fit ends where it was, its picture stays, nothing is reported as an error
  await page.getByTestId('teach-stop').focus();
  await page.keyboard.press('Enter');
  await status.filter({ hasText: 'stopped' }).waitFor();
  assert.equal(await page.getByTestId('teach-stop').count(), 0);
  assert.equal(await page.getByTestId('teach-error').count(), 0);
  assert.ok(!blank(await teach.pixels(recSlice)), 'the picture stays');
  // and WBP again at once
  await page.getByTestId('teach-method').selectOption('wbp');
  await page.getByText('WBP: XZ slice').waitFor();
  await teach.waitForScore();
}
cnOnRequestShowsTheFitAsItGoesAndStops.timeoutMs = 180_000;

const ESSENTIAL = [
  'teach-range',
  'teach-step',
  'teach-method',
  'teach-fsc',
  'teach-truth-series',
  'teach-truth-slice',
  'teach-rec-series',
  'teach-rec-slice',
];

async function offScreen(page: Page, width: number, height: number): Promise<string[]> {
  const canvases = page.getByTestId('fourier-canvas');
  const targets: [string, Locator][] = [
    ...ESSENTIAL.map((id) => [id, page.getByTestId(id)] as [string, Locator]),
    ['truth fourier', canvases.nth(0)],
    ['rec fourier', canvases.nth(1)],
  ];
  const out: string[] = [];
  for (const [id, l] of targets) {
    const b = (await l.count()) > 0 ? await l.boundingBox() : null;
    if (!b) out.push(`${id} missing`);
    else if (b.x < 0 || b.y < 0 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5)
      out.push(
        `${id} at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`,
      );
  }
  return out;
}

export async function largeTextFitsAt1024x768WithoutScrolling({ page, baseUrl }: Ctx) {
  await page.setViewportSize({ width: 1024, height: 768 });
  const teach = new Teach(page);
  await teach.open(baseUrl);
  await page.getByTestId('teach-large-text').check();
  await shot(page, 'teach-series-1024-large');
  assert.deepEqual(await offScreen(page, 1024, 768), [], 'large text: all on screen');
  const scrolled = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.scrollHeight,
    document.querySelector('[data-testid=teach-mode]')!.scrollTop,
  ]);
  assert.deepEqual(scrolled, [1024, 768, 0], 'the page itself does not scroll');
  const big = await page.getByTestId('teach-rec-slice').boundingBox();
  assert.ok(big!.width >= 180, `pictures ${big!.width} px wide: still readable`);

  await page.getByTestId('teach-large-text').uncheck();
  await shot(page, 'teach-series-1024');
  assert.deepEqual(await offScreen(page, 1024, 768), [], 'normal text: all on screen');

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('teach-large-text').check();
  await page.waitForTimeout(200);
  assert.deepEqual(await offScreen(page, 1440, 900), [], 'large text at 1440 × 900');
  assert.ok(await page.getByTestId('teach-notes').isVisible());
  await shot(page, 'teach-series-1440-large');
  await page.getByTestId('teach-large-text').uncheck();
  await page.waitForTimeout(200);
  assert.deepEqual(await offScreen(page, 1440, 900), [], 'normal text at 1440 × 900');
  await shot(page, 'teach-series-1440');
}
