// The `reconstruct` command's report (JSON and text), one schema whether the volume was made whole or slab by
// slab (src/cli/reconSlabs.ts); slab mode adds the slab count.
import type { VolumeDims } from '../core/geometry/index.ts';
import type { ReconstructResult } from '../recon/algorithms/index.ts';
import { fmt, fmtBytes, knownSize, table } from './format.ts';
import type { ReconDevice } from './reconDevice.ts';
import type { ReconSettings } from './reconOptions.ts';
import type { CommandOutput } from './spec.ts';

export interface ReconReport {
  result: Omit<ReconstructResult, 'volume'>;
  dims: VolumeDims;
  /** x voxel size in Å; 0 when unknown */
  voxelSizeA: number;
  /** the voxel size as the text's volume line states it */
  voxelText: string;
  /** views in the series, excluded ones included */
  totalViews: number;
  outPath: string;
  bytes: number;
  /** slab mode: how many slabs, of up to how many rows */
  slabs?: { count: number; rows: number };
}

export function reconstructOutput(
  rep: ReconReport,
  settings: ReconSettings,
  device: ReconDevice,
): CommandOutput {
  const { result: r, dims: v, outPath } = rep;
  const vups = r.seconds > 0 ? r.voxelUpdates / r.seconds : null;
  const json = {
    method: r.method,
    device: device.kind,
    deviceName: device.name,
    deviceReason: device.reason || null,
    seconds: r.seconds,
    voxelUpdatesPerSecond: vups,
    residuals: r.residuals,
    iterations: r.iterations,
    nx: v.nx,
    ny: v.ny,
    nz: v.nz,
    voxelSizeA: knownSize(rep.voxelSizeA),
    threads: device.threads ?? null,
    views: r.keptViews.length,
    prealigned: r.prealigned,
    filter: settings.method === 'wbp' ? settings.filter : null,
    out: outPath,
    ...(rep.slabs ? { slabs: rep.slabs } : {}),
  };
  const last = r.residuals.at(-1);
  const text = table([
    ['wrote', `${outPath} (${fmtBytes(rep.bytes)})`],
    ['volume', `${v.nx} × ${v.ny} × ${v.nz}, ${rep.voxelText}`],
    ['method', settings.method === 'wbp' ? `wbp, filter ${settings.filter}` : settings.method],
    [
      'views',
      `${r.keptViews.length} of ${rep.totalViews}${r.prealigned ? ', resampled into an aligned stack first' : ''}`,
    ],
    ['device', device.name],
    ...(rep.slabs
      ? ([
          [
            'slabs',
            `${rep.slabs.count} of up to ${rep.slabs.rows} rows (the whole volume did not fit the memory budget)`,
          ],
        ] as [string, string][])
      : []),
    ['time', `${fmt(r.seconds, 3)} s compute, ${((vups ?? 0) / 1e9).toFixed(3)} G voxel updates/s`],
    ...(last !== undefined
      ? ([['residual', `${fmt(last, 4)} after ${r.iterations} iterations`]] as [string, string][])
      : []),
  ]);
  return { json, text };
}
