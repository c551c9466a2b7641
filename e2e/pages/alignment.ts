// Helpers of the Align step's e2e specs (align.spec.ts, alignControls.spec.ts): a misaligned series simulated in
// the page, its truth from the CLI, downloads, the job's stage lines, plot pixels and fresh metrics.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { parseTlt, parseXf, type XfTransform } from '../../src/io/meta/index.ts';
import { Reconstruction } from './reconstruction.ts';
import { Workbench } from './workbench.ts';

export const WEDGELAB = resolve(import.meta.dirname, '../../bin/wedgelab.js');
export const SIGMA_PX = 3;
export { shot } from './shots.ts';

/** The page's demo, then the Simulate panel's defaults with per-view shifts of σ = SIGMA_PX (seed 1). */
export async function misalignedSeries(page: Page, baseUrl: string): Promise<[Workbench, Reconstruction]> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.simulate({ 'sim-shift-sigma': SIGMA_PX });
  await app.info.filter({ hasText: 'sim-shapes-96.mrc' }).waitFor({ timeout: 30_000 });
  return [app, rec];
}

/** The same simulation's truth .xf and .tlt from the CLI: the shifts depend on the seed, angles and σ only. */
export function truth(): { xf: XfTransform[]; anglesDeg: number[]; stack: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-e2e-align-'));
  execFileSync(
    'node',
    [
      WEDGELAB,
      ...['simulate', '--phantom', 'shapes', '--size', '96,96,48', '--tilt-range', '-60,60'],
      ...['--tilt-step', '3', '--order', 'dose-symmetric', '--dose', '20', '--seed', '1'],
      ...['--shift-sigma', String(SIGMA_PX), '--out', join(dir, 'ts')],
    ],
    { stdio: 'pipe' },
  );
  return {
    xf: parseXf(readFileSync(join(dir, 'ts_truth.xf'), 'utf8'), 'ts_truth.xf'),
    anglesDeg: parseTlt(readFileSync(join(dir, 'ts.tlt'), 'utf8'), 'ts.tlt'),
    stack: join(dir, 'ts.mrc'),
  };
}

export function pearson(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** Records every stage line the job progress shows from now on. */
export async function recordStages(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __stages: string[] };
    w.__stages = [];
    new MutationObserver(() => {
      const s = document.querySelector('[data-testid=job-progress] .stage')?.textContent;
      if (s && w.__stages.at(-1) !== s) w.__stages.push(s);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __stages: string[] }).__stages);
}

/** Pixels of a plot's canvas in a colour near `rgb`. */
export function colouredPixels(page: Page, testId: string, rgb: [number, number, number]): Promise<number> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c, [r, g, b]) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 60) n++;
      }
      return n;
    }, rgb);
}

/** PSNR (dB) and the FSC 0.143 crossing (cycles/px) of a result's metrics, once fresh ones are shown. */
export async function reconstructAndScore(page: Page): Promise<{ psnr: number; fsc: number }> {
  const metrics = page.getByTestId('metrics');
  if ((await metrics.count()) > 0) await metrics.evaluate((el) => el.setAttribute('data-stale', ''));
  await page.getByTestId('reconstruct-button').click();
  const fresh = page.locator('[data-testid=metrics]:not([data-stale])');
  await fresh.waitFor({ timeout: 60_000 });
  const text = await fresh.innerText();
  const psnr = Number(/PSNR\s+([\d.]+) dB/.exec(text)?.[1]);
  const fsc = Number(/FSC 0\.143\s+([\d.]+) \/px/.exec(text)?.[1]);
  assert.ok(Number.isFinite(psnr) && Number.isFinite(fsc), `metrics unreadable: ${text}`);
  return { psnr, fsc };
}
