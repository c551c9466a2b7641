import { describe, expect, it } from 'vitest';
import { useReconStore, type AlignmentState } from './reconStore.ts';

const xf = (dxPx: number, dyPx: number) => ({ a11: 1, a12: 0, a21: 0, a22: 1, dxPx, dyPx });

describe('nudgeAlignmentView', () => {
  it("moves one view's .xf shift and plotted shift, and adds up the nudges", () => {
    const a = {
      transforms: [xf(1, 2), xf(3, 4)],
      shiftsPx: [
        [1, 2],
        [3, 4],
      ],
    } as unknown as AlignmentState;
    useReconStore.getState().setAlignment(a);
    useReconStore.getState().nudgeAlignmentView(1, 0.5, 0);
    useReconStore.getState().nudgeAlignmentView(1, 0.5, -0.5);
    const got = useReconStore.getState().alignment!;
    expect(got.transforms).toEqual([xf(1, 2), xf(4, 3.5)]);
    expect(got.shiftsPx).toEqual([
      [1, 2],
      [4, 3.5],
    ]);
    expect(got.nudges).toEqual({ 1: [1, -0.5] });
    // out of range: nothing changes
    useReconStore.getState().nudgeAlignmentView(5, 1, 1);
    expect(useReconStore.getState().alignment).toBe(got);
  });
});
