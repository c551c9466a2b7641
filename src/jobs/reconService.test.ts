// The recon service as the worker runs it (here on the calling thread): simulate → a recipe reconstructed by
// the pipeline → metrics, progress, previews, cancel, and slab mode into (in-memory) browser storage.
// Small sizes and the reference projector keep it quick.
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../pipeline/index.ts';
import type { SlabStorage, SyncFile } from './opfs.ts';
import { createReconService } from './reconService.ts';
import type {
  JobProgress,
  PreviewEvent,
  ReconstructJobResult,
  SimulateJobRequest,
  SimulateJobResult,
} from './reconTypes.ts';

const SIM: SimulateJobRequest = {
  phantom: 'shapes',
  nx: 32,
  ny: 32,
  nz: 16,
  tiltMinDeg: -60,
  tiltMaxDeg: 60,
  tiltStepDeg: 10,
  order: 'dose-symmetric',
  prefix: 'tiny',
};

/** The simulated files as the page passes them (Blobs by name) and a recipe over them. */
function request(sim: SimulateJobResult, reconstruct: Record<string, unknown>, device = 'reference') {
  const files = Object.fromEntries(
    sim.files.map((f) => [f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>])]),
  );
  const recipe = parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'tiny.mrc', tilts: 'tiny.tlt' },
    reconstruct: { thicknessPx: 16, ...reconstruct },
    device: { kind: device },
  } as RecipeInput);
  return { recipe, files };
}

function memoryStorage(): SlabStorage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async open(name) {
      let buf = new Uint8Array(0);
      files.set(name, buf);
      const file: SyncFile = {
        write(b, { at }) {
          if (at + b.length > buf.length) {
            const grown = new Uint8Array(at + b.length);
            grown.set(buf);
            buf = grown;
            files.set(name, buf);
          }
          buf.set(b, at);
          return b.length;
        },
        read(into, { at }) {
          into.set(buf.subarray(at, at + into.length));
          return into.length;
        },
        truncate(size) {
          const t = new Uint8Array(size);
          t.set(buf.subarray(0, size));
          buf = t;
          files.set(name, buf);
        },
        getSize: () => buf.length,
        flush() {},
        close() {},
      };
      return file;
    },
    remove: async (name) => void files.delete(name),
    freeBytes: async () => null,
  };
}

