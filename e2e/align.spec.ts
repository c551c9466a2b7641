// The page's Align step on a misaligned series: Align only with xcorr (progress, plots, warnings, .xf/.tlt
// downloads that follow the simulation's truth), Reconstruct with the alignment (better metrics against the
// truth than without, and the same whether aligned in the run or reused from Align only), and a blank view
// named in the warnings; the aligned-stack movie (keyboard, nudges that move the .xf line, play without
// long tasks) and the tilt-axis score plot. WEDGELAB_SHOTS=DIR writes screenshots there (1440 × 900) to look at.
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

  // the aligned stack (.ali): the views agree with their neighbours far better than the raw ones do
  const [ali] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-aligned-stack').click(),
  ]);
  assert.equal(ali.suggestedFilename(), 'sim-shapes-96_xcorr.ali');
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import mrcfile, numpy as np, sys',
        'def nb(s):',
        '    c = [np.corrcoef(s[k, 24:72, 24:72].ravel(), s[k + 1, 24:72, 24:72].ravel())[0, 1] for k in range(len(s) - 1)]',
        '    return float(np.mean(c))',
        'a = mrcfile.open(sys.argv[1]).data; r = mrcfile.open(sys.argv[2]).data',
        'print(a.shape[0], nb(a), nb(r))',
      ].join('\n'),
      await ali.path(),
      sim.stack,
    ],
    { encoding: 'utf8' },
  ).trim();
  const [views, alignedNb, rawNb] = out.split(' ').map(Number);
  console.log(
    `      aligned stack: neighbour correlation ${alignedNb.toFixed(3)} vs raw ${rawNb.toFixed(3)}`,
  );
  assert.equal(views, 41);
  assert.ok(alignedNb > rawNb + 0.05, `aligned ${alignedNb} vs raw ${rawNb}`);
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

const movieView = async (page: Page): Promise<{ view: number; text: string }> => {
  const text = await page.getByTestId('align-movie-view').innerText();
  const m = /^view (\d+) · [+−]?[\d.]+°$/.exec(text);
  assert.ok(m, `movie readout: ${text}`);
  return { view: Number(m[1]), text };
};

/** Distinct grey levels on the movie's canvas (a drawn view has many; a blank canvas one). */
const movieLevels = (page: Page): Promise<number> =>
  page.locator('[data-testid=align-movie] canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    if (!canvas.width) return 0;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add(d[i]);
    return seen.size;
  });

/**
 * The Alignment tab's movie: the views resampled through their transforms, stepped by keyboard and played
 * without long main-thread tasks; Shift+→ nudges the shown view, and the downloaded .xf's line for it moves by
 * exactly 0.5 px in dx (the others stay), and the facts name the view.
 */
