import { describe, expect, it } from 'vitest';
import { loadOrder, thumbBin, viewAfterKey } from './filmstripModel.ts';

describe('filmstrip', () => {
  it('bins a view to at most 64 px', () => {
    expect(thumbBin(96, 96)).toBe(2);
    expect(thumbBin(64, 20)).toBe(1);
    expect(thumbBin(4096, 4096)).toBe(64);
    expect(thumbBin(4000, 3000)).toBe(63);
  });

  it('loads every view once, the current first and then outward', () => {
    expect(loadOrder(5, 2)).toEqual([2, 3, 1, 4, 0]);
    expect(loadOrder(4, 0)).toEqual([0, 1, 2, 3]);
    expect(loadOrder(4, 9)).toEqual([3, 2, 1, 0]);
    expect(loadOrder(0, 0)).toEqual([]);
    expect(new Set(loadOrder(41, 20)).size).toBe(41);
  });

  it('moves with the arrows, pages and ends, within the series', () => {
    expect(viewAfterKey('ArrowRight', 3, 41)).toBe(4);
    expect(viewAfterKey('ArrowLeft', 0, 41)).toBe(0);
    expect(viewAfterKey('PageDown', 35, 41)).toBe(40);
    expect(viewAfterKey('Home', 20, 41)).toBe(0);
    expect(viewAfterKey('End', 20, 41)).toBe(40);
    expect(viewAfterKey('Enter', 20, 41)).toBeNull();
  });
});
