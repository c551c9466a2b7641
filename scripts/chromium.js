// Launching Debian's Chromium (CHROMIUM_PATH overrides) headless with playwright-core, for the e2e runner and
// the README screenshot: one place for the path and the flags.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** headless, no sandbox (containers), no background network traffic or first-run UI */
const HEADLESS_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The command-line flags; `webgpu`: also --enable-unsafe-webgpu (WebGPU on Linux). */
export function chromiumArgs({ webgpu = false } = {}) {
  return webgpu ? [...HEADLESS_ARGS, '--enable-unsafe-webgpu'] : [...HEADLESS_ARGS];
}

export function launchChromium({ webgpu = false } = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu }), headless: true });
}
