// Runs the browser-only GPU tests (*.browser.test.ts): `npx vitest run -c src/gpu/vitest.browser.config.ts`.
// The tests themselves run in Node and drive Debian's Chromium through playwright-core.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.browser.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
