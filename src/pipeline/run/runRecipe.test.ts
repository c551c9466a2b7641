// Orchestration against an in-memory host (no spawning): whole vs slab mode, the .mdoc's tilt-axis angle,
// NaN in excluded vs kept views, provenance, and the stack/recipe mismatch; with the real CPU projector.
import { describe, expect, it } from 'vitest';
import { bytesSource, openMrc, readVolume } from '../../io/mrc/index.ts';
import { parseRecipe, type RecipeInput } from '../recipe/index.ts';
import { memoryHost } from '../testing/memoryHost.ts';
import { angles, seriesFiles } from '../testing/series.testutil.ts';
import { runRecipe } from './runRecipe.ts';

const A = angles(15);
const recipe = (extra: Partial<Record<string, object>> = {}) =>
  parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'ts.mrc', tilts: 'ts.tlt' },
    reconstruct: { thicknessPx: 12, ...extra.reconstruct },
    device: { kind: 'cpu' },
    export: { volume: 'rec.mrc' },
    ...(extra.geometry ? { geometry: extra.geometry } : {}),
    ...(extra.input ? { input: extra.input } : {}),
  } as RecipeInput);

async function volumeOf(bytes: Uint8Array) {
  return readVolume(await openMrc(bytesSource(bytes, 'rec.mrc')));
}

describe('runRecipe on an in-memory host', () => {
  it('slab mode (a budget too small for the whole volume) writes the same tomogram as the whole-volume path', async () => {
    for (const method of ['wbp', 'sirt'] as const) {
      const files = seriesFiles(32, 24, A, { axisDeg: 4 });
      const whole = memoryHost({ ...files });
      const rw = await runRecipe(
        recipe({ reconstruct: { method, iterations: 3 }, geometry: { axisRotationDeg: 4 } }),
        whole,
      );
      expect(rw.plan.mode).toBe('whole');
      const budget = rw.plan.peakBytes * 0.5;
      const slabs = memoryHost({ ...files }, { budgetBytes: budget });
      const rs = await runRecipe(
        recipe({ reconstruct: { method, iterations: 3 }, geometry: { axisRotationDeg: 4 } }),
        slabs,
      );
      expect(rs.plan.mode).toBe('slabs');
      expect(rs.slabs!.count).toBeGreaterThan(1);
      const a = await volumeOf(whole.files.get('rec.mrc')!);
      const b = await volumeOf(slabs.files.get('rec.mrc')!);
      expect([b.nx, b.ny, b.nz]).toEqual([a.nx, a.ny, a.nz]);
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < a.data.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a.data[i] - b.data[i]));
        maxAbs = Math.max(maxAbs, Math.abs(a.data[i]));
      }
      expect(maxDiff / maxAbs).toBeLessThan(1e-4);
      expect(slabs.recipes.get('rec.recipe.json')?.reconstruct.method).toBe(method);
    }
  });

  it('the .mdoc’s Tilt axis angle is used: the same bytes as the .tlt with axisRotationDeg', async () => {
    const files = seriesFiles(32, 24, A, { axisDeg: -85 });
    const viaMdoc = memoryHost({ ...files });
    const r1 = await runRecipe(recipe({ input: { stack: 'ts.mrc', tilts: 'ts.mdoc' } }), viaMdoc);
    expect(r1.series.axisRotationDeg).toBe(-85);
    expect(r1.series.axisFrom).toBe('ts.mdoc');
    const viaTlt = memoryHost({ ...files });
    await runRecipe(recipe({ geometry: { axisRotationDeg: -85 } }), viaTlt);
    const untitled = memoryHost({ ...files });
    await runRecipe(recipe(), untitled);
    // the same volume (the labels differ: the recipes' hashes do)
    const [m, t, u] = await Promise.all(
      [viaMdoc, viaTlt, untitled].map((h) => volumeOf(h.files.get('rec.mrc')!)),
    );
    expect(m.data).toEqual(t.data);
    expect(m.data).not.toEqual(u.data);
  });

  it('NaN in an excluded view is accepted; in a kept view it is refused with the view number', async () => {
    const files = seriesFiles(32, 24, A, { nanView: 3 });
    const ok = await runRecipe(recipe({ reconstruct: { excludeViews: '2-4' } }), memoryHost({ ...files }));
    expect(ok.keptViews).toBe(12);
    await expect(runRecipe(recipe(), memoryHost({ ...files }))).rejects.toThrow(
      /ts.mrc: 1 pixel in view 4 is NaN or infinite; fix or exclude the view \(--exclude 4\)/,
    );
    const tiny = memoryHost({ ...files }, { budgetBytes: 2e5 });
    await expect(runRecipe(recipe(), tiny)).rejects.toThrow(/view 4 is NaN/);
    expect(tiny.files.has('rec.mrc')).toBe(false); // nothing half-written
  });

  it('export.precision float16 writes mode 12 with the same values to float16 precision', async () => {
    const files = seriesFiles(32, 24, A);
    const f32 = memoryHost({ ...files });
    await runRecipe(recipe(), f32);
    const f16 = memoryHost({ ...files });
    await runRecipe(parseRecipe({ ...recipe(), export: { volume: 'rec.mrc', precision: 'float16' } }), f16);
    const a = await volumeOf(f32.files.get('rec.mrc')!);
    const b = await openMrc(bytesSource(f16.files.get('rec.mrc')!, 'rec.mrc'));
    expect(b.header.mode).toBe(12);
    const v = await readVolume(b);
    for (let i = 0; i < a.data.length; i += 97)
      expect(Math.abs(v.data[i] - a.data[i])).toBeLessThan(1e-3 * (1 + Math.abs(a.data[i])));
  });

  it('labels the MRC with the version and recipe hash, and refuses a stack of other sizes', async () => {
    const files = seriesFiles(32, 24, A);
    const host = memoryHost({ ...files });
    const r = await runRecipe(recipe(), host);
    const mrc = await openMrc(bytesSource(host.files.get('rec.mrc')!, 'rec.mrc'));
    expect(mrc.header.labels.join('\n')).toContain(`recipe sha256:${r.recipeHash.slice(0, 32)}`);
    expect(mrc.header.labels[0]).toMatch(/^wedgelab test reconstruct wbp$/);
    const saved = host.recipes.get('rec.recipe.json')!;
    expect(saved.input.expect).toEqual({ nx: 32, ny: 24, nviews: 15 });
    const other = memoryHost({ ...seriesFiles(30, 24, A) });
    await expect(runRecipe(saved, other)).rejects.toThrow(
      /ts.mrc is 30×24×15 but the recipe was saved for a 32×24×15 stack/,
    );
  });
});
