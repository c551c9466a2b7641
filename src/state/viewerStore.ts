/**
 * How the orthoslice views draw (UI state only; the slices themselves live in src/jobs/orthoFeed.ts): the
 * contrast clip, the colormap, the slab thickness and whether the 3D box view is shown, kept while the views
 * come and go.
 */
import { create } from 'zustand';
import type { ColormapName } from '../render/colormap.ts';
import { DEFAULT_CLIP } from '../render/contrastStats.ts';

export interface ViewerState {
  /** an id of render/contrastStats.ts CONTRAST_CLIPS */
  clip: string;
  colormap: ColormapName;
  /** slices averaged per view (1: plain slices) */
  slabPx: number;
  /** the 3D box view beside the orthoslices */
  show3d: boolean;
  /** counts the toolbar's Reset presses: the 3D view resets its camera on each */
  resetTick: number;
  setClip(clip: string): void;
  setColormap(colormap: ColormapName): void;
  setSlab(slabPx: number): void;
  setShow3d(show3d: boolean): void;
  resetViews(): void;
}

export const useViewerStore = create<ViewerState>((set) => ({
  clip: DEFAULT_CLIP,
  colormap: 'grey',
  slabPx: 1,
  show3d: false,
  resetTick: 0,
  setClip: (clip) => set({ clip }),
  setColormap: (colormap) => set({ colormap }),
  setSlab: (slabPx) => set({ slabPx }),
  setShow3d: (show3d) => set({ show3d }),
  resetViews: () => set((s) => ({ resetTick: s.resetTick + 1 })),
}));
