/**
 * Whether teaching mode replaces the workspace. Its own tiny store, kept in src/ui beside the mode: the page's
 * stores (src/state) hold nothing of it, and a reload starts in the workspace.
 */
import { create } from 'zustand';

interface TeachModeState {
  on: boolean;
  toggle(): void;
}

export const useTeachMode = create<TeachModeState>((set) => ({
  on: false,
  toggle: () => set((s) => ({ on: !s.on })),
}));