export async function theAlignedMovieStepsByKeyboardAndANudgeMovesThatViewsXfLine({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordLongTasks(page);
  await misalignedSeries(page, baseUrl);
  await page.getByTestId('align-select').selectOption('xcorr');
  await page.getByTestId('align-only-button').click();
  await page.getByTestId('align-summary').waitFor({ timeout: 60_000 });
  const movie = page.getByTestId('align-movie');
  await movie.waitFor();
  const first = await movieView(page);
  assert.match(first.text, /^view \d+ · 0\.0°$/, 'it starts at the view nearest 0°');
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid=align-movie] canvas') as HTMLCanvasElement | null;
    return !!c && c.width === 96;
  });
  assert.ok((await movieLevels(page)) > 20, 'the view is drawn');

  // ←/→ step through the views in tilt order
  await movie.focus();
  await page.keyboard.press('ArrowRight');
  const next = await movieView(page);
  assert.notEqual(next.view, first.view);
  assert.match(next.text, / · \+3\.0°$/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.match((await movieView(page)).text, / · −3\.0°$/);
  await shot(page, 'align-1440-movie');

  // Shift+→ nudges the shown view by +0.5 px in dx: exactly that line of the .xf changes, by exactly that
  const { view } = await movieView(page);
  const before = parseXf((await download(page, 'download-xf')).text, 'before.xf');
  await movie.focus();
  await page.keyboard.press('Shift+ArrowRight');
  assert.equal((await movieView(page)).view, view, 'a nudge does not step');
  await page
    .getByTestId('align-nudged')
    .filter({ hasText: `nudged: ${view} (0.5, 0.0 px)` })
    .waitFor();
  const after = parseXf((await download(page, 'download-xf')).text, 'after.xf');
  assert.equal(after.length, before.length);
  for (let k = 0; k < after.length; k++) {
    const ddx = after[k].dxPx - before[k].dxPx;
    const ddy = after[k].dyPx - before[k].dyPx;
    if (k === view - 1) assert.ok(Math.abs(ddx - 0.5) < 1e-9 && ddy === 0, `view ${view}: Δ ${ddx}, ${ddy}`);
    else assert.ok(ddx === 0 && ddy === 0, `view ${k + 1} moved by ${ddx}, ${ddy}`);
  }
  // the buttons nudge too (dy), and the shift readout follows
  await page.getByTestId('align-nudge-up').click();
  await page
    .getByTestId('align-nudged')
    .filter({ hasText: `nudged: ${view} (0.5, 0.5 px)` })
    .waitFor();
  assert.match(await page.getByTestId('align-movie-shift').innerText(), /nudged \+0\.5, \+0\.5$/);

  // Play steps on its own, with no main-thread task over 50 ms
  const t0 = await pageNow(page);
  await page.getByTestId('align-movie-play').click();
  await page.waitForTimeout(1200);
  await page.getByTestId('align-movie-play').click();
  assert.notEqual((await movieView(page)).view, view, 'playing moved on');
  assert.equal(await page.getByTestId('align-movie-play').innerText(), 'Play');
  const tasks = await longTasksSince(page, t0);
  const limit = Math.max(50, Number(process.env.WEDGELAB_LONGTASK_LIMIT_MS ?? 50) || 50);
  assert.ok(Math.max(0, ...tasks) <= limit, `main-thread tasks of ${tasks.join(', ')} ms while playing`);
}

/**
 * With Search tilt axis on at 1024 × 768: the Alignment tab plots the axis score against the angle with the
 * kept angle marked and the 180° note (or the aligner's one-line error), and the movie's controls can be reached.
 */
export async function theAxisSearchScorePlotAndTheMovieControlsAt1024({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 768 });
  const [app] = await misalignedSeries(page, baseUrl);
  await page.getByTestId('align-select').selectOption('xcorr');
  await page.getByTestId('align-axis-search').setChecked(true);
  await page.getByTestId('align-only-button').click();
  await page
    .getByTestId('align-summary')
    .or(app.alert.filter({ hasText: 'Could not align' }))
    .waitFor({ timeout: 45_000 });
  if ((await app.alert.count()) > 0) {
    const message = (await app.alert.locator('.error-message').innerText()).trim();
    console.log(`      axis search failed here: ${message}`);
    assert.ok(!message.includes('\n') && message.length < 200, `one line: ${message}`);
    return;
  }
  await page.getByTestId('align-plot-axis-button').click();
  await page.getByTestId('align-plot-axis').locator('canvas').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  assert.ok((await colouredPixels(page, 'align-plot-axis', [0x9f, 0xd1, 0x6a])) > 30, 'the score is drawn');
  assert.ok((await colouredPixels(page, 'align-plot-axis', [0xe5, 0x60, 0x4f])) > 20, 'the kept angle');
  assert.match(await page.getByTestId('align-axis-note').innerText(), /180°/);
  await shot(page, 'align-1024-axis');

  // the movie's controls: scrolled to within the result box, seen and hit
  for (const id of ['align-movie-play', 'align-movie-slider', 'align-nudge-right', 'align-nudge-down']) {
    const el = page.getByTestId(id);
    await el.scrollIntoViewIfNeeded();
    const hit = await el.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.bottom <= innerHeight && r.right <= innerWidth && (at === e || e.contains(at));
    });
    assert.ok(hit, `${id} is reachable at 1024 × 768`);
  }
  const { view } = await movieView(page);
  await page.getByTestId('align-movie-slider').focus();
  await page.keyboard.press('ArrowRight');
  assert.notEqual((await movieView(page)).view, view, 'the slider steps from the keyboard');
  await shot(page, 'align-1024-movie');
}
