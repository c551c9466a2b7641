/** The results the tab keeps (src/jobs/resultShelf.ts), which one is shown and which are compared. */
import { create } from 'zustand';
import type { KeptRecord } from '../jobs/resultShelf.ts';

/** at most this many side by side */
export const MAX_COMPARED = 4;

export interface ResultsState {
  /** newest first */
  kept: KeptRecord[];
  /** the kept result the Tomogram tab shows */
  shownKey: string | null;
  /** keys ticked for Compare, in the order ticked */
  compared: string[];
  /** why results cannot be kept across a reload (no browser storage, full), or null */
  storageNote: string | null;

  setKept(kept: KeptRecord[]): void;
  add(r: KeptRecord): void;
  remove(key: string): void;
  /** the same result with new facts (its half-set FSC), in place */
  replace(r: KeptRecord): void;
  setShown(key: string | null): void;
  /** ticks or unticks a result for Compare (the oldest tick goes past MAX_COMPARED) */
  toggleCompared(key: string): void;
  setStorageNote(note: string | null): void;
}

export const useResultsStore = create<ResultsState>()((set) => ({
  kept: [],
  shownKey: null,
  compared: [],
  storageNote: null,
  setKept: (kept) =>
    set((s) => ({ kept, compared: s.compared.filter((k) => kept.some((r) => r.key === k)) })),
  add: (r) =>
    set((s) => ({
      kept: [r, ...s.kept.filter((x) => x.key !== r.key)],
      shownKey: r.key,
      // the new result joins the comparison with the one shown before it
      compared: [...s.compared.filter((k) => k !== r.key), r.key].slice(-MAX_COMPARED),
    })),
  remove: (key) =>
    set((s) => ({
      kept: s.kept.filter((r) => r.key !== key),
      shownKey: s.shownKey === key ? null : s.shownKey,
      compared: s.compared.filter((k) => k !== key),
    })),
  replace: (r) => set((s) => ({ kept: s.kept.map((x) => (x.key === r.key ? r : x)) })),
  setShown: (shownKey) => set({ shownKey }),
  toggleCompared: (key) =>
    set((s) => ({
      compared: s.compared.includes(key)
        ? s.compared.filter((k) => k !== key)
        : [...s.compared, key].slice(-MAX_COMPARED),
    })),
  setStorageNote: (storageNote) => set({ storageNote }),
}));
