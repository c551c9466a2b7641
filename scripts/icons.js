#!/usr/bin/env node
// The PWA's PNG icons, drawn from public/favicon.svg by Debian's Chromium (scripts/chromium.js): nothing to
// download. Writes public/icon-192.png, public/icon-512.png (purpose "any": the SVG edge to edge, transparent
// corners) and public/icon-maskable-512.png (purpose "maskable": the SVG inside the 80 % safe zone on the
// icon's own background colour, so a launcher's circle or squircle mask never cuts the wedge).
//   node scripts/icons.js
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(resolve(root, 'public/favicon.svg'), 'utf8');
/** the favicon's own background (its <rect> fill) */
const BACKGROUND = '#11161d';

const ICONS = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'icon-maskable-512.png', size: 512, inset: 0.14 },
];

function html(size, inset) {
  const pad = Math.round(size * inset);
  const bg = inset > 0 ? BACKGROUND : 'transparent';
  const inner = size - 2 * pad;
  const img = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><html><body style="margin:0;background:${bg}">
<img src="${img}" width="${inner}" height="${inner}" style="display:block;margin:${pad}px"></body></html>`;
}

const browser = await launchChromium();
try {
  for (const { file, size, inset } of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(html(size, inset));
    await page.locator('img').evaluate((img) => img.decode());
    const out = resolve(root, 'public', file);
    await page.screenshot({ path: out, omitBackground: inset === 0 });
    await page.close();
    console.log(`wrote ${out} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
