/**
 * MRC2014 writer (little-endian) for a volume in memory: a thin wrapper over the streaming writer
 * (stream.ts), which owns the encoding (encode.ts: integer modes round and clamp; mode 12 clamps to ±65504;
 * header statistics are those of the values as stored, so `mrcfile-validate` agrees). Non-finite values
 * are refused, never written.
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import { checkHeaderSpec } from './encode.ts';
import { checkFinite } from './finite.ts';
import { createMrcWriter } from './stream.ts';
import type { MrcWriteOptions } from './types.ts';

/** Serialises a volume (or a tilt series stacked along z) to MRC2014 bytes. */
export function writeMrc(volume: Volume, opts: MrcWriteOptions): Uint8Array {
  const { nx, ny, nz, data } = volume;
  const spec = { ...opts, nx, ny, nz, voxelSizeA: volume.voxelSizeA };
  checkHeaderSpec(spec, 'writeMrc');
  if (data.length !== nx * ny * nz) {
    throw new WedgeLabError(
      'mismatch',
      `writeMrc: ${nx}×${ny}×${nz} needs ${nx * ny * nz} values but data has ${data.length}`,
    );
  }
  checkFinite(data, 'writeMrc');
  const writer = createMrcWriter(spec);
  const out = new Uint8Array(writer.fileBytes);
  // section by section: only one section's bytes exist besides `out`
  const plane = nx * ny;
  for (let z = 0; z < nz; z++) {
    const block = writer.encodeSections(z, z + 1, data.subarray(z * plane, (z + 1) * plane));
    out.set(block.bytes, block.position);
  }
  out.set(writer.header(), 0);
  return out;
}
