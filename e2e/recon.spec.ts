// Simulate and reconstruct end to end: the Simulate panel, the Reconstruct button, job progress, live
// orthoslice previews, cancel, metrics against the truth, and main-thread long tasks during a job.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { longTasksSince, pageNow, recordLongTasks } from './pages/longTasks.ts';
import { Reconstruction, type ViewAxis } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
  browser: Browser;
}

async function openDemo(page: Page, baseUrl: string, query = ''): Promise<[Workbench, Reconstruction]> {
  const app = new Workbench(page, baseUrl);
  await app.open(query);
  await app.waitForInfo('96 × 96 × 41');
  return [app, new Reconstruction(page)];
}

export async function simulatesASeriesFromThePanel({ page, baseUrl }: Ctx): Promise<void> {
  const [app, rec] = await openDemo(page, baseUrl);
  await rec.watchProgress();
  await rec.simulate({
    'sim-phantom': 'spheres',
    'sim-size': 64,
    'sim-thickness': 32,
    'sim-tilt-min': -50,
    'sim-tilt-max': 50,
    'sim-tilt-step': 5,
  });
  await app.waitForInfo('64 × 64 × 21');
  const info = await app.info.innerText();
  assert.match(info, /sim-spheres-64\.mrc/);
  assert.match(info, /−50\.0° … \+50\.0° \(21 views, step 5\.0°\)/);
  assert.match(info, /sim-spheres-64\.tlt/);
  assert.ok(await rec.progressWasSeen(), 'job-progress was shown while simulating');
  await rec.progress.waitFor({ state: 'detached' });
  // the stack loads like a dropped file: the section viewer shows its views
  await app.waitForImage();
  // the reconstruct panel follows the truth's thickness
  assert.equal(await page.getByTestId('recon-thickness').inputValue(), '32');
}

export async function reconstructsTheDemoAndScoresIt({ page, baseUrl }: Ctx): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl);
  await page.getByText('Reconstruct to see the tomogram here.').waitFor();
  await rec.watchProgress();
  await rec.reconstruct();
  const line = await rec.waitForResult();
  assert.ok(await rec.progressWasSeen(), 'job-progress appeared');
  assert.match(line, /^WBP on (cpu|webgpu|cpu-reference)\b.* in \d+(\.\d+)? s$/);
  const views = await rec.waitForViews();
  for (const [axis, s] of Object.entries(views)) {
    assert.ok(s.levels > 16, `view-${axis} shows an image (${s.levels} gray levels)`);
  }
  assert.match(await page.getByTestId('ortho-legend').innerText(), /96 × 96 × 48/);
  // the truth is known: PSNR, SSIM, FSC 0.143 and the FSC plot (all / present / missing)
  await rec.metrics.waitFor({ timeout: 30_000 });
  const m = await rec.metrics.innerText();
  assert.match(m, /PSNR\s+\d+\.\d+ dB/);
  assert.match(m, /SSIM\s+−?\d\.\d{3}/);
  assert.match(m, /FSC 0\.143/);
  const legend = await page.getByTestId('fsc-plot').innerText();
  assert.match(legend, /all/);
  assert.match(legend, /present/);
  assert.match(legend, /missing wedge/);
}

async function clickMovesTheOtherSlices(page: Page, baseUrl: string, query: string): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl, query);
  await rec.reconstruct();
  await rec.waitForResult();
  await rec.waitForViews();
  const before = await rec.viewSignature('yz');
  const labelBefore = await rec.view('yz').innerText();
  const box = await rec.view('xy').boundingBox();
  assert.ok(box);
  // a click at a quarter of the xy view's width moves the yz slice (x)
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
  await rec.waitForViewChange('yz', before.hash);
  assert.notEqual(await rec.view('yz').innerText(), labelBefore);
}

export async function clickingAViewMovesTheOtherSlices({ page, baseUrl }: Ctx): Promise<void> {
  await clickMovesTheOtherSlices(page, baseUrl, '');
}

