// The app shell end to end: demo on start, opening real and broken files, angles, the section slider.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { gzipped, mrcStack, range, sharedFile, textFile, tltFile, truncated } from './fixtures.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

export async function opensOnTheDemo({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const info = await app.info.innerText();
  // simulated on first start in the recon worker: mixed shapes, ±60° step 3°, noisy
  assert.match(info, /demo-shapes\.mrc/);
  assert.match(info, /demo-shapes\.tlt/);
  assert.match(info, /−60\.0° … \+60\.0° \(41 views, step 3\.0°\)/);
  assert.match(info, /float32 \(mode 2\)/);
  await app.waitForImage();
  await page.getByTestId('io-mode').filter({ hasText: 'io: worker' }).waitFor();
  await page.getByTestId('recon-mode').filter({ hasText: 'recon: worker' }).waitFor();
}

export async function opensAnMrcChosenWithTheFileInput({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.choose(mrcStack('cube.mrc'));
  await app.waitForInfo('20 × 20 × 20');
  const info = await app.info.innerText();
  assert.match(info, /cube\.mrc/);
  assert.match(info, /2\.500 Å/);
  await app.waitForImage(8);

  const emd = sharedFile('mrcfile/EMD-3197.map');
  if (emd) {
    await app.choose(emd);
    await app.waitForInfo('EMD-3197.map');
    assert.match(await app.info.innerText(), /20 × 20 × 20/);
  } else {
    console.log('      (../shared/data/mrcfile/EMD-3197.map absent: third-party check skipped)');
  }
}

export async function opensADroppedGzippedStack({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.drop(gzipped(mrcStack('small.mrc', 24, 16, 7)));
  await app.waitForInfo('24 × 16 × 7');
  assert.match(await app.info.innerText(), /small\.mrc\.gz/);
}

export async function badFilesShowAnAlertAndTheAppKeepsWorking({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');

  const text = await app.waitForAlertAfter(() => app.drop(textFile('notes.mrc')), 'notes.mrc');
  assert.match(text, /Could not open notes\.mrc/);
  assert.match(text, /Choose|choose|copy|Check/, 'the alert says what to do');
  // the demo is still shown
  assert.match(await app.info.innerText(), /96 × 96 × 41/);
  await app.dismissAlert();

  const cut = truncated(mrcStack('whole.mrc'), 'cut.mrc');
  const text2 = await app.waitForAlertAfter(() => app.drop(cut), 'cut.mrc');
  assert.match(text2, /Could not open cut\.mrc/);

  // a good file still loads, and replaces the alert
  await app.choose(mrcStack('good.mrc', 32, 20, 9));
  await app.waitForInfo('32 × 20 × 9');
  await app.alert.waitFor({ state: 'detached' });
}

export async function anglesComeFromATltChosenWithTheStack({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.choose(mrcStack('ts.st', 20, 20, 11), tltFile('ts.tlt', range(-50, 50, 10)));
  await app.waitForInfo('20 × 20 × 11');
  const info = await app.info.innerText();
  assert.match(info, /−50\.0° … \+50\.0° \(11 views, step 10\.0°\)/);
  assert.match(info, /ts\.tlt/);
}

export async function aTltWithTheWrongCountShowsTheMismatch({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const text = await app.waitForAlertAfter(
    () => app.choose(mrcStack('ts.st', 20, 20, 11), tltFile('ts.tlt', range(-60, 60, 3))),
    'ts.tlt',
  );
  assert.match(text, /ts\.st has 11 sections but ts\.tlt lists 41 angles/);
  assert.match(text, /angle file that belongs to this stack/);
  assert.match(await app.info.innerText(), /96 × 96 × 41/);
}

export async function extendedHeaderAnglesAreUsedWithoutAFile({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.choose(mrcStack('fei.mrc', 16, 16, 5, [-40, -20, 0, 20, 40]));
  await app.waitForInfo('16 × 16 × 5');
  const info = await app.info.innerText();
  assert.match(info, /−40\.0° … \+40\.0° \(5 views, step 20\.0°\)/);
  assert.match(info, /extended header/);
}

export async function movingTheSliderChangesTheCanvas({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.waitForImage();
  const before = await app.canvasSignature();
  await app.setSection(0);
  await page.getByTestId('section-readout').filter({ hasText: '1 / 41' }).waitFor();
  await page.waitForFunction(
    (hash) => {
      const c = document.querySelector('[data-testid=section-canvas]') as HTMLCanvasElement | null;
      const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!d) return false;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i]) | 0;
      return h !== hash;
    },
    before.hash,
    { timeout: 10_000 },
  );
  const after = await app.canvasSignature();
  assert.notEqual(after.hash, before.hash);
  assert.ok(after.levels > 16, 'the new view is an image, not a flat field');
  assert.match(await page.getByTestId('section-readout').innerText(), /−60\.0°/);
}

export async function theMainThreadFallbackWorks({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open('?worker=0');
  await app.waitForInfo('96 × 96 × 41');
  await page.getByTestId('io-mode').filter({ hasText: 'io: main-thread' }).waitFor();
  await page.getByTestId('recon-mode').filter({ hasText: 'recon: main-thread' }).waitFor();
  await app.choose(mrcStack('cube.mrc'));
  await app.waitForInfo('20 × 20 × 20');
  await app.waitForImage(8);
}

export async function theGeometryLinkOpensTheConventions({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const link = page.getByTestId('geometry-doc');
  const href = await link.getAttribute('href');
  assert.ok(href, 'the hint links the geometry document');
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /^text\/plain/);
  assert.match(await res.text(), /tilt/i);
}
