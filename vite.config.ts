import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

// base './' so the built app works from any static server and any sub-path.
/**
 * Offline / install (README "Offline / install"): a web manifest and a Workbox service worker (workers/sw.ts)
 * that precaches everything the build emits (app shell, JS chunks, worker bundles, WASM, icons) and adds the
 * cross-origin-isolation headers to what it serves. registerType 'prompt': a new
 * version waits until the user clicks Reload in src/ui/UpdatePrompt.tsx, which is disabled while a job runs.
 */
const pwa: Partial<VitePWAOptions> = {
  registerType: 'prompt',
  // src/ui/UpdatePrompt.tsx registers through virtual:pwa-register/react
  injectRegister: false,
  includeAssets: ['favicon.svg'],
  manifest: {
    name: 'WedgeLab: cryo-ET reconstruction workbench',
    short_name: 'WedgeLab',
    description: 'Cryo-electron-tomography reconstruction in the browser; nothing leaves this machine',
    id: './',
    start_url: './',
    scope: './',
    display: 'standalone',
    // src/ui/app.css --bg
    background_color: '#0e1217',
    theme_color: '#0e1217',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  },
  // our own worker (workers/sw.ts): Workbox's precaching plus the COOP/COEP headers a static host cannot send
  strategies: 'injectManifest',
  srcDir: 'workers',
  filename: 'sw.ts',
  injectManifest: {
    // the manifest, its icons and includeAssets are added by the plugin itself
    globPatterns: ['**/*.{html,js,css,wasm}', 'docs/*.{md,svg}'],
    // the worker bundles and (with tfjs) the WASM are larger than Workbox's 2 MiB default
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
  },
};

/** The docs the page links to (geometry conventions, formats), served with the app and cached offline. */
function serveDocs(names: string[]): Plugin {
  return {
    name: 'wedgelab-docs',
    generateBundle() {
      for (const name of names) {
        this.emitFile({ type: 'asset', fileName: `docs/${name}`, source: readFileSync(`docs/${name}`) });
      }
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), VitePWA(pwa), serveDocs(['geometry.md', 'geometry.svg', 'formats.md'])],
  // written into every MRC label with the recipe hash (src/pipeline/steps/exportVolume.ts)
  define: { __WEDGELAB_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'workflows/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
