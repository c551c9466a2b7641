// The 3D box view (the volume's box with the three orthoslices as planes, drawn in the box worker) and the
// tilt-series filmstrip under the tilt view. WEDGELAB_SHOTS=DIR writes screenshots (1440 × 900, 1024 × 768).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { shot } from './pages/alignment.ts';
import { Box3d } from './pages/box3d.ts';
import { longTasksSince, pageNow, recordLongTasks } from './pages/longTasks.ts';
import { Reconstruction } from './pages/reconstruction.ts';
import { Viewer } from './pages/viewer.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

/** The demo reconstructed with WBP (96 × 96 × 48), its views drawn, the 3D view on. */
async function boxShown(page: Page, baseUrl: string): Promise<[Box3d, Viewer, Reconstruction]> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.reconstruct();
  await rec.waitForResult();
  await rec.waitForViews();
  const box = new Box3d(page);
  await box.show();
  return [box, new Viewer(page), rec];
}

export async function theBoxViewDrawsThePlanesAndFollowsTheCrosshair({ page, baseUrl }: Ctx) {
  const [box, viewer] = await boxShown(page, baseUrl);
  const first = await box.waitForDrawn(2000);
  const c = await box.view.evaluate((el) => {
    const canvas = el.querySelector('canvas') as HTMLCanvasElement;
    return canvas.width * canvas.height;
  });
  console.log(
    `      the 3D view draws ${first.drawn} of ${c} pixels (${((100 * first.drawn) / c).toFixed(0)} %)`,
  );
  assert.ok(first.drawn > 0.05 * c, 'the box and its planes cover part of the view');
  assert.equal(await box.toggle.getAttribute('aria-pressed'), 'true');

  // a key in the XY view moves the z slice: the xy plane moves in the box
  await viewer.view('xy').focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('PageDown');
  await viewer.view('xy').filter({ hasText: 'z 1/48' }).waitFor();
  const moved = await box.waitForChange(first);
  // a click in the XZ view moves x (the yz plane) too
  const b = await viewer.view('xz').boundingBox();
  assert.ok(b);
  await page.mouse.click(b.x + b.width * 0.3, b.y + b.height / 2);
  await box.waitForChange(moved);
  // and back to the first slices: the first picture
  await page.getByTestId('ortho-reset').click();
}

export async function dragAndKeysOrbitAndResetRestoresThePicture({ page, baseUrl }: Ctx) {
  const [box] = await boxShown(page, baseUrl);
  const home = await box.waitForDrawn(2000);
  const r = await box.view.boundingBox();
  assert.ok(r);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 120, r.y + r.height / 2 + 30, { steps: 8 });
  await page.mouse.up();
  const dragged = await box.waitForChange(home);
  assert.match((await box.view.getAttribute('aria-label')) ?? '', /az -120° · el 40°/);
  await page.getByTestId('view-3d-reset').click();
  assert.equal((await box.waitFor(home)).hash, home.hash, 'Reset restores the first picture');
  // the toolbar's Reset (every view) resets the camera too
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 - 90, r.y + r.height / 2, { steps: 6 });
  await page.mouse.up();
  await box.waitForChange(home);
  await page.getByTestId('ortho-reset').click();
  assert.equal((await box.waitFor(home)).hash, home.hash, 'the toolbar Reset restores the first picture');

  // wheel zoom
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.wheel(0, -300);
  const zoomed = await box.waitForChange(home);
  assert.ok(zoomed.drawn > home.drawn, `zoomed in, the box covers more (${zoomed.drawn} > ${home.drawn})`);
  // the focused view's arrow keys orbit, 0 resets
  await box.view.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  const keyed = await box.waitForChange(zoomed);
  assert.notEqual(keyed.hash, dragged.hash);
  assert.match((await box.view.getAttribute('aria-label')) ?? '', /az -70° · el 35°/);
  await page.keyboard.press('0');
  assert.equal((await box.waitFor(home)).hash, home.hash, 'key 0 restores it too');
}

export async function theBoxViewTakesTheColormapAndContrast({ page, baseUrl }: Ctx) {
  const [box, viewer] = await boxShown(page, baseUrl);
  const grey = await box.waitForDrawn(2000);
  await viewer.choose('colormap', 'viridis');
  const vir = await box.waitForChange(grey);
  await viewer.choose('contrast', '0-100');
  await box.waitForChange(vir);
  // off and on again: the view comes back with the current colormap
  await box.toggle.click();
  await box.view.waitFor({ state: 'detached' });
  await viewer.view('xy').filter({ hasText: 'XY' }).waitFor();
  await box.show();
  await box.waitForDrawn(2000);
}

