// A small synthetic tilt series as files (MRC, .tlt, .mdoc) for orchestration tests: a smooth blob's
// rough projections, so reconstructions have structure, with the sizes each test asks for.
import { writeMrc } from '../../io/mrc/index.ts';

export interface SeriesFiles {
  'ts.mrc': Uint8Array;
  'ts.tlt': string;
  'ts.mdoc': string;
}

export function seriesFiles(
  nx: number,
  ny: number,
  anglesDeg: readonly number[],
  opts: { axisDeg?: number; nanView?: number } = {},
): SeriesFiles {
  const n = anglesDeg.length;
  const data = new Float32Array(nx * ny * n);
  for (let k = 0; k < n; k++) {
    const c = Math.cos((anglesDeg[k] * Math.PI) / 180);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const u = (x - nx / 2 + 3 * Math.sin(k)) / (nx / 5);
        const v = (y - ny / 2) / (ny / 4);
        data[x + nx * (y + ny * k)] = Math.exp(-(u * u) / c - v * v) + 0.1 * Math.sin(x * 0.7 + y * 0.3);
      }
    }
  }
  const mrc = writeMrc(
    { nx, ny, nz: n, data, voxelSizeA: [2, 2, 2] },
    { mode: 2, program: 'test', date: null },
  );
  // the writer refuses NaN: put one into the bytes (1024-byte header, no extended header)
  if (opts.nanView !== undefined)
    new DataView(mrc.buffer).setFloat32(1024 + 4 * (nx * ny * opts.nanView + 5), NaN, true);
  const title =
    opts.axisDeg !== undefined
      ? `[T = SerialEM: test    Tilt axis angle = ${opts.axisDeg}, binning = 1]`
      : '[T = SerialEM: test]';
  const sections = anglesDeg.map((a, z) => `[ZValue = ${z}]\nTiltAngle = ${a}`);
  const mdoc = ['PixelSpacing = 2', 'ImageFile = ts.mrc', title, ...sections, ''].join('\n\n');
  return { 'ts.mrc': mrc, 'ts.tlt': anglesDeg.join('\n') + '\n', 'ts.mdoc': mdoc };
}

export const angles = (n: number, range = 60): number[] =>
  Array.from({ length: n }, (_, i) => -range + (2 * range * i) / (n - 1));
