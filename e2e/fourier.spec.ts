// The Fourier tab: the shown result's central-section spectrum beside the simulated truth's, with the wedge
// drawn from the views it used; a WBP result's wedge is dark where the truth's is not.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { shot } from './pages/shots.ts';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

/** mean grey of a Fourier canvas within 15° of the kz axis (the wedge at ±60°) over that near the kx axis */
async function wedgeRatio(canvas: Locator): Promise<number> {
  return canvas.evaluate((c) => {
    const el = c as HTMLCanvasElement;
    const { width: w, height: h } = el;
    const d = el.getContext('2d')!.getImageData(0, 0, w, h).data;
    let inside = 0;
    let ni = 0;
    let outside = 0;
    let no = 0;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const dx = x - w / 2;
        const dy = h / 2 - y;
        const r = Math.hypot(dx, dy) / (Math.min(w, h) / 2);
        if (r < 0.1 || r > 0.6) continue;
        const fromKx = (Math.atan2(Math.abs(dy), Math.abs(dx)) * 180) / Math.PI;
        const grey = d[4 * (y * w + x) + 1]; // green: the magenta edges have little
        if (fromKx > 75) {
          inside += grey;
          ni++;
        } else if (fromKx < 15) {
          outside += grey;
          no++;
        }
      }
    return inside / ni / (outside / no);
  });
}

export async function theFourierTabShowsTheWedgeInTheResultAndNotInTheTruth({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp' });
  await rec.metrics.waitFor({ timeout: 30_000 });
  await page.getByTestId('result-tab-fourier').click();
  const panel = page.getByTestId('fourier-panel');
  const views = panel.locator('[data-testid=fourier-view][data-edges-deg="-60,60"]');
  await views.nth(1).waitFor({ timeout: 30_000 });
  assert.equal(await views.count(), 2, 'the result and the truth');
  assert.match(await views.nth(1).innerText(), /simulated truth/);
  const result = await wedgeRatio(views.nth(0).getByTestId('fourier-canvas'));
  const truthRatio = await wedgeRatio(views.nth(1).getByTestId('fourier-canvas'));
  console.log(`      wedge/measured grey: WBP ${result.toFixed(3)}, truth ${truthRatio.toFixed(3)}`);
  assert.ok(
    result < 0.8 * truthRatio,
    `the wedge is empty in WBP (${result}) and not in the truth (${truthRatio})`,
  );
  await shot(page, 'fourier-tab-1440');
  // the views stay underneath: the Tomogram tab brings them back
  await page.getByTestId('result-tab-tomogram').click();
  await panel.waitFor({ state: 'detached' });
  await rec.waitForViews();
}