export async function withoutOffscreenCanvasTheBoxViewSaysWhy({ page, baseUrl }: Ctx) {
  // a browser that cannot hand a canvas to a worker: the 2D views draw on the main thread, the 3D view explains
  await page.addInitScript(() => {
    delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).transferControlToOffscreen;
  });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await page.getByTestId('view-3d-toggle').click();
  const why = page.getByTestId('view-3d-fallback');
  await why.waitFor();
  assert.match(await why.innerText(), /needs WebGL 2 in a worker.*orthoslices still work/s);
  assert.equal(await page.getByTestId('view-3d-reset').isDisabled(), true);
  assert.equal(await page.getByTestId('ortho-views').getAttribute('data-renderer'), 'canvas-2d');
}

export async function noLongTasksWhileUsingTheBoxView({ page, baseUrl }: Ctx) {
  await recordLongTasks(page);
  const [box, viewer, rec] = await boxShown(page, baseUrl);
  await box.waitForDrawn(2000);
  const t0 = await pageNow(page);
  const r = await box.view.boundingBox();
  assert.ok(r);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 200, r.y + r.height / 2 - 60, { steps: 30 });
  await page.mouse.up();
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -120);
  await box.view.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await viewer.view('xy').focus();
  for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowUp');
  for (const c of ['viridis', 'inverted', 'grey']) await viewer.choose('colormap', c);
  await viewer.choose('slab', 9);
  await page.getByTestId('ortho-legend').filter({ hasText: 'mean of 9 slices' }).waitFor();
  await box.toggle.click();
  await box.toggle.click();
  await box.waitForDrawn(2000);
  await rec.waitForViews();
  const tasks = await longTasksSince(page, t0);
  const worst = tasks.length ? Math.max(...tasks) : 0;
  console.log(
    `      main-thread long tasks while using the 3D view: ${tasks.length}` +
      (tasks.length ? ` [${tasks.map((t) => t.toFixed(0)).join(', ')} ms]` : ''),
  );
  const limit = Math.max(50, Number(process.env.WEDGELAB_LONGTASK_LIMIT_MS ?? 50) || 50);
  assert.ok(worst <= limit, `a main-thread task took ${worst.toFixed(0)} ms (limit ${limit} ms)`);
}

export async function theBoxViewFitsAt1440And1024({ page, baseUrl }: Ctx) {
  await page.setViewportSize({ width: 1440, height: 900 });
  const [box, viewer] = await boxShown(page, baseUrl);
  await box.waitForDrawn(2000);
  await shot(page, 'viewer3d-1440');
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    const b = await box.view.boundingBox();
    assert.ok(b && b.width > 200 && b.height > 150, `the 3D view is usable at ${size.width}`);
    for (const axis of ['xy', 'xz', 'yz'] as const) {
      const v = await viewer.view(axis).boundingBox();
      assert.ok(
        v && v.width > 80 && v.height > 60,
        `view-${axis} usable at ${size.width}: ${JSON.stringify(v)}`,
      );
    }
    const t = await box.toggle.boundingBox();
    assert.ok(t && t.x + t.width <= size.width, 'the toggle is on screen');
  }
  await box.waitForDrawn(2000);
  await shot(page, 'viewer3d-1024');
}

/** The section canvas's pixels as a hash (an element screenshot). */
async function sectionPixels(page: Page): Promise<string> {
  const png = await page.getByTestId('section-canvas').screenshot();
  return png.toString('base64');
}