export async function clickingAViewMovesTheOtherSlicesIn2dFallback({ page, baseUrl }: Ctx): Promise<void> {
  await clickMovesTheOtherSlices(page, baseUrl, '?render=2d');
  assert.equal(await new Reconstruction(page).renderer(), 'canvas-2d');
}

/** The demo's reconstruction: 96 × 96 × 48; each view's image size and its crosshair lines' slices. */
const VIEWS: [ViewAxis, number, number, ViewAxis, ViewAxis][] = [
  ['xy', 96, 96, 'yz', 'xz'],
  ['xz', 96, 48, 'yz', 'xy'],
  ['yz', 48, 96, 'xy', 'xz'],
];

export async function theViewsAreDrawnByThreeJsInAWorkerLikeThe2dFallback({
  page,
  baseUrl,
  browser,
}: Ctx): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl);
  assert.equal(await rec.renderer(), 'webgl-worker', 'three.js draws the views in the render worker');
  await rec.reconstruct();
  await rec.waitForResult();
  await rec.waitForViews();
  // the same reconstruction drawn by the 2D fallback, in a second tab
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const [, flat] = await openDemo(await context.newPage(), baseUrl, '?render=2d');
    assert.equal(await flat.renderer(), 'canvas-2d');
    await flat.reconstruct();
    await flat.waitForResult();
    await flat.waitForViews();
    for (const [axis, w, h, vertical, horizontal] of VIEWS) {
      const gl = await rec.viewTexels(axis, w, h);
      const twoD = await flat.viewTexels(axis, w, h);
      assert.equal(gl.kind, 'webgl');
      assert.equal(twoD.kind, '2d');
      // one WebGL canvas over the whole view, at device pixels, with the crosshair drawn in it
      assert.ok(gl.width > 2 * w && gl.height > 2 * h, `view-${axis} canvas ${gl.width} × ${gl.height}`);
      assert.ok(gl.lines[vertical] > 2 * h, `view-${axis}: a ${vertical}-coloured crosshair line`);
      assert.ok(gl.lines[horizontal] > 2 * w, `view-${axis}: a ${horizontal}-coloured crosshair line`);
      assert.ok(new Set(gl.gray).size > 16, `view-${axis} shows an image`);
      // texel for texel what the 2D views show (orientation, window, placement), but for the crosshair lines
      const off = gl.gray.filter((g, i) => Math.abs(g - twoD.gray[i]) > 2).length;
      console.log(`      view-${axis}: ${off}/${gl.gray.length} texels differ from the 2D fallback`);
      assert.ok(off < 0.05 * gl.gray.length, `view-${axis}: ${off} texels differ from the 2D fallback`);
    }
  } finally {
    await context.close();
  }
}

export async function aLongSirtJobPreviewsLiveAndCancelsWithinASecond({ page, baseUrl }: Ctx): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl);
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 1000 });
  await rec.progress.waitFor();
  // progress says which iteration and the residual
  await rec.progress.filter({ hasText: /iteration \d+\/1000 · residual \d/ }).waitFor({ timeout: 20_000 });
  // the views update live from the worker's previews
  const legend = page.getByTestId('ortho-legend');
  await legend.filter({ hasText: /preview · iteration \d+/ }).waitFor({ timeout: 20_000 });
  const first = await rec.waitForViews();
  await rec.waitForViewChange('xz', first.xz.hash);
  assert.match(await rec.progress.innerText(), /ETA/);

  const t0 = Date.now();
  await page.getByTestId('cancel-job').click();
  await rec.progress.waitFor({ state: 'detached', timeout: 1000 });
  const cancelMs = Date.now() - t0;
  console.log(`      cancel → job-progress gone in ${cancelMs} ms`);
  assert.ok(cancelMs < 1000);

  // the app still works: a WBP right after
  await rec.reconstruct({ 'method-select': 'wbp' });
  const line = await rec.waitForResult(30_000);
  assert.match(line, /^WBP on /);
  await rec.waitForViews();
}

