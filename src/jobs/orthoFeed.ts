/**
 * What the three orthoslice views show: the live preview of a running job (slices streamed by the worker)
 * or a finished volume from the volume cache (sliced here, on the main thread, in a few ms). Moving the
 * crosshair re-slices the volume, or asks the worker for the running job's latest preview at the new
 * position (one request in flight, the latest position wins). Big arrays live here, not in the store.
 *
 * Thick slices (setSlab) and a finished volume's contrast statistics come from the orthoslice data worker
 * (orthoDataClient.ts), which gets a copy of the shown volume; thin slices are still cut here, in a few ms.
 * Live previews are cut, thin or thick, by the recon worker (it is told the Slab with the position); slab
 * mode's previews and fixed slices stay thin.
 */
import { contrastStats, type ContrastStats } from '../render/contrastStats.ts';
import { createOrthoDataClient, type OrthoDataClient } from './orthoDataClient.ts';
import { centre, clampPosition, extractOrthoSlices, type OrthoSlices, type VoxelPos } from './orthoSlices.ts';
import type { ReconClient } from './reconClient.ts';
import type { PreviewEvent } from './reconTypes.ts';
import { volumeCache } from './volumeCache.ts';

export interface OrthoFrame {
  slices: OrthoSlices;
  window: { lo: number; hi: number };
  kind: 'preview' | 'result';
  /** the iteration a preview shows */
  iteration?: number;
  /** what a preview shows instead of an iteration (slab mode: 'slab 3/7') */
  stage?: string;
  /** slices of a volume not held here (slab mode): the crosshair cannot move them */
  fixed?: boolean;
  /** how many slices each view averages (1: plain slices) */
  slabPx: number;
  /** what the Contrast menu picks from: the volume's (results) or the slices' (previews); absent until known */
  stats?: ContrastStats;
  statsOf?: 'volume' | 'slices';
}

export type OrthoListener = (frame: OrthoFrame | null) => void;

export interface OrthoFeed {
  current(): OrthoFrame | null;
  subscribe(listener: OrthoListener): () => void;
  /** the last position asked for (a new job's previews start there) */
  position(): VoxelPos | null;
  showPreview(jobId: number, event: PreviewEvent): void;
  /** a finished volume, already in the volume cache */
  showVolume(volumeId: number): void;
  /** the final slices of a volume that is not held (slab mode): fixed at their position */
  showFixed(slices: OrthoSlices, window: { lo: number; hi: number }): void;
  /** the job stopped: its late previews are ignored */
  endPreview(jobId: number): void;
  /** a job failed or was cancelled: show the result shown before it again (or nothing) */
  restoreResult(): void;
  moveTo(at: VoxelPos): void;
  /** Each view averages `thicknessPx` slices along its normal from now on (results and live previews). */
  setSlab(thicknessPx: number): void;
  slab(): number;
  clear(): void;
}

/** Statistics of preview slices: a small sample, so that a preview costs the main thread about a millisecond. */
const sliceStats = (s: OrthoSlices): ContrastStats => {
  const all = new Float32Array(s.xy.data.length + s.xz.data.length + s.yz.data.length);
  all.set(s.xy.data);
  all.set(s.xz.data, s.xy.data.length);
  all.set(s.yz.data, s.xy.data.length + s.xz.data.length);
  return contrastStats(all, 64, 16_384);
};

