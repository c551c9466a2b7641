// The page's Align step on a misaligned series: Align only with xcorr (progress, plots, warnings, .xf/.tlt
// downloads that follow the simulation's truth), Reconstruct with the alignment (better metrics against the
// truth than without, and the same whether aligned in the run or reused from Align only), and a blank view
// named in the warnings. WEDGELAB_SHOTS=DIR writes screenshots there (1440 × 900) to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseTlt, parseXf } from '../src/io/meta/index.ts';
import {
  colouredPixels,
  download,
  misalignedSeries,
  pearson,
  reconstructAndScore,
  recordStages,
  shot,
  SIGMA_PX,
  truth,
  WEDGELAB,
} from './pages/alignment.ts';
import { longTasksSince, pageNow, recordLongTasks } from './pages/longTasks.ts';
import { Workbench, type FilePayload } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function alignOnlyPlotsTheShiftsAndItsXfFollowsTheTruth({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordLongTasks(page);
  await misalignedSeries(page, baseUrl);
  await page.getByTestId('align-select').selectOption('xcorr');
  assert.match(await page.getByTestId('align-help').innerText(), /^xcorr: cross-correlation/);
  const stages = await recordStages(page);
  const t0 = await pageNow(page);
  await page.getByTestId('align-only-button').click();
  await page.getByTestId('align-summary').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('align-summary').innerText(), /^XCORR: 41 of 41 views in /);
  assert.ok(
    (await stages()).some((s) => /^aligning: view \d+/.test(s)),
    `progress showed ${JSON.stringify(await stages())}`,
  );
  // the shifts plot draws dx (#3fb6c8) and dy (#e0a040); the residuals plot its points
  await page.getByTestId('align-plot-shifts').locator('canvas').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  assert.ok((await colouredPixels(page, 'align-plot-shifts', [0x3f, 0xb6, 0xc8])) > 50, 'dx is drawn');
  assert.ok((await colouredPixels(page, 'align-plot-shifts', [0xe0, 0xa0, 0x40])) > 50, 'dy is drawn');
  const tasks = await longTasksSince(page, t0);
  const limit = Math.max(50, Number(process.env.WEDGELAB_LONGTASK_LIMIT_MS ?? 50) || 50);
  assert.ok(Math.max(0, ...tasks) <= limit, `main-thread tasks of ${tasks.join(', ')} ms during Align only`);
  await shot(page, 'align-1440-shifts');

  // hovering names the view (from 1) and its shift
  const box = (await page.getByTestId('align-plot-shifts').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  assert.match(
    await page.getByTestId('align-hover').innerText(),
    /^view \d+ · -?[\d.]+° · -?[\d.]+, -?[\d.]+ px$/,
  );

  await page.getByTestId('align-plot-residuals-button').click();
  await page.getByTestId('align-plot-residuals').locator('canvas').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  assert.ok((await colouredPixels(page, 'align-plot-residuals', [0xdd, 0xe4, 0xec])) > 30, 'residuals drawn');
  // the warnings area: each line names views, or it says there are none
  const warnings = await page.getByTestId('align-warnings').innerText();
  assert.ok(warnings === 'no warnings' || /views? \d+ \(/.test(warnings), warnings);
  await shot(page, 'align-1440-residuals');

  // the .xf: one IMOD line per view, shifts that follow the simulated ones (up to the unobservable offset)
  const xf = await download(page, 'download-xf');
  assert.equal(xf.name, 'sim-shapes-96_xcorr.xf');
  const got = parseXf(xf.text, xf.name);
  assert.equal(got.length, 41);
  assert.equal(xf.text.trim().split('\n').length, 41);
  const sim = truth();
  const rx = pearson(
    got.map((t) => t.dxPx),
    sim.xf.map((v) => v.dxPx),
  );
  const ry = pearson(
    got.map((t) => t.dyPx),
    sim.xf.map((v) => v.dyPx),
  );
  console.log(`      .xf vs truth: correlation dx ${rx.toFixed(3)}, dy ${ry.toFixed(3)}`);
  assert.ok(rx > 0.95 && ry > 0.95, `dx r=${rx}, dy r=${ry}`);
  const tlt = await download(page, 'download-tlt');
  const angles = parseTlt(tlt.text, tlt.name);
  assert.equal(angles.length, 41);
  // the angles it aligned with (no tilt offset from xcorr): the simulation's
  assert.deepEqual(angles, sim.anglesDeg);
}

export async function reconstructingWithTheAlignmentBeatsWithout({ page, baseUrl }: Ctx): Promise<void> {
  await misalignedSeries(page, baseUrl);
  const stages = await recordStages(page);
  const raw = await reconstructAndScore(page);
  assert.equal(await page.getByTestId('recon-aligned-by').count(), 0);

  // align in the run: progress says so, the result says how, and the Alignment tab appears
  await page.getByTestId('align-select').selectOption('xcorr');
  const inRun = await reconstructAndScore(page);
  assert.ok((await stages()).some((s) => /^aligning: view \d+/.test(s)));
  assert.equal(
    await page.getByTestId('recon-aligned-by').innerText(),
    'aligned: xcorr (aligned for this run)',
  );
  console.log(
    `      vs truth: PSNR ${raw.psnr} → ${inRun.psnr} dB, FSC 0.143 ${raw.fsc} → ${inRun.fsc} /px (σ ${SIGMA_PX} px shifts)`,
  );
  assert.ok(inRun.psnr > raw.psnr + 1.5, `PSNR ${raw.psnr} → ${inRun.psnr}`);
  assert.ok(inRun.fsc > raw.fsc * 1.3, `FSC 0.143 ${raw.fsc} → ${inRun.fsc}`);
  await page.getByTestId('result-tab-alignment').click();
  assert.equal(await page.getByTestId('align-source').innerText(), 'from the last reconstruction');

  // Align only, then Reconstruct: the .xf it made is used (not realigned) and scores the same
  await page.getByTestId('align-only-button').click();
  await page.getByTestId('align-source').filter({ hasText: 'from Align only' }).waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('align-help').innerText(), /Reconstruct uses the alignment shown/);
  const before = (await stages()).length;
  const reused = await reconstructAndScore(page);
  assert.ok(!(await stages()).slice(before).some((s) => s.startsWith('aligning')), 'not aligned again');
  assert.equal(await page.getByTestId('recon-aligned-by').innerText(), 'aligned: xcorr (from Align only)');
  assert.ok(
    Math.abs(reused.psnr - inRun.psnr) < 0.05,
    `PSNR ${inRun.psnr} in the run, ${reused.psnr} reused`,
  );

  // another setting that changes the alignment: the panel says Reconstruct aligns again
  await page.getByTestId('recon-exclude').fill('41');
  await page.getByTestId('align-help').filter({ hasText: 'Reconstruct aligns again' }).waitFor();
}

/** A series from the CLI with one blank view: the warnings name it, and an opened .xf rules Align out. */
export async function theWarningsNameABlankViewAndAnOpenedXfRulesAlignOut({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-e2e-align-blank-'));
  execFileSync(
    'node',
    [
      WEDGELAB,
      ...['simulate', '--phantom', 'shapes', '--size', '64,64,24', '--tilt-range', '-60,60'],
      ...['--tilt-step', '4', '--seed', '2', '--shift-sigma', '2', '--out', join(dir, 'ts')],
    ],
    { stdio: 'pipe' },
  );
  const stack = readFileSync(join(dir, 'ts.mrc'));
  const blank = 20; // stack index; 1-based view 21
  const dataAt = 1024 + stack.readInt32LE(92) + 4 * 64 * 64 * blank;
  stack.fill(0, dataAt, dataAt + 4 * 64 * 64);
  const angles = parseTlt(readFileSync(join(dir, 'ts.tlt'), 'utf8'), 'ts.tlt');
  const file = (name: string, buffer: Buffer): FilePayload => ({
    name,
    mimeType: 'application/octet-stream',
    buffer,
  });
  const [mrc, tlt, xf] = [
    file('ts.mrc', stack),
    file('ts.tlt', readFileSync(join(dir, 'ts.tlt'))),
    file('ts_truth.xf', readFileSync(join(dir, 'ts_truth.xf'))),
  ];
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');

  // opened with its .xf: aligning again is refused inline, before any job
  await app.choose(mrc, tlt, xf);
  await app.waitForInfo('64 × 64 × 31');
  await page.getByTestId('align-select').selectOption('xcorr');
  assert.match(
    await page.getByTestId('align-error').innerText(),
    /^ts_truth\.xf aligns this series already: choose Align none to use it/,
  );
  assert.ok(await page.getByTestId('align-only-button').isDisabled());
  assert.ok(await page.getByTestId('reconstruct-button').isDisabled());

  // without it: Align only excludes the blank view and says so
  await app.choose(mrc, tlt);
  await app.info.filter({ hasText: 'ts.tlt' }).waitFor();
  await page.getByTestId('align-error').waitFor({ state: 'detached' });
  await page.getByTestId('align-only-button').click();
  await page.getByTestId('align-summary').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('align-summary').innerText(), /^XCORR: 30 of 31 views/);
  const warnings = await page.getByTestId('align-warnings').innerText();
  assert.match(warnings, new RegExp(`\\(${angles[blank]}°\\) looks? blank`), warnings);
  assert.match(
    await page.getByTestId('align-facts').innerText(),
    new RegExp(`excluded: ${blank + 1} \\(${angles[blank]}°\\)`),
  );
  const got = parseXf((await download(page, 'download-xf')).text, 'ts_xcorr.xf');
  assert.equal(got.length, 31, 'the excluded view gets a line too (interpolated)');
}
