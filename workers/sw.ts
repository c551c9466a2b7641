/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa, injectManifest): it precaches the whole build (app shell, JS chunks,
 * worker bundles, WASM, docs), serves it offline, and adds COOP/COEP to everything it serves. A static host
 * that cannot set headers (GitHub Pages, a facility's web server) therefore gives a cross-origin-isolated
 * page from the second visit on, so the CPU projector's threads share memory and cancel flags work there
 * too. A new version waits for the page's Reload (src/ui/UpdatePrompt.tsx), never swapping under a job.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** every response served from the precache carries the isolation headers, whatever the host sent */
const isolate: WorkboxPlugin = {
  async handlerWillRespond({ response }) {
    if (response.type === 'opaque' || response.status === 0) return response;
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) headers.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  },
};

addPlugins([isolate]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// the first visit is served by the worker at once, so the worker bundles fetched later come from the cache
clientsClaim();

// registerType 'prompt': the page asks the waiting version to take over when the user clicks Reload
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
