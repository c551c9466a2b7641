// The align step in the pipeline, on an in-memory host with a simulated misaligned series: the .xf/.tlt it
// writes, the same transforms whether run alone or before a reconstruction, and a better tomogram for it.
import { describe, expect, it } from 'vitest';
import { alignmentError } from '../../core/metrics/alignment.ts';
import { registeredCorrelation } from '../../core/metrics/registered.ts';
import { parseTlt, parseXf } from '../../io/meta/index.ts';
import { simulateTiltSeries, simulationFiles } from '../../recon/simulate/index.ts';
import { parseRecipe, type RecipeInput } from '../recipe/index.ts';
import { memoryHost } from '../testing/memoryHost.ts';
import { runAlignRecipe } from './runAlign.ts';
import { runRecipe } from './runRecipe.ts';

async function simulatedFiles() {
  const sim = await simulateTiltSeries({
    phantom: { name: 'shapes', nx: 80, ny: 80, nz: 32 },
    seed: 5,
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 3,
    shiftSigmaPx: 3,
    axisErrorDeg: 1.5,
  });
  const files: Record<string, Uint8Array> = {};
  for (const f of simulationFiles(sim, 'sim')) files[f.path] = f.bytes;
  return { sim, files };
}

const recipe = (extra: object = {}) =>
  parseRecipe({
    wedgelab: 'recipe/1',
    input: { stack: 'sim.mrc', tilts: 'sim.tlt' },
    geometry: { axisRotationDeg: 1.5 },
    align: { method: 'xcorr' },
    reconstruct: { thicknessPx: 32 },
    device: { kind: 'cpu' },
    export: { xf: 'out.xf', tlt: 'out.tlt' },
    ...extra,
  } as RecipeInput);

describe('the align step', () => {
  it('writes an .xf that aligns the series and a .tlt, the same alone and before a reconstruction', async () => {
    const { sim, files } = await simulatedFiles();
    const alone = memoryHost({ ...files });
    const a = await runAlignRecipe(recipe(), alone);
    expect(a.files).toEqual(['out.xf', 'out.tlt']);
    const xf = parseXf(new TextDecoder().decode(alone.files.get('out.xf')), 'out.xf');
    expect(xf).toHaveLength(sim.anglesDeg.length);
    expect(parseTlt(new TextDecoder().decode(alone.files.get('out.tlt')), 'out.tlt')).toEqual(sim.anglesDeg);
    const e = alignmentError(xf, sim.truthXf, { nu: 80, nv: 80 }, sim.trueAnglesDeg);
    expect(e.rmsRigidPx!).toBeLessThan(0.6);

    const host = memoryHost({ ...files });
    const r = await runRecipe(recipe({ export: { volume: 'rec.mrc', xf: 'out.xf' } }), host);
    expect(r.alignment?.files).toEqual(['out.xf']);
    expect(new TextDecoder().decode(host.files.get('out.xf'))).toBe(
      new TextDecoder().decode(alone.files.get('out.xf')),
    );
    expect(host.stages.some((p) => p.stage.startsWith('aligning: view'))).toBe(true);
    // progress never goes backwards across the two steps
    const fractions = host.stages.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-9)).toBe(true);

    const plain = await runRecipe(
      recipe({ align: { method: 'none' }, export: { volume: 'rec0.mrc' } }),
      memoryHost({ ...files }),
    );
    // the tomogram sits where the alignment's gauge puts it: compare after the best translation
    const dims = { nx: 80, ny: 80, nz: 32 };
    const aligned = registeredCorrelation(r.volume!.data, sim.truth.data, dims).correlation;
    const unaligned = registeredCorrelation(plain.volume!.data, sim.truth.data, dims).correlation;
    const perfect = await runRecipe(
      recipe({
        input: { stack: 'sim.mrc', tilts: 'sim.tlt', xf: 'sim_truth.xf' },
        align: { method: 'none' },
        export: { volume: 'rect.mrc' },
      }),
      memoryHost({ ...files }),
    );
    const best = registeredCorrelation(perfect.volume!.data, sim.truth.data, dims).correlation;
    expect(aligned).toBeGreaterThan(unaligned + 0.1);
    // the bar: within 0.02 of a reconstruction from perfectly aligned views
    expect(aligned).toBeGreaterThan(best - 0.02);
  });

  it('refuses to align a series that comes with an .xf, naming both', async () => {
    const { files } = await simulatedFiles();
    const host = memoryHost({ ...files });
    await expect(
      runAlignRecipe(recipe({ input: { stack: 'sim.mrc', tilts: 'sim.tlt', xf: 'sim_truth.xf' } }), host),
    ).rejects.toThrow(/sim_truth.xf already aligns sim.mrc; drop --xf/);
  });
});