export function createOrthoFeed(
  client: Pick<ReconClient, 'setPreviewPosition'>,
  data: OrthoDataClient = createOrthoDataClient(),
): OrthoFeed {
  let frame: OrthoFrame | null = null;
  let slabPx = 1;
  const statsOf = new Map<number, ContrastStats>();
  /** the latest thick-slice request (a newer one makes an older answer stale) */
  let slabRequest = 0;
  let pos: VoxelPos | null = null;
  let previewJob: number | null = null;
  let volumeId: number | null = null;
  /** the last result shown (its volume, or its fixed slices), for restoreResult */
  let result: { volumeId: number } | { frame: OrthoFrame } | null = null;
  let asking = false;
  const ended = new Set<number>();
  let pendingAt: VoxelPos | null = null;
  const listeners = new Set<OrthoListener>();
  const emit = (f: OrthoFrame | null): void => {
    frame = f;
    if (f) pos = f.slices.position;
    for (const l of listeners) l(f);
  };

  const askWorker = async (): Promise<void> => {
    if (asking) return;
    asking = true;
    try {
      while (pendingAt && previewJob !== null) {
        const at = pendingAt;
        const job = previewJob;
        pendingAt = null;
        const event = await client.setPreviewPosition(job, at, slabPx).catch(() => null);
        if (event && previewJob === job && !pendingAt) emit(previewFrame(event));
      }
    } finally {
      asking = false;
    }
  };

  const previewFrame = (event: {
    slices: OrthoSlices;
    window: { lo: number; hi: number };
    iteration: number;
    stage?: string;
    slabPx?: number;
  }): OrthoFrame => ({
    slices: event.slices,
    window: event.window,
    kind: 'preview',
    iteration: event.iteration,
    stage: event.stage,
    slabPx: event.slabPx ?? 1,
    stats: sliceStats(event.slices),
    statsOf: 'slices',
  });

  /** A result's frame at `at`: thin slices cut here at once, thick ones from the data worker (latest wins). */
  const showResult = (id: number, at: VoxelPos | undefined): void => {
    const cached = volumeCache.get(id);
    if (!cached) return;
    const v = cached.volume;
    const stats = statsOf.get(id);
    const base = { window: cached.window, kind: 'result' as const, stats, statsOf: 'volume' as const };
    void data.load(id, v);
    if (!stats) void fetchStats(id);
    const request = ++slabRequest;
    if (slabPx <= 1) {
      emit({ ...base, slices: extractOrthoSlices(v, at), slabPx: 1 });
      return;
    }
    const n = slabPx;
    data
      .slabs(id, at ?? centre(v), n)
      .catch(() => null)
      .then((slices) => {
        if (request !== slabRequest || volumeId !== id) return;
        // the worker lost it (another volume): thin slices rather than nothing
        emit(
          slices ? { ...base, slices, slabPx: n } : { ...base, slices: extractOrthoSlices(v, at), slabPx: 1 },
        );
      });
  };
  const fetchStats = async (id: number): Promise<void> => {
    const stats = await data.stats(id).catch(() => null);
    if (!stats) return;
    statsOf.set(id, stats);
    if (volumeId === id && frame && frame.kind === 'result' && !frame.fixed) emit({ ...frame, stats });
  };

  return {
    current: () => frame,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    position: () => pos,
    showPreview(jobId, event) {
      if (ended.has(jobId)) return; // a late preview of a stopped job
      if (previewJob !== jobId) {
        previewJob = jobId;
        volumeId = null;
      }
      emit(previewFrame(event));
      // the job's worker does not know the Slab yet: tell it once (it keeps it for the later previews)
      if (!event.stage && (event.slabPx ?? 1) !== slabPx && !pendingAt) {
        pendingAt = pos ?? event.slices.position;
        void askWorker();
      }
    },
    showVolume(id) {
      const cached = volumeCache.get(id);
      if (!cached) return;
      volumeId = id;
      result = { volumeId: id };
      previewJob = null;
      showResult(id, pos ? clampPosition(cached.volume, pos) : undefined);
    },
    showFixed(slices, window) {
      volumeId = null;
      previewJob = null;
      const f: OrthoFrame = {
        slices,
        window,
        kind: 'result',
        fixed: true,
        slabPx: 1,
        stats: sliceStats(slices),
        statsOf: 'slices',
      };
      result = { frame: f };
      emit(f);
    },
    endPreview(jobId) {
      ended.add(jobId);
      if (previewJob === jobId) previewJob = null;
    },
    restoreResult() {
      if (previewJob !== null) ended.add(previewJob);
      previewJob = null;
      if (result && 'volumeId' in result && volumeCache.get(result.volumeId))
        this.showVolume(result.volumeId);
      else if (result && 'frame' in result) emit(result.frame);
      else {
        volumeId = null;
        emit(null);
      }
    },
    moveTo(at) {
      pos = at;
      if (previewJob !== null) {
        pendingAt = at;
        void askWorker();
        return;
      }
      if (volumeId !== null) showResult(volumeId, at);
    },
    setSlab(thicknessPx) {
      slabPx = Math.max(1, Math.round(thicknessPx));
      if (previewJob !== null && frame) {
        pendingAt = pos ?? frame.slices.position;
        void askWorker();
      } else if (volumeId !== null) showResult(volumeId, pos ?? undefined);
    },
    slab: () => slabPx,
    clear() {
      previewJob = null;
      volumeId = null;
      result = null;
      emit(null);
    },
  };
}
