/**
 * UI state and job handles. Never voxel data: sections go straight from the io client to the canvas.
 */
import { create } from 'zustand';
import type { DataStats } from '../core/types.ts';
import type { DatasetSummary } from '../jobs/types.ts';

export interface JobHandle {
  id: number;
  label: string;
  /** 0..1, or null while unknown */
  progress: number | null;
  cancel: () => void;
}

export interface UserError {
  /** the file (or action) concerned */
  title: string;
  /** what is wrong, one line */
  message: string;
  /** what to do */
  hint: string;
  /** a button that does it (e.g. open the file again permissively) */
  action?: { label: string; run: () => void };
}

export interface AppState {
  dataset: DatasetSummary | null;
  /** data statistics from a full scan; null until the scan finished */
  stats: DataStats | null;
  /** why `stats` is null: the scan is running, was cancelled, or failed */
  statsNote: 'scanning' | 'cancelled' | 'failed' | null;
  section: number;
  /** auto-contrast percentiles */
  clipLowPct: number;
  clipHighPct: number;
  job: JobHandle | null;
  error: UserError | null;
  ioMode: 'worker' | 'main-thread' | null;
  dragging: boolean;

  setDataset(dataset: DatasetSummary): void;
  setStats(stats: DataStats | null, note?: AppState['statsNote']): void;
  setSection(k: number): void;
  setClip(lowPct: number, highPct: number): void;
  setJob(job: JobHandle | null): void;
  setJobProgress(id: number, progress: number): void;
  showError(error: UserError): void;
  dismissError(): void;
  setIoMode(mode: 'worker' | 'main-thread'): void;
  setDragging(dragging: boolean): void;
}

export const useAppStore = create<AppState>()((set) => ({
  dataset: null,
  stats: null,
  statsNote: null,
  section: 0,
  clipLowPct: 0.5,
  clipHighPct: 99.5,
  job: null,
  error: null,
  ioMode: null,
  dragging: false,

  setDataset: (dataset) =>
    set({ dataset, stats: null, statsNote: 'scanning', section: Math.floor(dataset.nz / 2) }),
  setStats: (stats, statsNote = null) => set({ stats, statsNote }),
  setSection: (k) =>
    set((s) => ({ section: s.dataset ? Math.min(s.dataset.nz - 1, Math.max(0, Math.round(k))) : 0 })),
  setClip: (clipLowPct, clipHighPct) => set({ clipLowPct, clipHighPct }),
  setJob: (job) => set({ job }),
  setJobProgress: (id, progress) => set((s) => (s.job?.id === id ? { job: { ...s.job, progress } } : {})),
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  setIoMode: (ioMode) => set({ ioMode }),
  setDragging: (dragging) => set({ dragging }),
}));
