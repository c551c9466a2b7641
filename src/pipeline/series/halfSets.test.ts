import { describe, expect, it } from 'vitest';
import { halfSetViews, leaveOut } from './halfSets.ts';

const oneBased = (v: number[]) => v.map((i) => i + 1);

describe('halfSetViews: the one split both hosts use', () => {
  it('view 4 of 10 excluded: the kept views alternate, {1,3,6,8,10} / {2,5,7,9}', () => {
    const angles = Array.from({ length: 10 }, (_, i) => -45 + 10 * i);
    const h = halfSetViews(angles, [3]);
    expect(oneBased(h.half1)).toEqual([1, 3, 6, 8, 10]);
    expect(oneBased(h.half2)).toEqual([2, 5, 7, 9]);
  });

  it('splits in tilt order, so a dose-symmetric file order still gives each half the whole range', () => {
    const angles = [0, 3, -3, -6, 6, 9, -9]; // file order of a dose-symmetric acquisition
    const h = halfSetViews(angles);
    const range = (v: number[]) => [
      Math.min(...v.map((i) => angles[i])),
      Math.max(...v.map((i) => angles[i])),
    ];
    expect(range(h.half1)).toEqual([-9, 9]);
    expect(range(h.half2)).toEqual([-6, 6]);
    expect(h.half1.length + h.half2.length).toBe(7);
  });

  it('leaveOut lists every other view', () => {
    expect(leaveOut(5, [0, 2, 4])).toEqual([1, 3]);
  });
});
