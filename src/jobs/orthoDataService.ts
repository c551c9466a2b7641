/**
 * The orthoslice data worker's service (workers/orthoData.worker.ts; orthoDataClient.ts is the page's side):
 * it holds a copy of the volume the views show and does the numerical work the page must not do on its main
 * thread: thick slices (orthoSlabs.ts) and the volume's contrast statistics (render/contrastStats.ts). One
 * volume at a time; it arrives in pieces (the page copies it piece by piece so no task of its is long).
 */
import { contrastStats, type ContrastStats } from '../render/contrastStats.ts';
import { extractOrthoSlabs } from './orthoSlabs.ts';
import type { OrthoSlices, VolumeDims3, VoxelPos } from './orthoSlices.ts';

export interface OrthoDataApi {
  ping(): Promise<'pong'>;
  /** Makes room for volume `id` (the previous one is dropped). */
  begin(id: number, dims: VolumeDims3): Promise<void>;
  /** Values [offset, offset + chunk.length) of volume `id` (the chunk is transferred). */
  put(id: number, offset: number, chunk: Float32Array): Promise<void>;
  /** Thick slices of volume `id` at `at`; null when another volume is held now. */
  slabs(id: number, at: VoxelPos, thicknessPx: number): Promise<OrthoSlices | null>;
  stats(id: number): Promise<ContrastStats | null>;
}

export function createOrthoDataService(transfer: <T>(v: T, t: Transferable[]) => T = (v) => v): OrthoDataApi {
  let held: { id: number; dims: VolumeDims3; data: Float32Array; stats?: ContrastStats } | null = null;
  const volume = (id: number) => (held && held.id === id ? held : null);
  return {
    async ping() {
      return 'pong' as const;
    },
    async begin(id, dims) {
      held = null; // free the old one before allocating the new
      held = { id, dims, data: new Float32Array(dims.nx * dims.ny * dims.nz) };
    },
    async put(id, offset, chunk) {
      volume(id)?.data.set(chunk, offset);
    },
    async slabs(id, at, thicknessPx) {
      const v = volume(id);
      if (!v) return null;
      const s = extractOrthoSlabs({ ...v.dims, data: v.data }, at, thicknessPx);
      return transfer(s, [s.xy.data.buffer, s.xz.data.buffer, s.yz.data.buffer] as ArrayBuffer[]);
    },
    async stats(id) {
      const v = volume(id);
      if (!v) return null;
      v.stats ??= contrastStats(v.data);
      return v.stats;
    },
  };
}
