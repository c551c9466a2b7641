/**
 * Whether the app is cached for offline use (README "Offline / install"), for the footer.
 * src/ui/UpdatePrompt.tsx registers the service worker and writes it here.
 */
import { create } from 'zustand';

export interface PwaState {
  /** 'ready': every file of this version is cached; 'unavailable': no service worker (old browser, plain http) */
  offline: 'pending' | 'ready' | 'unavailable';
  setOffline(offline: PwaState['offline']): void;
}

export const usePwaStore = create<PwaState>()((set) => ({
  offline: 'pending',
  setOffline: (offline) => set({ offline }),
}));
