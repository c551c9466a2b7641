// The report of a pipeline run (reconstruct, run): one JSON schema and one text table, whether the volume
// was made whole or slab by slab.
import type { RunResult } from '../pipeline/index.ts';
import { fmt, fmtBytes, knownSize, table } from './format.ts';
import type { CommandOutput } from './spec.ts';

export function runReport(r: RunResult, extra: { savedRecipe?: string } = {}): CommandOutput {
  const rc = r.recipe.reconstruct;
  // cn's block projections are ~1% of its work: no voxel-update rate for it
  const vups = r.seconds > 0 && !r.cn ? r.voxelUpdates / r.seconds : null;
  const out = r.out?.volume ?? null;
  const json = {
    method: rc.method,
    device: r.device.kind,
    deviceName: r.device.name,
    deviceReason: r.device.reason || null,
    deviceFallback: r.deviceFallback ?? null,
    seconds: r.seconds,
    voxelUpdatesPerSecond: vups,
    residuals: r.residuals,
    iterations: r.iterations,
    nx: r.dims.nx,
    ny: r.dims.ny,
    nz: r.dims.nz,
    voxelSizeA: knownSize(r.voxelSizeA),
    threads: r.device.threads,
    views: r.keptViews,
    prealigned: r.prealigned,
    filter: rc.method === 'wbp' ? (rc.filter ?? null) : null,
    axisRotationDeg: r.series.axisRotationDeg,
    axisFrom: r.series.axisFrom,
    out,
    recipe: r.out?.recipe ?? null,
    recipeHash: r.recipeHash,
    ...(extra.savedRecipe ? { savedRecipe: extra.savedRecipe } : {}),
    ...(r.slabs ? { slabs: r.slabs } : {}),
    ...(r.cn
      ? {
          cnMode: rc.cnMode,
          lossCurve: r.cn.lossCurve,
          secondsPerIteration: r.cn.secondsPerIteration,
          networks: r.cn.networks,
          network: r.recipe.export.network ?? null,
        }
      : {}),
  };
  const last = r.residuals.at(-1);
  const rows: [string, string][] = [];
  if (r.out) rows.push(['wrote', `${r.out.volume} (${fmtBytes(r.out.bytes)}) and ${r.out.recipe}`]);
  rows.push(
    [
      'volume',
      `${r.dims.nx} × ${r.dims.ny} × ${r.dims.nz}, ${r.voxelSizeA > 0 ? `${fmt(r.voxelSizeA)} Å/voxel` : 'voxel size unknown'}`,
    ],
    ['method', rc.method === 'wbp' ? `wbp, filter ${rc.filter}` : rc.method],
    [
      'views',
      `${r.keptViews} of ${r.series.nviews}${r.prealigned && !r.slabs ? ', resampled into an aligned stack first' : ''}`,
    ],
    [
      'tilt axis',
      `${fmt(r.series.axisRotationDeg)}° (${r.series.axisFrom === 'recipe' ? 'given' : r.series.axisFrom})`,
    ],
    ['device', r.device.name],
  );
  if (r.slabs) {
    rows.push([
      'slabs',
      `${r.slabs.count} of up to ${r.slabs.rows} rows (the whole volume did not fit the memory budget)`,
    ]);
  }
  rows.push([
    'time',
    `${fmt(r.seconds, 3)} s compute${vups === null ? '' : `, ${(vups / 1e9).toFixed(3)} G voxel updates/s`}`,
  ]);
  if (r.cn) {
    const l = r.cn.lossCurve.at(-1);
    rows.push([
      'network',
      `${rc.cnMode} mode, ${r.cn.networks} network${r.cn.networks === 1 ? '' : 's'} of ${rc.depth} × ${rc.width}, ${r.cn.steps} steps (${fmt(1000 * r.cn.secondsPerIteration, 3)} ms each), last loss ${l === undefined ? '–' : fmt(l, 4)}`,
    ]);
    if (r.recipe.export.network)
      rows.push(['saved', `${r.recipe.export.network} (${fmtBytes(r.cn.networkBytes)})`]);
  } else if (last !== undefined) rows.push(['residual', `${fmt(last, 4)} after ${r.iterations} iterations`]);
  rows.push([
    'recipe',
    `sha256:${r.recipeHash.slice(0, 16)}…${extra.savedRecipe ? `, saved as ${extra.savedRecipe}` : ''}`,
  ]);
  return { json, text: table(rows) };
}