export async function theMainThreadHasNoLongTasksDuringAReconstruction({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await recordLongTasks(page);
  const [, rec] = await openDemo(page, baseUrl);
  await rec.setField('method-select', 'sirt');
  await rec.setField('iterations', 12);
  // the window: from the click that starts the job (never the page's startup) to the drawn FSC plot after
  // the metrics job, with the live previews of every iteration in between
  const t0 = await pageNow(page);
  await rec.button.click();
  await rec.progress.waitFor();
  await rec.waitForResult(60_000);
  await rec.progress.waitFor({ state: 'detached', timeout: 60_000 });
  await page.getByTestId('fsc-plot').locator('canvas').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
  const tasks = await longTasksSince(page, t0);
  const worst = tasks.length ? Math.max(...tasks) : 0;
  console.log(
    `      main-thread long tasks (> 50 ms) during SIRT + metrics: ${tasks.length}` +
      (tasks.length ? ` [${tasks.map((t) => t.toFixed(0)).join(', ')} ms]` : ''),
  );
  // 50 ms, the limit. It holds on this 2-core machine with software rendering because the views are
  // drawn by three.js in a render worker (OffscreenCanvas: a WebGL canvas on the main thread was read back
  // synchronously in each of its frame commits, 30 ms and more per view; src/render/orthoWorkerViews.ts) and
  // no task of the app takes more than ~10 ms of CPU (Chrome traces).
  // WEDGELAB_LONGTASK_LIMIT_MS only loosens it, for a machine shared with other heavy work: there the OS
  // keeps the main thread off the CPU for tens of ms in the middle of a task (traces at load 12 on 2 cores
  // showed 75–99 ms Blink PrePaint/Paint tasks with under 3.5 ms of CPU time).
  const limit = Math.max(50, Number(process.env.WEDGELAB_LONGTASK_LIMIT_MS ?? 50) || 50);
  assert.ok(worst <= limit, `a main-thread task took ${worst.toFixed(0)} ms (limit ${limit} ms)`);
}

export async function simulateAndReconstructOnTheMainThreadFallback({ page, baseUrl }: Ctx): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl, '?worker=0');
  await page.getByTestId('recon-mode').filter({ hasText: 'recon: main-thread' }).waitFor();
  await rec.reconstruct();
  assert.match(await rec.waitForResult(), /^WBP on /);
  await rec.waitForViews();
}

export async function cancellingAJobPutsTheShownResultBackInTheViews({ page, baseUrl }: Ctx): Promise<void> {
  const [, rec] = await openDemo(page, baseUrl);
  await rec.reconstruct({ 'method-select': 'wbp' });
  assert.match(await rec.waitForResult(30_000), /^WBP on /);
  // the baseline once its contrast statistics have arrived (the first drawing uses the window alone)
  const result = await rec.waitForSteadyViews();
  const legend = page.getByTestId('ortho-legend');
  const resultLegend = await legend.innerText();
  await rec.reconstruct({ 'method-select': 'sirt', iterations: 1000 });
  await legend.filter({ hasText: /preview · iteration \d+/ }).waitFor({ timeout: 20_000 });
  await rec.waitForViewChange('xz', result.xz.hash);
  await page.getByTestId('cancel-job').click();
  await rec.progress.waitFor({ state: 'detached', timeout: 1000 });
  // the views show the WBP result again, matching the result panel beside them
  // (polled for 3 s: a late preview of the cancelled job must not come back either)
  const until = Date.now() + 3000;
  let shown = { legend: '', hash: 0 };
  do {
    await page.waitForTimeout(100);
    shown = { legend: await legend.innerText(), hash: (await rec.viewSignature('xz')).hash };
  } while (Date.now() < until);
  assert.equal(shown.legend, resultLegend, 'the legend names the WBP result, not the cancelled preview');
  assert.equal(shown.hash, result.xz.hash, 'the xz view shows the WBP result, not the cancelled preview');
  assert.match(await rec.deviceLine.innerText(), /^WBP on /);
}
