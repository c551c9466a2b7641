/**
 * Reading a tilt series for reconstruction: the stack as chosen (a Blob: File objects cross to workers by
 * reference), parsed by src/io like the io worker does, all sections into one Float32Array.
 */
import { WedgeLabError } from '../core/errors.ts';
import { countNonFinite } from '../core/stats.ts';
import { blobSource, maybeDecompress, openMrc } from '../io/mrc/index.ts';
import type { SeriesSource } from './reconTypes.ts';

export interface LoadedSeries {
  key: string;
  nx: number;
  ny: number;
  nviews: number;
  /** nx × ny × nviews, x fastest */
  data: Float32Array;
  /** 0 = unknown */
  pixelSizeA: number;
  anglesDeg: number[];
}

export async function readSeries(
  src: SeriesSource,
  key: string,
  onFraction: (f: number) => void,
  signal: AbortSignal,
): Promise<LoadedSeries> {
  const mrc = await openMrc(await maybeDecompress(blobSource(src.file, src.name)));
  const { nx, ny } = mrc.header;
  const nviews = mrc.nsections;
  if (src.anglesDeg.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${src.name} has ${nviews} sections but ${src.anglesDeg.length} tilt angles; open it with its own .tlt`,
    );
  }
  const plane = nx * ny;
  const data = new Float32Array(plane * nviews);
  for (let k = 0; k < nviews; k++) {
    if (signal.aborted) throw new WedgeLabError('cancelled', 'reading the tilt series: cancelled');
    const view = await mrc.readSection(k);
    // NaN/±Inf would spread through every voxel; refuse with the view number (1-based, as IMOD)
    const bad = countNonFinite(view);
    if (bad > 0) {
      throw new WedgeLabError(
        'bad-argument',
        `${src.name}: ${bad} ${bad === 1 ? 'pixel' : 'pixels'} in view ${k + 1} ${bad === 1 ? 'is' : 'are'} NaN or infinite; fix or exclude the view`,
      );
    }
    data.set(view, k * plane);
    onFraction((k + 1) / nviews);
  }
  // 0 = unknown, carried to the reconstruction's voxel size (no invented 1 Å)
  const px = Math.abs(mrc.header.voxelSizeA[0]);
  return {
    key,
    nx,
    ny,
    nviews,
    data,
    pixelSizeA: Number.isFinite(px) ? px : 0,
    anglesDeg: [...src.anglesDeg],
  };
}