export async function theFilmstripShowsEveryViewWithItsAngleAndSelects({ page, baseUrl }: Ctx) {
  await recordLongTasks(page);
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const t0 = await pageNow(page);
  const strip = page.getByTestId('filmstrip');
  const views = strip.getByTestId('filmstrip-view');
  await strip.waitFor();
  assert.equal(await views.count(), 41, 'one thumbnail per view');
  // every thumbnail read (binned to ≤ 64 px) and drawn
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="filmstrip"] canvas.thumb.loading').length === 0,
  );
  const sizes = await strip
    .locator('canvas')
    .evaluateAll((cs) =>
      cs.map((c) => Math.max((c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height)),
    );
  assert.ok(Math.max(...sizes) <= 64, `thumbnails at most 64 px (${Math.max(...sizes)})`);
  const labels = await views.evaluateAll((els) =>
    els.map((el) => [el.children[1].textContent, el.children[2]?.textContent ?? ''] as const),
  );
  // the demo: −60° … +60° in 3° steps
  labels.forEach(([n, angle], i) => {
    assert.equal(n, String(i + 1));
    assert.equal(Number(angle.replace('°', '').replace('−', '-')), -60 + 3 * i, `view ${i + 1}'s angle`);
  });
  // the shown view (21, 0°) is the highlighted one
  assert.equal(await strip.locator('[aria-selected="true"]').getAttribute('data-k'), '20');

  const readout = page.getByTestId('section-readout');
  const before = await sectionPixels(page);
  await views.nth(4).click();
  await readout.filter({ hasText: '5 / 41 · −48.0°' }).waitFor();
  assert.equal(await strip.locator('[aria-selected="true"]').getAttribute('data-k'), '4');
  let now = await sectionPixels(page);
  for (let i = 0; i < 50 && now === before; i++) {
    await page.waitForTimeout(100);
    now = await sectionPixels(page);
  }
  assert.notEqual(now, before, 'the tilt view shows the clicked view');

  // keys: the focused strip moves the view, End reaches the last and scrolls it into sight
  await page.keyboard.press('ArrowRight');
  await readout.filter({ hasText: '6 / 41' }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await readout.filter({ hasText: '4 / 41' }).waitFor();
  await page.keyboard.press('End');
  await readout.filter({ hasText: '41 / 41 · +60.0°' }).waitFor();
  const s = await strip.boundingBox();
  const last = await views.nth(40).boundingBox();
  assert.ok(
    s && last && last.x >= s.x - 1 && last.x + last.width <= s.x + s.width + 1,
    'the last view in sight',
  );
  assert.equal(
    await views.nth(40).evaluate((el) => el === document.activeElement),
    true,
    'focus follows the view',
  );
  // the slider moves the highlight too
  await page.getByTestId('section-slider').fill('10');
  await strip.locator('[aria-selected="true"][data-k="10"]').waitFor();
  await page.keyboard.press('Home');
  await views.nth(0).focus();
  await page.keyboard.press('PageDown');
  await readout.filter({ hasText: '11 / 41' }).waitFor();
  await page.keyboard.press('Enter');
  await readout.filter({ hasText: '11 / 41' }).waitFor();

  const tasks = await longTasksSince(page, t0);
  const worst = tasks.length ? Math.max(...tasks) : 0;
  console.log(
    `      main-thread long tasks while the filmstrip loads and is used: ${tasks.length}` +
      (tasks.length ? ` [${tasks.map((t) => t.toFixed(0)).join(', ')} ms]` : ''),
  );
  const limit = Math.max(50, Number(process.env.WEDGELAB_LONGTASK_LIMIT_MS ?? 50) || 50);
  assert.ok(worst <= limit, `a main-thread task took ${worst.toFixed(0)} ms (limit ${limit} ms)`);
}

export async function theFilmstripFitsAt1440And1024({ page, baseUrl }: Ctx) {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    const app = new Workbench(page, baseUrl);
    await app.open();
    await app.waitForInfo('96 × 96 × 41');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="filmstrip"] canvas.thumb:not(.loading)').length === 41,
    );
    const strip = await page.getByTestId('filmstrip').boundingBox();
    const canvas = await page.getByTestId('section-canvas').boundingBox();
    const slider = await page.getByTestId('section-slider').boundingBox();
    assert.ok(strip && canvas && slider);
    assert.ok(strip.x >= 0 && strip.x + strip.width <= size.width, `the strip on screen at ${size.width}`);
    assert.ok(strip.y >= canvas.y + canvas.height - 1, 'under the tilt view');
    assert.ok(strip.height < 110, `one row (${strip.height} px)`);
    assert.ok(canvas.height > 150, `the tilt view keeps its room (${canvas.height} px)`);
    assert.ok(slider.y + slider.height <= size.height, 'the slider still on screen');
    await shot(page, `filmstrip-${size.width}`);
  }
}
