/// <reference types="vite-plugin-pwa/react" />
import { useEffect, useRef, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useAppStore } from '../state/appStore.ts';
import { usePwaStore } from '../state/pwaStore.ts';
import { useReconStore } from '../state/reconStore.ts';

/**
 * Registers the service worker (vite-plugin-pwa, registerType 'prompt') and, when a new version is waiting,
 * shows "Update available — Reload". Nothing is swapped by itself: only this button activates the new version,
 * and it is disabled while a job runs (a reload would stop the job and drop the results held in memory).
 * When another tab's Reload activated it, this page asks too, with the same rule, instead of reloading.
 */
export function UpdatePrompt() {
  const computing = useReconStore((s) => s.job !== null);
  const reading = useAppStore((s) => s.job !== null);
  const busy = computing || reading;
  const setOffline = usePwaStore((s) => s.setOffline);
  /** this tab asked for the new version: reload as soon as it controls the page */
  const requested = useRef(false);
  /** another tab activated the new version: this page still runs the old code */
  const [takenOver, setTakenOver] = useState(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    onOfflineReady: () => setOffline('ready'),
    onRegisteredSW: (_url, registration) => {
      // `ready` resolves once a worker is active, that is, once its precache is complete. It also covers a
      // reload during the first install, whose worker this page did not start and so hears no install event of.
      if (registration) void navigator.serviceWorker.ready.then(() => setOffline('ready'));
    },
    onRegisterError: (e) => {
      console.warn('service worker not registered: the page works, but not offline', e);
      setOffline('unavailable');
    },
    onNeedReload: () => {
      if (requested.current) window.location.reload();
      else setTakenOver(true);
    },
  });
  useEffect(() => {
    // the dev server registers no worker (vite-plugin-pwa devOptions are off)
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) setOffline('unavailable');
  }, [setOffline]);

  if (!needRefresh && !takenOver) return null;
  const reload = () => {
    if (takenOver) {
      window.location.reload();
      return;
    }
    requested.current = true;
    void updateServiceWorker(true);
  };
  return (
    <div className="update-prompt" role="status" aria-live="polite" data-testid="update-prompt">
      <span>Update available — a new version of WedgeLab is ready.</span>
      {busy && <span className="muted">Reload once the running job has finished.</span>}
      <button
        type="button"
        data-testid="update-reload"
        disabled={busy}
        title={busy ? 'a job is running: reloading now would stop it' : 'reload with the new version'}
        onClick={reload}
      >
        Reload
      </button>
      {!takenOver && (
        <button type="button" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      )}
    </div>
  );
}
