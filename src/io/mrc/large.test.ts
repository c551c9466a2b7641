// A 4096×4096×61 float32 tilt series (≈4 GB) backed by bytes made on demand: opening reads the header
// only, and one binned section reads that section's bytes only, in bounded chunks.
import { describe, expect, it } from 'vitest';
import { openMrc } from './index.ts';
import { buildMrc, countingSource, syntheticSource } from './testFiles.ts';

describe('large files are read section by section', () => {
  const [nx, ny, nz] = [4096, 4096, 61];
  const sectionBytes = nx * ny * 4;
  const head = buildMrc({ nx, ny, nz, mode: 2, data: new Uint8Array(0) });
  const size = head.length + sectionBytes * nz;

  it('opens a 4 GB file reading 1024 bytes, and one bin-8 section reading one section', async () => {
    expect(size).toBeGreaterThan(4e9);
    const source = countingSource(syntheticSource('huge.st', head, size));
    const file = await openMrc(source);
    expect(source.bytesRead).toBe(1024);
    expect(file.nsections).toBe(61);

    const section = await file.readSection(30, { bin: 8 });
    expect(section.length).toBe((nx / 8) * (ny / 8));
    expect(source.bytesRead - 1024).toBe(sectionBytes);
    expect(source.largestRead).toBeLessThanOrEqual(16 * 2 ** 20);
    // first output pixel = mean of the 8×8 block at the section's corner, decoded independently
    const start = head.length + 30 * sectionBytes;
    let sum = 0;
    for (let y = 0; y < 8; y++) {
      const row = await syntheticSource('x', head, size).read(start + y * nx * 4, 8 * 4);
      const view = new DataView(row.buffer, row.byteOffset, row.byteLength);
      for (let x = 0; x < 8; x++) sum += view.getFloat32(4 * x, true);
    }
    expect(section[0]).toBe(Math.fround(sum / 64));

    // the last section, near byte 4e9, is reachable too
    const before = source.bytesRead;
    const last = await file.readSection(60, { bin: 16 });
    expect(last.length).toBe(256 * 256);
    expect(source.bytesRead - before).toBe(sectionBytes);
    expect(Number.isFinite(last[0])).toBe(true);
  });
});
