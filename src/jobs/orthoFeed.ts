/**
 * What the three orthoslice views show: the live preview of a running job (slices streamed by the worker)
 * or a finished volume from the volume cache (sliced here, on the main thread, in a few ms). Moving the
 * crosshair re-slices the volume, or asks the worker for the running job's latest preview at the new
 * position (one request in flight, the latest position wins). Big arrays live here, not in the store.
 */
import { clampPosition, extractOrthoSlices, type OrthoSlices, type VoxelPos } from './orthoSlices.ts';
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
  clear(): void;
}

export function createOrthoFeed(client: Pick<ReconClient, 'setPreviewPosition'>): OrthoFeed {
  let frame: OrthoFrame | null = null;
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
        const event = await client.setPreviewPosition(job, at).catch(() => null);
        if (event && previewJob === job && !pendingAt) emit({ ...event, kind: 'preview' });
      }
    } finally {
      asking = false;
    }
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
      emit({
        slices: event.slices,
        window: event.window,
        kind: 'preview',
        iteration: event.iteration,
        stage: event.stage,
      });
    },
    showVolume(id) {
      const cached = volumeCache.get(id);
      if (!cached) return;
      volumeId = id;
      result = { volumeId: id };
      previewJob = null;
      const v = cached.volume;
      const at = pos ? clampPosition(v, pos) : undefined;
      emit({ slices: extractOrthoSlices(v, at), window: cached.window, kind: 'result' });
    },
    showFixed(slices, window) {
      volumeId = null;
      previewJob = null;
      const f: OrthoFrame = { slices, window, kind: 'result', fixed: true };
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
      const cached = volumeId === null ? undefined : volumeCache.get(volumeId);
      if (cached) {
        emit({ slices: extractOrthoSlices(cached.volume, at), window: cached.window, kind: 'result' });
      }
    },
    clear() {
      previewJob = null;
      volumeId = null;
      result = null;
      emit(null);
    },
  };
}