describe('recon service', () => {
  it('simulates, reconstructs a recipe and scores; the recipe as run comes back', async () => {
    const api = createReconService();
    const events: JobProgress[] = [];
    const sim = await api.simulate(1, SIM, (p) => events.push(p));
    expect(sim.files.map((f) => f.name)).toEqual(['tiny.mrc', 'tiny.tlt']);
    expect(sim.truthDims).toEqual({ nx: 32, ny: 32, nz: 16 });
    expect(events.at(-1)?.fraction).toBeGreaterThan(0.9);

    const rec = (await api.reconstruct(2, request(sim, { method: 'wbp' }))) as ReconstructJobResult;
    expect(rec.kind).toBe('volume');
    expect(rec.volume).toMatchObject({ nx: 32, ny: 32, nz: 16 });
    expect(rec.device).toMatch(/reference/);
    expect(rec.recipe.reconstruct.filter).toBe('radial:0.35,0.035');
    expect(rec.recipeHash).toMatch(/^[0-9a-f]{64}$/);

    // SART keeps its own default of 5 iterations (never SIRT's 20)
    const sart = (await api.reconstruct(3, request(sim, { method: 'sart' }))) as ReconstructJobResult;
    expect(sart.iterations).toBe(5);
    expect(sart.recipe.reconstruct.iterations).toBe(5);

    const m = await api.metrics(4, {
      rec: { id: rec.volumeId },
      truth: { id: sim.truthId },
      tiltsDeg: sim.anglesDeg,
    });
    expect(m.psnr).toBeGreaterThan(5);
    expect(m.fsc.present).toHaveLength(m.fsc.freq.length);

    const slices = await api.slices(rec.volumeId, { x: 3, y: 4, z: 5 });
    expect(slices.position).toEqual({ x: 3, y: 4, z: 5 });
  }, 60_000);

  it('a budget too small for the tab goes to slab mode in browser storage, the same values', async () => {
    const storage = memoryStorage();
    const api = createReconService({ storage });
    const sim = await api.simulate(1, SIM);
    const whole = (await api.reconstruct(2, request(sim, { method: 'wbp' }, 'cpu'))) as ReconstructJobResult;
    const previews: PreviewEvent[] = [];
    const r = await api.reconstruct(
      3,
      {
        ...request(sim, { method: 'wbp' }, 'cpu'),
        budgetBytes: 150_000,
        storageName: 'wedgelab-recon-t.mrc',
      },
      undefined,
      (p) => previews.push(p),
    );
    expect(r.kind).toBe('slabs');
    if (r.kind !== 'slabs') return;
    expect(r.slabs).toBeGreaterThan(1);
    expect(previews.at(-1)?.stage).toBe(`slab ${r.slabs}/${r.slabs}`);
    const { bytesSource, openMrc, readVolume } = await import('../io/mrc/index.ts');
    const v = await readVolume(await openMrc(bytesSource(storage.files.get('wedgelab-recon-t.mrc')!, 'x')));
    let d = 0;
    for (let i = 0; i < v.data.length; i++) d = Math.max(d, Math.abs(v.data[i] - whole.volume.data[i]));
    expect(d).toBeLessThan(1e-4);
  }, 60_000);

  it('reports iterations and residuals, streams previews, and cancels', async () => {
    const api = createReconService();
    const sim = await api.simulate(1, SIM);
    const progress: JobProgress[] = [];
    const previews: PreviewEvent[] = [];
    const job = api.reconstruct(
      7,
      { ...request(sim, { method: 'sirt', iterations: 10_000 }), previewAt: { x: 1, y: 2, z: 3 } },
      (p) => progress.push(p),
      (p) => previews.push(p),
    );
    const outcome = job.then(
      () => 'finished',
      (e: { code?: string }) => e.code,
    );
    const t0 = Date.now();
    while (previews.length < 2 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    expect(previews.length).toBeGreaterThanOrEqual(2);
    expect(previews[0].slices.position).toEqual({ x: 1, y: 2, z: 3 });
    expect(previews[0].slices.xz).toMatchObject({ width: 32, height: 16 });
    const moved = await api.setPreviewPosition(7, { x: 30, y: 0, z: 0 });
    expect(moved?.slices.position).toEqual({ x: 30, y: 0, z: 0 });
    const withResidual = progress.filter((p) => p.residual !== undefined && p.iteration !== undefined);
    expect(withResidual.length).toBeGreaterThan(0);
    expect(withResidual.at(-1)?.iterations).toBe(10_000);
    expect(progress.some((p) => p.etaS !== null)).toBe(true);

    const c0 = Date.now();
    await api.cancel(7);
    expect(await outcome).toBe('cancelled');
    expect(Date.now() - c0).toBeLessThan(1000);
  }, 60_000);
});

describe('recon service: kept volumes', () => {
  it('a simulated truth outlives many reconstructions (metrics never vanish)', async () => {
    const api = createReconService();
    const sim = await api.simulate(1, SIM);
    let last: ReconstructJobResult | null = null;
    for (let i = 0; i < 6; i++)
      last = (await api.reconstruct(2 + i, request(sim, { method: 'wbp' }))) as ReconstructJobResult;
    const m = await api.metrics(9, { rec: { id: last!.volumeId }, truth: { id: sim.truthId } });
    expect(m.psnr).toBeGreaterThan(5);
    // the oldest reconstructions are the ones dropped
    await expect(api.slices(last!.volumeId - 5, { x: 0, y: 0, z: 0 })).rejects.toThrow(/no longer kept/);
  }, 60_000);
});
