// One recipe, two hosts: the page and `wedgelab run` give the same bytes on the CPU path. The series carries
// the behaviours that had drifted between them: angles and the tilt-axis angle from a SerialEM .mdoc, an
// .xf opened with the stack, view ranges (1-2,30), NaN in an excluded view, SART's own default iterations,
// bin 2; the half sets are the same size in both. Also: a recipe opened in the page fills its fields.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench, type FilePayload } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

const WEDGELAB = resolve(import.meta.dirname, '../bin/wedgelab.js');
const cli = (...args: string[]): string => execFileSync('node', [WEDGELAB, ...args], { encoding: 'utf8' });

/** A simulated series on disk: stack (NaN in view 1), its angles as an .mdoc with a tilt axis, and an .xf. */
function seriesOnDisk(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-e2e-recipe-'));
  cli(
    ...[
      'simulate',
      '--phantom',
      'shapes',
      '--size',
      '64,48,24',
      '--tilt-range',
      '-60,60',
      '--tilt-step',
      '4',
    ],
    ...['--seed', '5', '--out', join(dir, 'ts')],
  );
  const stack = readFileSync(join(dir, 'ts.mrc'));
  const dataAt = 1024 + stack.readInt32LE(92); // after the extended header (nsymbt)
  stack.writeFloatLE(NaN, dataAt + 4 * 10); // view 1, excluded below
  writeFileSync(join(dir, 'ts.mrc'), stack);
  const angles = readFileSync(join(dir, 'ts.tlt'), 'utf8').trim().split(/\s+/).map(Number);
  const sections = angles.map((a, z) => `[ZValue = ${z}]\nTiltAngle = ${a}`);
  const title = '[T = SerialEM: e2e    Tilt axis angle = 2.5, binning = 1]';
  writeFileSync(join(dir, 'ts.mdoc'), ['PixelSpacing = 10', title, ...sections, ''].join('\n\n'));
  return dir;
}

const payload = (dir: string, name: string): FilePayload => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(join(dir, name)),
});

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync(await d.path());
}

export async function thePageAndTheCliGiveTheSameBytesForOneRecipe({ page, baseUrl }: Ctx): Promise<void> {
  const dir = seriesOnDisk();
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await app.choose(payload(dir, 'ts.mrc'), payload(dir, 'ts.mdoc'), payload(dir, 'ts_truth.xf'));
  await app.waitForInfo('64 × 48 × 31');
  const rec = new Reconstruction(page);
  await rec.setField('method-select', 'sart');
  // SART's own default, not SIRT's 20
  assert.equal(await page.getByTestId('iterations').inputValue(), '5');
  await rec.reconstruct({
    'recon-thickness': 24,
    'recon-bin': 2,
    'recon-exclude': '1-2,30',
    'device-select': 'cpu',
  });
  assert.match(await rec.waitForResult(60_000), /^SART on cpu/);
  const pageMrc = await download(page, 'export-volume');
  const recipe = JSON.parse((await download(page, 'save-recipe')).toString('utf8'));
  assert.equal(recipe.wedgelab, 'recipe/1');
  assert.deepEqual(recipe.input, {
    stack: 'ts.mrc',
    tilts: 'ts.mdoc',
    xf: 'ts_truth.xf',
    unsignedMode0: false,
    permissive: false,
    expect: { nx: 64, ny: 48, nviews: 31 },
  });
  writeFileSync(join(dir, 'page.recipe.json'), JSON.stringify(recipe));

  const out = JSON.parse(cli('run', join(dir, 'page.recipe.json'), '--out', join(dir, 'cli'), '--json'));
  assert.equal(out.axisRotationDeg, 2.5, 'the .mdoc’s tilt axis is used');
  assert.equal(out.iterations, 5);
  assert.equal(out.views, 28);
  const cliMrc = readFileSync(out.out);
  assert.equal(cliMrc.length, pageMrc.length);
  assert.ok(cliMrc.equals(pageMrc), 'the page’s Download MRC and wedgelab run are byte-identical');

  // the half sets: the same split in both hosts
  await page.getByTestId('halfset-button').click();
  const line = page.getByTestId('halfset-result');
  await line.waitFor({ timeout: 60_000 });
  const h = JSON.parse(
    cli(
      ...['halfset', join(dir, 'ts.mrc'), '--tilts', join(dir, 'ts.mdoc'), '--xf', join(dir, 'ts_truth.xf')],
      ...[
        '--method',
        'sart',
        '--thickness',
        '24',
        '--bin',
        '2',
        '--exclude',
        '1-2,30',
        '--device',
        'cpu',
        '--json',
      ],
    ),
  );
  assert.match(
    (await line.getAttribute('title')) ?? '',
    new RegExp(`half sets of ${h.views.half1} \\+ ${h.views.half2} views`),
  );
}

export async function anOpenedRecipeFillsTheFieldsAndABadOneIsRefused({ page, baseUrl }: Ctx): Promise<void> {
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const recipe = {
    wedgelab: 'recipe/1',
    input: { stack: 'other.mrc' },
    geometry: { axisRotationDeg: -85 },
    reconstruct: {
      method: 'sirt',
      iterations: 7,
      relaxation: 1.5,
      thicknessPx: 40,
      excludeViews: '3-4',
      bin: 2,
    },
  };
  const file = (name: string, doc: unknown): FilePayload => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page.getByTestId('open-recipe').setInputFiles(file('r.recipe.json', recipe));
  await page.getByTestId('iterations').and(page.locator('[value="7"]')).waitFor();
  assert.equal(await page.getByTestId('method-select').inputValue(), 'sirt');
  assert.equal(await page.getByTestId('relaxation').inputValue(), '1.5');
  assert.equal(await page.getByTestId('recon-axis').inputValue(), '-85');
  assert.equal(await page.getByTestId('recon-exclude').inputValue(), '3-4');
  assert.equal(await page.getByTestId('recon-bin').inputValue(), '2');

  await page.getByTestId('open-recipe').setInputFiles(file('v2.json', { ...recipe, wedgelab: 'recipe/2' }));
  const alert = await app.waitForAlert('Cannot open the recipe v2.json');
  assert.match(alert, /v2.json is "recipe\/2"; this WedgeLab reads "wedgelab": "recipe\/1"/);
  await app.dismissAlert();
  assert.equal(await page.getByTestId('iterations').inputValue(), '7', 'nothing changed');
}

/** Whether a user can reach `testId` inside the fixed-height result panel: visible, or the facts scroll. */
async function reachable(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((el) => {
    const panel = el.closest('[data-testid=recon-result]') as HTMLElement;
    const facts = el.closest('[data-testid=result-facts]') as HTMLElement;
    const inside = el.getBoundingClientRect().bottom <= panel.getBoundingClientRect().bottom + 0.5;
    const scrolls =
      ['auto', 'scroll'].includes(getComputedStyle(facts).overflowY) &&
      facts.clientHeight < panel.clientHeight;
    return inside || scrolls;
  });
}

export async function onAProjectorTheResultActionsStayReachable({ page, baseUrl }: Ctx): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new Workbench(page, baseUrl);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'sart' });
  await rec.waitForResult(60_000);
  await page.getByTestId('metrics').waitFor({ timeout: 60_000 });
  assert.ok(await reachable(page, 'export-volume'), 'Download MRC can be reached at 1024 × 768');
  assert.ok(await reachable(page, 'halfset-button'), 'Half-set FSC can be reached at 1024 × 768');
}
