import { describe, expect, it } from 'vitest';
import { positionAfterKey } from './orthoKeys.ts';

const dims = { nx: 96, ny: 80, nz: 48 };
const p = { x: 10, y: 20, z: 30 };

describe('orthoslice keys', () => {
  it("step each view's own slice along its normal", () => {
    expect(positionAfterKey('xy', p, dims, 'ArrowUp')).toEqual({ ...p, z: 31 });
    expect(positionAfterKey('xz', p, dims, 'ArrowDown')).toEqual({ ...p, y: 19 });
    expect(positionAfterKey('yz', p, dims, 'PageUp')).toEqual({ ...p, x: 20 });
    expect(positionAfterKey('yz', p, dims, 'PageDown')).toEqual({ ...p, x: 0 });
  });

  it('go to the ends and stay inside the volume', () => {
    expect(positionAfterKey('xy', p, dims, 'Home')).toEqual({ ...p, z: 0 });
    expect(positionAfterKey('xy', p, dims, 'End')).toEqual({ ...p, z: 47 });
    expect(positionAfterKey('xy', { ...p, z: 47 }, dims, 'ArrowUp')).toEqual({ ...p, z: 47 });
    expect(positionAfterKey('xz', p, dims, 'End')).toEqual({ ...p, y: 79 });
  });

  it('ignore other keys', () => {
    expect(positionAfterKey('xy', p, dims, 'a')).toBeNull();
    expect(positionAfterKey('xy', p, dims, '0')).toBeNull();
  });
});
