// The installable offline app (README "Offline / install"): the manifest and its icons, Chromium's installability
// checks, an offline reload that still reconstructs, a whole session that never leaves the origin, and the
// update prompt that never swaps the version under a running job, and a plain static server (no COOP/COEP)
// whose page is cross-origin isolated once the service worker serves it.
// e2e/run.js gives every test a fresh browser context, so each one starts with no service worker.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../scripts/chromium.js';
import { startServer } from '../scripts/serve.js';
import { Reconstruction } from './pages/reconstruction.ts';
import { Workbench } from './pages/workbench.ts';

interface Ctx {
  page: Page;
  baseUrl: string;
}

const DIST = resolve(import.meta.dirname, '..', 'dist');

/** Opens the page on the demo and waits until the service worker has cached this version and controls the page. */
async function openCached(page: Page, url: string): Promise<Workbench> {
  const app = new Workbench(page, url);
  await app.open();
  await app.waitForInfo('96 × 96 × 41');
  await page.getByTestId('offline-status').filter({ hasText: 'offline: ready' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
  return app;
}

/** width and height from a PNG's IHDR chunk */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export async function theManifestIsLinkedAndChromiumFindsTheAppInstallable({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await openCached(page, baseUrl);
  const href = await page.locator('link[rel=manifest]').evaluate((l) => (l as HTMLLinkElement).href);
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /^application\/manifest\+json/);
  const m = await res.json();
  assert.equal(m.name, 'WedgeLab: cryo-ET reconstruction workbench');
  assert.equal(m.short_name, 'WedgeLab');
  assert.equal(m.display, 'standalone');
  assert.equal(new URL(m.start_url, href).href, baseUrl, 'start_url is the page itself');
  // the dark UI's --bg (src/ui/app.css)
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(14, 18, 23)');
  assert.equal(m.background_color, '#0e1217');
  assert.equal(m.theme_color, '#0e1217');
  for (const size of [192, 512]) {
    const icon = m.icons.find(
      (i: { sizes: string; purpose?: string }) =>
        i.sizes === `${size}x${size}` && (i.purpose ?? 'any') === 'any',
    );
    assert.ok(icon, `a ${size} px icon`);
    assert.equal(icon.type, 'image/png');
    const r = await page.request.get(new URL(icon.src, href).href);
    assert.equal(r.status(), 200, `${icon.src} loads`);
    assert.equal(r.headers()['content-type'], 'image/png');
    assert.deepEqual(pngSize(await r.body()), { width: size, height: size }, `${icon.src} is ${size} px`);
  }

  // the worker script: JavaScript, and always revalidated so that a new version is seen on the next visit
  const sw = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
  assert.equal(sw, new URL('sw.js', baseUrl).href);
  const swRes = await page.request.get(sw);
  assert.match(swRes.headers()['content-type'] ?? '', /^text\/javascript/);
  assert.equal(swRes.headers()['cache-control'], 'no-cache');

  // Chromium's own checks (DevTools protocol): the manifest parses without errors, and nothing blocks install.
  // Playwright's contexts are off the record, which Chromium never installs from: ask a persistent profile.
  const profile = mkdtempSync(join(tmpdir(), 'wedgelab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const p = context.pages()[0] ?? (await context.newPage());
    await openCached(p, baseUrl);
    const cdp = await context.newCDPSession(p);
    const parsed = await cdp.send('Page.getAppManifest');
    assert.equal(parsed.url, href);
    assert.deepEqual(parsed.errors, [], 'the manifest parses without errors');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function afterOneVisitThePageReloadsAndReconstructsOffline({
  page,
  baseUrl,
}: Ctx): Promise<void> {
  await openCached(page, baseUrl);
  const isolatedOnline = await page.evaluate(() => crossOriginIsolated);
  await page.context().setOffline(true);
  // the network is really off: a file the service worker did not cache cannot be fetched
  const probe = await page.evaluate(async (url) => {
    try {
      await fetch(url, { cache: 'no-store' });
      return 'fetched';
    } catch {
      return 'failed';
    }
  }, `${baseUrl}not-precached.txt`);
  assert.equal(probe, 'failed', 'offline: an uncached URL fails');

  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  const app = new Workbench(page, baseUrl);
  await app.waitForInfo('96 × 96 × 41');
  await page.getByTestId('recon-mode').filter({ hasText: 'recon: worker' }).waitFor();
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp' });
  assert.match(await rec.waitForResult(60_000), /^WBP on /);
  await rec.waitForViews();
  assert.deepEqual(failed, [], 'every file came from the service worker');
  assert.equal(await page.evaluate(() => crossOriginIsolated), isolatedOnline, 'COOP/COEP kept offline');
  await page.context().setOffline(false);
}

export async function aWholeSessionSendsNoRequestOutsideTheOrigin({ page, baseUrl }: Ctx): Promise<void> {
  const origin = new URL(baseUrl).origin;
  const seen: string[] = [];
  const note = (url: string) => seen.push(url);
  // the page's and its workers' requests, and the service worker's own (precaching)
  page.on('request', (r) => note(r.url()));
  page.context().on('request', (r) => note(r.url()));
  page.on('websocket', (ws) => note(ws.url()));

  const app = await openCached(page, baseUrl);
  await app.waitForImage();
  const rec = new Reconstruction(page);
  await rec.reconstruct({ 'method-select': 'wbp' });
  await rec.waitForResult(60_000);
  await rec.metrics.waitFor({ timeout: 30_000 });
  await page.getByTestId('halfset-button').click();
  await page.getByTestId('halfset-result').waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-volume').click(),
  ]);
  assert.ok(readFileSync(await download.path()).length > 1024, 'the MRC was written');

  const outside = seen.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
  assert.deepEqual([...new Set(outside)], [], 'no request leaves the origin');
  // the listeners saw the worker bundles too, so a worker's request would have been caught
  assert.ok(
    seen.some((u) => /\/assets\/recon\.worker-[\w-]+\.js$/.test(u)),
    `the recon worker's script was seen among ${seen.length} requests`,
  );
}

/**
 * A new version, made from a copy of dist/ served on its own port: index.html gains a marker and sw.js a new
 * revision for it, as a rebuild would change them. The real registration code path runs (workbox-window's
 * "waiting", the prompt, messageSkipWaiting, "controlling", the reload). Not covered: new chunk hashes (a real
 * rebuild), and the plugin's periodic update check (the test asks the registration to update).
 */
export async function aNewVersionWaitsForReloadAndNeverSwapsUnderAJob({ page }: Ctx): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-pwa-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await startServer({ root: dir, port: 0 });
  const isNew = (p: Page) =>
    p.evaluate(() => document.querySelector('meta[name=wedgelab-e2e-version]') !== null);
  try {
    const a = page;
    await openCached(a, server.url);
    assert.equal(await isNew(a), false);

    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    writeFileSync(
      join(dir, 'index.html'),
      html.replace('</head>', '<meta name="wedgelab-e2e-version" content="2"></head>'),
    );
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    const bumped = sw.replace(
      /(\{"revision":")[0-9a-f]+(","url":"index\.html"\})/,
      '$1e2e0000000000000000000000000002$2',
    );
    assert.notEqual(bumped, sw, 'sw.js lists index.html with a revision');
    writeFileSync(join(dir, 'sw.js'), bumped);

    await a.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = a.getByTestId('update-prompt');
    await prompt.filter({ hasText: 'Update available' }).waitFor({ timeout: 20_000 });
    assert.equal(await prompt.getAttribute('role'), 'status');

    // not applied by itself: a plain reload still runs the old version, and asks again
    await a.reload();
    await new Workbench(a, server.url).waitForInfo('96 × 96 × 41');
    await prompt.waitFor({ timeout: 20_000 });
    assert.equal(await isNew(a), false, 'a reload alone does not swap the version');

    // a job runs in tab A: its Reload is disabled
    await a.evaluate(() => ((window as unknown as { __tabA: boolean }).__tabA = true));
    const recA = new Reconstruction(a);
    await recA.reconstruct({ 'method-select': 'sirt', iterations: 400 });
    await recA.progress.waitFor({ timeout: 20_000 });
    const reloadA = a.getByTestId('update-reload');
    assert.equal(await reloadA.isDisabled(), true, 'Reload is disabled while a job runs');
    assert.match(await prompt.innerText(), /once the running job has finished/);

    // tab B takes the new version: tab A keeps its job and its code, and asks
    const b = await a.context().newPage();
    await b.goto(server.url);
    await b.getByTestId('update-prompt').waitFor({ timeout: 20_000 });
    await Promise.all([b.waitForEvent('load'), b.getByTestId('update-reload').click()]);
    await b.waitForFunction(() => document.querySelector('meta[name=wedgelab-e2e-version]') !== null);
    await a.waitForTimeout(1000);
    assert.equal(
      await a.evaluate(() => (window as unknown as { __tabA?: boolean }).__tabA === true),
      true,
      'tab A was not reloaded under its job',
    );
    assert.equal(await recA.progress.isVisible(), true, 'the job in tab A still runs');
    await prompt.waitFor();
    assert.equal(await reloadA.isDisabled(), true);
    await b.close();

    // the job ends: Reload is enabled and reachable with the keyboard
    await a.getByTestId('cancel-job').click();
    await recA.progress.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await reloadA.isDisabled(), false);
    await reloadA.focus();
    await Promise.all([a.waitForEvent('load'), a.keyboard.press('Enter')]);
    await new Workbench(a, server.url).waitForInfo('96 × 96 × 41');
    assert.equal(await isNew(a), true, 'the new version runs after Reload');
    assert.equal(await a.getByTestId('update-prompt').count(), 0, 'and asks no more');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function aPlainStaticHostGivesAnIsolatedPageOnceTheServiceWorkerServesIt({
  page,
}: Ctx): Promise<void> {
  const plain = await startServer({ root: DIST, port: 0, isolation: false });
  try {
    const first = await page.goto(plain.url);
    assert.equal(first?.headers()['cross-origin-embedder-policy'], undefined, 'the host sends no COEP');
    await openCached(page, plain.url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the first visit is not isolated');
    const status = page.getByTestId('threads-status');
    assert.match(await status.innerText(), /threads: copies/);
    assert.match((await status.getAttribute('title')) ?? '', /reload/i);

    // the service worker serves the page from now on, with COOP/COEP: isolated, and the threads share memory
    await page.reload();
    await new Workbench(page, plain.url).waitForInfo('96 × 96 × 41');
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'isolated on the second visit');
    await status.filter({ hasText: 'threads: shared memory' }).waitFor();
    const rec = new Reconstruction(page);
    await rec.reconstruct({ 'method-select': 'wbp', 'device-select': 'cpu' });
    assert.match(await rec.waitForResult(60_000), /^WBP on cpu \(\d threads?\)/);
  } finally {
    await plain.close();
  }
}

/**
 * A reload while the first install is still caching (a slow link, a busy machine) must still end in
 * "offline: ready": the reloaded page sees an installing worker it did not start, so no install event reaches it.
 * A proxy holds the WASM files back for a few seconds to make that window certain.
 */
export async function aReloadDuringTheFirstCachingStillReportsReady({ page }: Ctx): Promise<void> {
  const plain = await startServer({ root: DIST, port: 0, isolation: false });
  const slow = createServer((req, res) => {
    const forward = () => {
      const up = httpRequest(
        new URL(req.url ?? '/', plain.url),
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (/\.wasm$/.test(req.url ?? '')) setTimeout(forward, 6000);
    else forward();
  });
  await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
  try {
    const app = new Workbench(page, url);
    await app.open();
    await page.waitForFunction(
      async () => (await navigator.serviceWorker.getRegistration())?.installing != null,
    );
    await page.reload();
    await app.waitForInfo('96 × 96 × 41');
    assert.match(
      await page.getByTestId('offline-status').innerText(),
      /caching/,
      'still caching after the reload',
    );
    await page
      .getByTestId('offline-status')
      .filter({ hasText: 'offline: ready' })
      .waitFor({ timeout: 30_000 });
  } finally {
    slow.closeAllConnections();
    await new Promise((ok) => slow.close(ok));
    await plain.close();
  }
}
