import { describe, expect, it } from 'vitest';
import { teachBytes } from './teachMemory.ts';
import { correlation, maxRelDiff } from '../recon/reference/testVolumes.ts';
import { createTeachRunner, warmAngles } from './teachRun.ts';
import { TEACH_CN_PICTURES, teachCnEstimate } from './teachIterations.ts';
import { sectionsOfVolume } from './teachSections.ts';
import type { TeachJobRequest, TeachReconstruction } from './reconTypes.ts';

const base: TeachJobRequest = {
  phantom: 'shapes',
  size: 32,
  tiltMinDeg: -30,
  tiltMaxDeg: 30,
  tiltStepDeg: 3,
  method: 'wbp',
};
const identity = <T>(v: T) => v;
/** an update's first message (it carries the series and the truth): one per update */
const firstOf = (seen: TeachReconstruction[]) => (r: TeachReconstruction) => r.sinogram && seen.push(r);
/** an update's last message (the volume, and the views projected for it) */
const lastOf = (seen: TeachReconstruction[]) => (r: TeachReconstruction) => r.volume && seen.push(r);

describe('teaching updates', () => {
  it('project only the views a step adds, and score the wedge better as the range widens', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    const narrow = await runner.run(base, new AbortController().signal, lastOf(seen), identity);
    const wide = await runner.run(
      { ...base, tiltMinDeg: -60, tiltMaxDeg: 60, haveTruthKey: seen[0].truthKey },
      new AbortController().signal,
      lastOf(seen),
      identity,
    );
    expect(seen[0].newViews).toBe(21);
    expect(seen[1].newViews).toBe(20); // ±33…±60 only
    expect(seen[1].anglesDeg.length).toBe(41);
    expect(wide.missing!).toBeGreaterThan(narrow.missing! + 0.05);
    expect(wide.present!).toBeGreaterThan(0.5);
  }, 60_000);

  it('accepts ±90°, stops a cancelled update before any work, and checks the memory first', async () => {
    const runner = createTeachRunner();
    const full = await runner.run(
      { ...base, tiltMinDeg: -90, tiltMaxDeg: 90, tiltStepDeg: 6 },
      new AbortController().signal,
      undefined,
      identity,
    );
    // ±90° in 6° steps: no missing point below ¼ Nyquist, so no missing-wedge figure
    expect(full.missing).toBeNull();
    expect(full.present!).toBeGreaterThan(0.5);
    const gone = new AbortController();
    gone.abort();
    await expect(runner.run(base, gone.signal, undefined, identity)).rejects.toThrow(/superseded/);
    await expect(
      runner.run({ ...base, budgetBytes: 1e6 }, new AbortController().signal, undefined, identity),
    ).rejects.toThrow(/needs ≈ .* for a 32³ phantom with 21 views \(wbp\); this tab has/);
    expect(teachBytes(128, 61, 'sirt')).toBeGreaterThan(teachBytes(128, 61, 'wbp'));
  }, 60_000);

  it('sends the series as a sinogram: the middle row of each view, the truth at every 1° once', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    await runner.run(base, new AbortController().signal, firstOf(seen), identity);
    await runner.run(
      { ...base, tiltMinDeg: -33, tiltMaxDeg: 33, haveTruthKey: seen[0].truthKey },
      new AbortController().signal,
      firstOf(seen),
      identity,
    );
    expect(seen[0].sinogram!.length).toBe(21 * 32);
    expect(seen[0].truthSinogram?.length).toBe(181 * 32);
    expect(seen[1].sinogram!.length).toBe(23 * 32);
    expect(seen[1].truthSinogram).toBeUndefined();
    expect(seen[0].truth?.nx).toBe(32);
    expect(seen[1].truth).toBeUndefined();
    // the view at 0° is the same in both series, and matches the truth's row at 0°
    const zero = (r: TeachReconstruction) =>
      r.sinogram!.subarray(r.anglesDeg.indexOf(0) * 32).subarray(0, 32);
    expect(Array.from(zero(seen[1]))).toEqual(Array.from(zero(seen[0])));
    const truthZero = seen[0].truthSinogram!.subarray(90 * 32, 91 * 32);
    for (let x = 0; x < 32; x++) expect(truthZero[x]).toBeCloseTo(zero(seen[0])[x], 4);
  }, 60_000);

  it('runs TV on request (10 iterations): it fills the wedge where WBP does not; a newer value stops it', async () => {
    const runner = createTeachRunner();
    const wbp = await runner.run(base, new AbortController().signal, undefined, identity);
    const sent: TeachReconstruction[] = [];
    const tv = await runner.run(
      { ...base, method: 'tv' },
      new AbortController().signal,
      (r) => sent.push(r),
      identity,
    );
    // TV couples the rows: no sections first; one message with both
    expect(sent).toHaveLength(1);
    expect(sent[0].sectionsS).toBeNull();
    expect(sent[0].sections!.middle.length).toBe(32 * 32);
    expect(sent[0].volume!.nx).toBe(32);
    expect(tv.missing!).toBeGreaterThan(wbp.missing! + 0.2);
    expect(teachBytes(64, 41, 'tv')).toBeGreaterThan(teachBytes(64, 41, 'sirt'));
    // a newer value stops it between iterations: well before the reconstruction would have ended
    const req: TeachJobRequest = { ...base, size: 40, method: 'tv', tiltStepDeg: 2 };
    let fullS = 0;
    await runner.run(req, new AbortController().signal, (r) => (fullS = r.reconstructS ?? fullS), identity);
    const stop = new AbortController();
    const t0 = performance.now();
    const superseded = runner.run(req, stop.signal, undefined, identity);
    setTimeout(() => stop.abort(), 300 * fullS);
    await expect(superseded).rejects.toThrow(/superseded/);
    // margin for a loaded machine: the running iteration ends first (one is about a tenth of the whole)
    expect((performance.now() - t0) / 1000).toBeLessThan(0.9 * fullS);
  }, 60_000);

  for (const doseEA2 of [0, 20])
    it(`sends the sections first, as the volume has them (${doseEA2 ? 'dosed: from the views' : "noise-free: from the truth's planes"})`, async () => {
      const runner = createTeachRunner();
      const seen: TeachReconstruction[] = [];
      await runner.run({ ...base, doseEA2 }, new AbortController().signal, (r) => seen.push(r), identity);
      expect(seen.map((r) => [r.sections !== null, r.volume !== null])).toEqual([
        [true, false],
        [false, true],
      ]);
      const [first, last] = seen;
      expect(first.sectionsS).toBeGreaterThanOrEqual(0);
      expect(last.reconstructS).toBeGreaterThan(0);
      expect(last.newViews).toBe(21);
      const whole = sectionsOfVolume(last.volume!);
      expect(maxRelDiff(first.sections!.middle, whole.middle)).toBeLessThan(1e-4);
      expect(maxRelDiff(first.sections!.sumY, whole.sumY)).toBeLessThan(1e-4);
      // the sinogram sent is the series' middle row, with the dose's noise where there is one
      const v0 = first.anglesDeg.indexOf(0);
      const row = first.sinogram!.subarray(v0 * 32, v0 * 32 + 32);
      const truthRow = first.truthSinogram!.subarray(90 * 32, 91 * 32);
      const off = row.reduce((m, v, i) => Math.max(m, Math.abs(v - truthRow[i])), 0);
      if (doseEA2) expect(off).toBeGreaterThan(0.01);
      else expect(off).toBeLessThan(1e-3);
    }, 60_000);

  it('runs SIRT on request (8 iterations), from the same kept views', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    const score = await runner.run(
      { ...base, method: 'sirt' },
      new AbortController().signal,
      (r) => seen.push(r),
      identity,
    );
    // the sections first (the 2-row problem), then the volume
    expect(seen.map((r) => [r.sections !== null, r.volume !== null])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(seen[1].volume!.nz).toBe(32);
    expect(score.present!).toBeGreaterThan(0.5);
    expect(score.fsc.missing!.length).toBe(score.fsc.freq.length);
  }, 60_000);

  it('projects the resting range at every whole degree, so a change of the step needs no new view', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    await runner.run(base, new AbortController().signal, lastOf(seen), identity);
    expect(warmAngles(30).slice(0, 3)).toEqual([0, -1, 1]);
    expect(warmAngles(30)).toHaveLength(81); // ±40
    // idle: 300 ms, then 2 views at a time (32³ here: a few ms each)
    await new Promise((done) => setTimeout(done, 2500));
    await runner.run(
      { ...base, tiltStepDeg: 2, haveTruthKey: seen[0].truthKey },
      new AbortController().signal,
      lastOf(seen),
      identity,
    );
    expect(seen[1].anglesDeg.length).toBe(31);
    expect(seen[1].newViews).toBe(0);
  }, 60_000);

  it('fits CN on request: pictures of the fit as it goes, with its step count, and a newer value stops it', async () => {
    const runner = createTeachRunner();
    const pictures: TeachReconstruction[] = [];
    const stop = new AbortController();
    const fit = runner.run(
      { ...base, size: 16, method: 'cn' },
      stop.signal,
      (r) => {
        pictures.push(r);
        if (r.sections) stop.abort(); // after the first picture
      },
      identity,
    );
    await expect(fit).rejects.toThrow(/superseded|cancelled/);
    // at once the step count alone (with the series), then about once a second, then the picture
    const [start] = pictures;
    const a = pictures[pictures.length - 1];
    expect(start.fit!.step).toBe(0);
    expect(start.sections).toBeNull();
    expect(start.sinogram!.length).toBe(21 * 16);
    expect(pictures.slice(1).every((r) => r.sinogram === null && r.volume === null)).toBe(true);
    expect(a.fit!.total).toBe(teachCnEstimate(16, 2).steps);
    expect(a.fit!.step).toBe(Math.round(a.fit!.total / TEACH_CN_PICTURES));
    // a twelfth of the way, the fit has the truth's middle slice roughly (0.70 measured)
    expect(correlation(a.sections!.middle, sectionsOfVolume(start.truth!).middle)).toBeGreaterThan(0.4);
  }, 120_000);
});
