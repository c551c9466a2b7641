import { afterAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { makePhantom } from '../core/phantoms/index.ts';
import { chooseDevice, type PipelineDevice } from '../pipeline/index.ts';
import { createJosephProjector } from '../recon/reference/index.ts';
import { maxRelDiff } from '../recon/reference/testVolumes.ts';
import { pageHost } from './pipelineHost.ts';
import { progressReporter } from './reconProgress.ts';
import { teachAngles } from './teachAngles.ts';
import { reconstructSections, reconstructVolume, type TeachSeriesInput } from './teachReconstruct.ts';
import { sectionSeries, sectionsOfVolume } from './teachSections.ts';

const n = 32;
const anglesDeg = teachAngles(-50, 50, 5);
let device: PipelineDevice | null = null;

async function input(
  method: TeachSeriesInput['method'],
): Promise<{ s: TeachSeriesInput; stack: Float32Array; pair: Float32Array }> {
  const truth = makePhantom('shapes', { nx: n, ny: n, nz: n, seed: 1, maxTiltDeg: 89 }).volume;
  const p = createJosephProjector(geometryFromTilts(anglesDeg), truth, { nu: n, nv: n });
  const stack = await p.forward(truth.data);
  const host = pageHost({
    files: {},
    budgetBytes: 2 ** 30,
    progress: progressReporter(undefined),
    signal: new AbortController().signal,
  });
  device ??= await chooseDevice(host, 'cpu', 2);
  const s = { n, anglesDeg, pixelSizeA: 1, method, device, warn: () => {}, check: () => {} };
  return { s, stack, pair: sectionSeries(stack, n, n, anglesDeg.length) };
}

afterAll(async () => device?.release());

describe('teaching: the sections before the volume', () => {
  for (const method of ['wbp', 'sirt'] as const)
    it(`${method}: the 2-row problem gives the volume's middle XZ slice and its sum along y`, async () => {
      const { s, stack, pair } = await input(method);
      const first = await reconstructSections(s, pair);
      const whole = sectionsOfVolume(await reconstructVolume(s, stack));
      expect(first.nx).toBe(n);
      expect(first.nz).toBe(n);
      expect(maxRelDiff(first.middle, whole.middle)).toBeLessThan(1e-4);
      expect(maxRelDiff(first.sumY, whole.sumY)).toBeLessThan(1e-4);
      // and not trivially: the slice is not the mean of the rows
      const mean = whole.sumY.map((v) => v / n);
      expect(maxRelDiff(mean, whole.middle)).toBeGreaterThan(0.05);
    }, 60_000);

  it('TV couples the rows (its gradient runs along y): the sections would not be exact', async () => {
    const { s, stack, pair } = await input('tv');
    const whole = sectionsOfVolume(await reconstructVolume(s, stack));
    const first = await reconstructSections(s, pair);
    expect(maxRelDiff(first.middle, whole.middle)).toBeGreaterThan(1e-3);
  }, 60_000);

  it('WBP in chunks of rows on the CPU is the whole volume, and a newer value stops it between chunks', async () => {
    const { s, stack } = await input('wbp');
    const whole = await reconstructVolume(s, stack);
    const perRow = n * n * anglesDeg.length;
    const chunked = await reconstructVolume({ ...s, chunkUpdates: 5 * perRow }, stack);
    expect(maxRelDiff(chunked.data, whole.data)).toBeLessThan(1e-6);
    expect(chunked.ny).toBe(n);
    let chunks = 0;
    const stopAt3 = () => {
      if (++chunks === 3) throw new Error('superseded');
    };
    await expect(
      reconstructVolume({ ...s, chunkUpdates: 5 * perRow, check: stopAt3 }, stack),
    ).rejects.toThrow(/superseded/);
    expect(chunks).toBe(3);
  }, 60_000);
});
