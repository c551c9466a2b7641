// Types for scripts/chromium.js, for the e2e specs.
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH: string;
export function chromiumArgs(options?: { webgpu?: boolean }): string[];
export function launchChromium(options?: { webgpu?: boolean }): Promise<Browser>;
