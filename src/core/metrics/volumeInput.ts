/** Shared input handling for the metrics: a Volume, or plain Float32Array + dims. */
import { WedgeLabError } from '../errors.ts';
import type { Volume } from '../types.ts';

/** A Volume, or any object with data + dims (voxel size optional, 1 Å when absent). */
export interface VolumeInput {
  nx: number;
  ny: number;
  nz: number;
  data: Float32Array;
  voxelSizeA?: Volume['voxelSizeA'];
}

export function checkVolume(v: VolumeInput, name: string): void {
  const n = v.nx * v.ny * v.nz;
  if (!(v.nx >= 1 && v.ny >= 1 && v.nz >= 1) || v.data.length !== n) {
    throw new WedgeLabError(
      'bad-argument',
      `${name}: ${v.data.length} values do not fill ${v.nx}×${v.ny}×${v.nz}; pass data of length nx*ny*nz`,
    );
  }
}

/** Both volumes valid and the same shape, or a one-line WedgeLabError naming both shapes. */
export function checkSameShape(a: VolumeInput, b: VolumeInput, what: string): void {
  checkVolume(a, `${what}: first volume`);
  checkVolume(b, `${what}: second volume`);
  if (a.nx !== b.nx || a.ny !== b.ny || a.nz !== b.nz) {
    throw new WedgeLabError(
      'mismatch',
      `${what}: volumes differ in size (${a.nx}×${a.ny}×${a.nz} vs ${b.nx}×${b.ny}×${b.nz}); resample or crop one to match`,
    );
  }
}

export function minMax(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function mean(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  return data.length ? s / data.length : 0;
}
