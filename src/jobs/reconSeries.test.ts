// The app's tilt-series reader refuses NaN/±Inf pixels with the view number, as the CLI does.
import { describe, expect, it } from 'vitest';
import { writeMrc } from '../io/mrc/index.ts';
import { readSeries } from './reconSeries.ts';

describe('readSeries', () => {
  it('refuses a view with non-finite pixels, naming the file, the count and the 1-based view', async () => {
    const data = new Float32Array(8 * 8 * 5).fill(1);
    const bytes = writeMrc({ nx: 8, ny: 8, nz: 5, data, voxelSizeA: [0, 0, 0] }, { mode: 2, program: 't' });
    const good = await readSeries(
      {
        file: new Blob([bytes.slice() as Uint8Array<ArrayBuffer>]),
        name: 'ok.mrc',
        anglesDeg: [-40, -20, 0, 20, 40],
      },
      'k',
      () => {},
      new AbortController().signal,
    );
    expect(good.pixelSizeA).toBe(0); // unknown stays unknown
    new DataView(bytes.buffer).setFloat32(1024 + 4 * (3 * 64 + 5), NaN, true);
    await expect(
      readSeries(
        {
          file: new Blob([bytes as Uint8Array<ArrayBuffer>]),
          name: 'TS.mrc',
          anglesDeg: [-40, -20, 0, 20, 40],
        },
        'k',
        () => {},
        new AbortController().signal,
      ),
    ).rejects.toThrow(/^TS\.mrc: 1 pixel in view 4 is NaN or infinite; fix or exclude the view$/);
  });
});
