// The recon service as the worker runs it (here on the calling thread): simulate → reconstruct → metrics,
// progress, previews, and cancel. Small sizes and the reference projector keep it quick.
import { describe, expect, it } from 'vitest';
import { createReconService } from './reconService.ts';
import type { JobProgress, PreviewEvent, SimulateJobRequest } from './reconTypes.ts';

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

describe('recon service', () => {
  it('simulates, reconstructs (from the cache and from the file) and scores', async () => {
    const api = createReconService();
    const events: JobProgress[] = [];
    const sim = await api.simulate(1, SIM, (p) => events.push(p));
    expect(sim.files.map((f) => f.name)).toEqual(['tiny.mrc', 'tiny.tlt']);
    expect(sim.truthDims).toEqual({ nx: 32, ny: 32, nz: 16 });
    expect(sim.anglesDeg).toHaveLength(13);
    expect(events.at(-1)?.fraction).toBeGreaterThan(0.9);

    const file = new Blob([sim.files[0].bytes as Uint8Array<ArrayBuffer>]);
    const request = {
      source: { file, name: 'tiny.mrc', anglesDeg: sim.anglesDeg, seriesKey: sim.seriesKey },
      method: 'wbp' as const,
      thickness: 16,
      device: 'reference' as const,
    };
    const rec = await api.reconstruct(2, request);
    expect(rec.volume).toMatchObject({ nx: 32, ny: 32, nz: 16 });
    expect(rec.device).toMatch(/reference/);
    expect(rec.window.hi).toBeGreaterThan(rec.window.lo);

    // the same series read back from the MRC bytes gives the same volume
    const again = await api.reconstruct(3, {
      ...request,
      source: { ...request.source, seriesKey: undefined },
    });
    expect(Array.from(again.volume.data.subarray(0, 64))).toEqual(
      Array.from(rec.volume.data.subarray(0, 64)),
    );

    const m = await api.metrics(4, {
      rec: { id: rec.volumeId },
      truth: { id: sim.truthId },
      tiltsDeg: sim.anglesDeg,
    });
    expect(m.psnr).toBeGreaterThan(5);
    expect(m.fsc.freq.length).toBeGreaterThan(4);
    expect(m.fsc.present).toHaveLength(m.fsc.freq.length);
    expect(m.fsc.missing).toHaveLength(m.fsc.freq.length);

    const slices = await api.slices(rec.volumeId, { x: 3, y: 4, z: 5 });
    expect(slices.position).toEqual({ x: 3, y: 4, z: 5 });
    await expect(
      api.metrics(5, {
        rec: { id: again.volumeId },
        truth: { ...rec.volume, nz: 8, data: new Float32Array(32 * 32 * 8) },
      }),
    ).rejects.toThrow(/bin 1 and thickness 8/);
  }, 60_000);

  it('reports iterations and residuals, streams previews, and cancels', async () => {
    const api = createReconService();
    const sim = await api.simulate(1, SIM);
    const source = {
      file: new Blob([]),
      name: 'tiny.mrc',
      anglesDeg: sim.anglesDeg,
      seriesKey: sim.seriesKey,
    };
    const progress: JobProgress[] = [];
    const previews: PreviewEvent[] = [];
    const job = api.reconstruct(
      7,
      {
        source,
        method: 'sirt',
        iterations: 100_000,
        thickness: 16,
        device: 'reference',
        previewAt: { x: 1, y: 2, z: 3 },
      },
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
    expect(progress.some((p) => p.etaS !== null)).toBe(true);

    const c0 = Date.now();
    await api.cancel(7);
    expect(await outcome).toBe('cancelled');
    expect(Date.now() - c0).toBeLessThan(1000);
  }, 60_000);
});
