import { describe, expect, it } from 'vitest';
import type { IoClient } from './ioClient.ts';
import { createSectionLoader } from './sectionLoader.ts';
import type { SectionData } from './types.ts';

function fakeClient(reads: number[]): IoClient {
  return {
    readSection: async (_id: number, k: number) => {
      reads.push(k);
      await new Promise((r) => setTimeout(r, 5));
      return { k, nx: 1, ny: 1, bin: 1, data: new Float32Array([k]) } satisfies SectionData;
    },
  } as unknown as IoClient;
}

describe('section loader', () => {
  it('serves only the latest request while a read is in flight, and caches', async () => {
    const reads: number[] = [];
    const loader = createSectionLoader(fakeClient(reads));
    const shown: number[] = [];
    const done = new Promise<void>((resolve) => {
      for (const k of [0, 1, 2, 3, 4]) {
        loader.request({ datasetId: 1, k, bin: 1 }, (r) => {
          if ('section' in r) shown.push(r.section.k);
          if (k === 4) resolve();
        });
      }
    });
    await done;
    expect(reads).toEqual([0, 4]);
    expect(shown).toEqual([0, 4]);
    await new Promise<void>((resolve) => loader.request({ datasetId: 1, k: 0, bin: 1 }, () => resolve()));
    expect(reads).toEqual([0, 4]);
  });
});
