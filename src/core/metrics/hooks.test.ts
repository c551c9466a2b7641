import { describe, expect, it } from 'vitest';
import { directionalFsc, fsc, ssim3d, vif } from './index.ts';
import { addNoise, blobPhantom } from './testVolumes.ts';

describe('metric progress and cancel hooks', () => {
  const a = blobPhantom(24, 20, 18, 5);
  const b = addNoise(a, 0.1, 6);
  const metrics = {
    ssim: (o: object) => ssim3d(a, b, o),
    vif: (o: object) => vif(a, b, { scaleTo255: true, ...o }),
    fsc: (o: object) => fsc(a, b, o),
    directionalFsc: (o: object) => directionalFsc(a, b, [-60, -30, 0, 30, 60], {}, o),
  };

  for (const [name, run] of Object.entries(metrics)) {
    it(`${name}: reports monotone progress per plane, ending at 1, and the same value`, () => {
      const seen: number[] = [];
      const withHooks = run({ onProgress: (f: number) => seen.push(f) });
      expect(withHooks).toEqual(run({}));
      expect(seen.length).toBeGreaterThanOrEqual(18);
      expect(seen[seen.length - 1]).toBe(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
      expect(seen[0]).toBeGreaterThanOrEqual(0);
    });

    it(`${name}: stops inside its loop when the signal is set`, () => {
      let calls = 0;
      const signal = { aborted: false };
      const onProgress = () => {
        calls++;
        if (calls === 3) signal.aborted = true;
      };
      expect(() => run({ onProgress, signal })).toThrow(/cancelled/);
      expect(calls).toBe(3);
    });
  }
});
