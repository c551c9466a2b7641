import { describe, expect, it } from 'vitest';
import { teachBytes } from './teachMemory.ts';
import { createTeachRunner } from './teachRun.ts';
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

describe('teaching updates', () => {
  it('project only the views a step adds, and score the wedge better as the range widens', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    const narrow = await runner.run(base, new AbortController().signal, (r) => seen.push(r), identity);
    const wide = await runner.run(
      { ...base, tiltMinDeg: -60, tiltMaxDeg: 60, haveTruthKey: seen[0].truthKey },
      new AbortController().signal,
      (r) => seen.push(r),
      identity,
    );
    expect(seen[0].newViews).toBe(21);
    expect(seen[0].truth?.nx).toBe(32);
    expect(seen[1].newViews).toBe(20); // ±33…±60 only
    expect(seen[1].truth).toBeUndefined();
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

  it('runs SIRT on request (8 iterations), from the same kept views', async () => {
    const runner = createTeachRunner();
    const seen: TeachReconstruction[] = [];
    const score = await runner.run(
      { ...base, method: 'sirt' },
      new AbortController().signal,
      (r) => seen.push(r),
      identity,
    );
    expect(seen[0].volume.nz).toBe(32);
    expect(score.present!).toBeGreaterThan(0.5);
    expect(score.fsc.missing!.length).toBe(score.fsc.freq.length);
  }, 60_000);
});
