// Writers refuse NaN/±Inf with one line naming the count, rather than writing a file whose header
// statistics skip them (and that mrcfile-validate then rejects).
import { describe, expect, it } from 'vitest';
import { StatsAccumulator } from '../../core/stats.ts';
import type { Volume } from '../../core/types.ts';
import { createMrcWriter, writeMrc } from './index.ts';

function volume(bad: Record<number, number>): Volume {
  const data = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => i);
  for (const [i, v] of Object.entries(bad)) data[Number(i)] = v;
  return { nx: 4, ny: 3, nz: 2, data, voxelSizeA: [1, 1, 1] };
}

describe('non-finite values', () => {
  it('writeMrc refuses them in every mode, naming how many', () => {
    for (const mode of [2, 12, 1, 6] as const) {
      expect(() => writeMrc(volume({ 3: NaN, 7: Infinity, 20: -Infinity }), { mode, program: 't' })).toThrow(
        /^writeMrc: 3 of 24 values are NaN or infinite; MRC needs finite values/,
      );
    }
    expect(writeMrc(volume({}), { mode: 2, program: 't' }).length).toBe(1024 + 24 * 4);
  });

  it('the streaming writer refuses a block with one before encoding it', () => {
    const w = createMrcWriter({ nx: 4, ny: 3, nz: 2, mode: 2, program: 't', voxelSizeA: [1, 1, 1] });
    const slab = new Float32Array(4 * 2);
    slab[5] = NaN;
    expect(() => w.encodeSections(1, 2, new Float32Array(12).fill(NaN))).toThrow(/12 of 12 values are NaN/);
    expect(() => w.encodeSlab(0, 1, slab)).toThrow(/1 of 8 values are NaN or infinite/);
  });

  it('StatsAccumulator: statistics over the finite values, the rest counted', () => {
    const acc = new StatsAccumulator();
    acc.add([1, NaN, 3]);
    acc.add([Infinity, 5, -Infinity]);
    const r = acc.result();
    expect([r.min, r.max, r.mean]).toEqual([1, 5, 3]);
    expect(r.std).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(acc.nonFinite).toBe(3);
    expect(acc.count).toBe(3);
  });
});
