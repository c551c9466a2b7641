// Half-set FSC and the metrics through the recon service (on the calling thread), and the shared-memory
// cancel flag that stops a synchronous metric loop. (The half-set split itself: src/pipeline/series.)
import { describe, expect, it } from 'vitest';
import { parseRecipe, type RecipeInput } from '../pipeline/index.ts';
import { abortedBy } from './cancelFlag.ts';
import { createReconService } from './reconService.ts';
import type { JobProgress, ReconstructJobResult } from './reconTypes.ts';

describe('cancel flag', () => {
  it('reads a raised shared flag or an aborted signal', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const ac = new AbortController();
    const s = abortedBy(ac.signal, flag);
    expect(s.aborted).toBe(false);
    Atomics.store(flag, 0, 1);
    expect(s.aborted).toBe(true);
    const t = abortedBy(ac.signal);
    ac.abort();
    expect(t.aborted).toBe(true);
  });
});

describe('recon service: metrics and half sets', () => {
  it('scores with VIF and FSC 0.5, runs a half-set FSC, and honours the import options', async () => {
    const api = createReconService();
    const sim = await api.simulate(1, {
      phantom: 'shapes',
      nx: 32,
      ny: 32,
      nz: 16,
      tiltMinDeg: -60,
      tiltMaxDeg: 60,
      tiltStepDeg: 5,
      order: 'dose-symmetric',
      prefix: 'tiny',
    });
    const files = Object.fromEntries(
      sim.files.map((f) => [f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>])]),
    );
    const req = (reconstruct: Record<string, unknown>, geometry: Record<string, unknown> = {}) => ({
      files,
      recipe: parseRecipe({
        wedgelab: 'recipe/1',
        input: { stack: 'tiny.mrc', tilts: 'tiny.tlt' },
        geometry,
        reconstruct: { method: 'wbp', thicknessPx: 16, ...reconstruct },
        device: { kind: 'reference' },
      } as RecipeInput),
    });
    const rec = (await api.reconstruct(2, req({ filter: 'ramp' }))) as ReconstructJobResult;
    const mirrored = (await api.reconstruct(
      3,
      req({ filter: 'ramp' }, { invertAngles: true }),
    )) as ReconstructJobResult;
    expect(Array.from(mirrored.volume.data)).not.toEqual(Array.from(rec.volume.data));

    const progress: JobProgress[] = [];
    const m = await api.metrics(
      4,
      { rec: { id: rec.volumeId }, truth: { id: sim.truthId }, tiltsDeg: sim.anglesDeg },
      (p) => progress.push(p),
    );
    expect(m.vif).toBeGreaterThan(0);
    expect(m.vif).toBeLessThan(1);
    expect(m.fsc05 === null || m.fsc05.freqPerPx > 0).toBe(true);
    expect(m.voxelSizeA).toBeGreaterThan(0);
    expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(['PSNR', 'SSIM', 'VIF', 'FSC', 'done']));

    const excluded = (await api.reconstruct(5, req({ excludeViews: '1,25' }))) as ReconstructJobResult;
    expect(excluded.volume.data.length).toBe(32 * 32 * 16);

    const h = await api.halfSet(6, req({ excludeViews: '1' }));
    expect([h.half1Views, h.half2Views]).toEqual([12, 12]);
    expect(h.fsc.all).toHaveLength(h.fsc.freq.length);
    expect(h.fsc.present).toHaveLength(h.fsc.freq.length);
    expect(h.fsc.missing).toHaveLength(h.fsc.freq.length);
    // low frequencies agree between the halves
    expect(h.fsc.all[0]).toBeGreaterThan(0.8);
  }, 90_000);

  it('a raised cancel flag stops the metrics job', async () => {
    const api = createReconService();
    const n = 40;
    const data = Float32Array.from({ length: n * n * n }, (_, i) => Math.sin(i * 0.37) + (i % 7));
    const vol = { nx: n, ny: n, nz: n, data, voxelSizeA: [1, 1, 1] as [number, number, number] };
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const stages: string[] = [];
    const job = api.metrics(
      9,
      { rec: vol, truth: { ...vol, data: data.map((v) => v * 0.9) }, cancelFlag },
      (p) => {
        stages.push(p.stage);
        // raised from "another thread" as SSIM starts (core/metrics/hooks.test.ts stops inside loops)
        if (p.stage === 'SSIM') Atomics.store(cancelFlag, 0, 1);
      },
    );
    await expect(job).rejects.toThrow(/cancelled/);
    expect(stages).not.toContain('VIF');
  }, 30_000);
});
