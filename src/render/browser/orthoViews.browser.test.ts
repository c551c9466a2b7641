// Both orthoslice renderers in headless Chromium on a known asymmetric volume (harness.ts): three.js in the
// render worker (OffscreenCanvas) and the 2D-canvas fallback put each slice's bright corner in the same,
// expected place (y up, as 3dmod shows it) and draw the crosshair; a worker that cannot load falls back.
// Run: npx vitest run -c src/gpu/vitest.browser.config.ts src/render
import type { Browser, Page } from 'playwright-core';
import { startViteChromium, type ViteChromium } from '../../testing/viteChromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrthoAxis } from '../orthoModel.ts';
import type { ViewReadback } from './harness.ts';

let vc: ViteChromium;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  vc = await startViteChromium();
  ({ browser, baseUrl } = vc);
});

afterAll(async () => {
  await vc?.close();
});

/** Bright corner per view: index into [bottom-left, bottom-right, top-left, top-right]. */
const BRIGHT: Record<OrthoAxis, number> = { xy: 1, xz: 3, yz: 2 };
/** The vertical crosshair line's colour per view (SLICE_COLORS of the slice it marks). */
const LINE: Record<OrthoAxis, [number, number, number]> = {
  xy: [0xc0, 0x70, 0xe0],
  xz: [0xc0, 0x70, 0xe0],
  yz: [0x3f, 0xb6, 0xc8],
};

async function show(page: Page, renderer: 'auto' | '2d', failingWorker = false) {
  await page.goto(`${baseUrl}/src/render/browser/harness.html`);
  await page.waitForFunction(() => typeof window.showAsymmetric === 'function');
  const used = await page.evaluate(([r, f]) => window.showAsymmetric(r, f), [
    renderer,
    failingWorker,
  ] as const);
  // drawn in the next animation frame (of the worker, for WebGL): wait until every bright corner shows
  let views: Record<OrthoAxis, ViewReadback> = await page.evaluate(() => window.readViews());
  for (let i = 0; i < 100; i++) {
    const ok = (Object.keys(BRIGHT) as OrthoAxis[]).every((a) => views[a].corners[BRIGHT[a]] > 128);
    if (ok) break;
    await page.waitForTimeout(50);
    views = await page.evaluate(() => window.readViews());
  }
  return { used, views };
}

function expectOrientation(views: Record<OrthoAxis, ViewReadback>): void {
  for (const axis of Object.keys(BRIGHT) as OrthoAxis[]) {
    const { corners } = views[axis];
    corners.forEach((g, i) => {
      if (i === BRIGHT[axis]) expect(g, `${axis} corner ${i}`).toBeGreaterThan(240);
      else expect(g, `${axis} corner ${i}`).toBeLessThan(15);
    });
  }
}

describe('orthoslice views in headless Chromium', () => {
  it('three.js in the render worker: bright corners where expected, crosshairs drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    const { used, views } = await show(page, 'auto');
    expect(used).toBe('webgl-worker');
    expectOrientation(views);
    for (const axis of Object.keys(LINE) as OrthoAxis[]) {
      // one canvas over the view (not one pixel per voxel), with the crosshair 80 % over a dark texel
      expect(views[axis].width).toBeGreaterThanOrEqual(240);
      const expected = LINE[axis].map((c) => 0.8 * c);
      views[axis].verticalLine.forEach((c, i) => expect(Math.abs(c - expected[i]), axis).toBeLessThan(12));
    }
    await page.close();
  });

  it('2D-canvas fallback (?render=2d): the same orientation', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    const { used, views } = await show(page, '2d');
    expect(used).toBe('canvas-2d');
    expectOrientation(views);
    expect(views.xy.width).toBe(40);
    await page.close();
  });

  it('falls back to the 2D views, showing the last slices, when the render worker fails', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    const { used, views } = await show(page, 'auto', true);
    expect(used).toBe('canvas-2d');
    expectOrientation(views);
    await page.close();
  });
});
