// Step 3 for a volume that fits: the whole stack in memory, one reconstruct() with the GPU-loss fallback,
// progress and previews through the host.
import type { Volume } from '../../core/types.ts';
import { hasInPlaneTransform, reconstruct, type ReconstructResult } from '../../recon/algorithms/index.ts';
import type { Recipe } from '../recipe/index.ts';
import { readStack } from '../series/stack.ts';
import type { PipelineDevice } from '../run/device.ts';
import type { Host } from '../run/host.ts';
import type { LoadedSeries } from './load.ts';
import { reconParams } from './params.ts';
import { loadNetworks } from './cnNetworks.ts';
import { jobDims } from '../plan/memory.ts';
import { defaultThreadCount } from '../../recon/cpu/pool.ts';
import { cnTotalSteps } from '../../recon/cn/cn.ts';

/** A span of the run's progress bar given to one step. */
export interface Span {
  from: number;
  to: number;
  label?: string;
}

export async function readWholeStack(s: LoadedSeries, host: Host, span: Span): Promise<Float32Array> {
  return readStack(
    s.file,
    s.excluded,
    (f) => host.progress?.({ fraction: span.from + (span.to - span.from) * f, stage: 'reading' }),
    host.signal,
  );
}

export async function reconstructWhole(
  recipe: Recipe,
  s: LoadedSeries,
  data: Float32Array,
  device: PipelineDevice,
  host: Host,
  span: Span,
  excluded = s.excluded,
): Promise<ReconstructResult & { volume: Volume }> {
  const r = recipe.reconstruct;
  const prefix = span.label ? `${span.label}: ` : '';
  if (!r.prealign && r.method === 'wbp' && hasInPlaneTransform(s.geometry)) {
    // WBP filters detector rows; on raw rotated views those rows do not run across the tilt axis
    host.warn(
      `${prefix}prealign off (--no-prealign) with wbp: the filter runs along raw detector rows, not across the tilt axis, so a rotated series reconstructs distorted; turn prealign on`,
    );
  }
  let dims = { nx: 0, ny: 0, nz: 0 };
  const iterative = r.method !== 'wbp';
  const params = reconParams(recipe, s, excluded);
  if (params.cn) {
    const vol = jobDims({ nu: s.nu, nv: s.nv, bin: r.bin, thicknessPx: s.thicknessPx }).volume;
    params.cn.initialNetworks = await loadNetworks(recipe, host, vol);
    dims = vol;
    // the network trains on CPU threads whatever device projects (WASM SIMD kernels)
    params.cn.threads = device.threads ?? (await defaultThreadCount());
  }
  const steps =
    r.method === 'cn'
      ? cnTotalSteps(
          params.cn!,
          jobDims({ nu: s.nu, nv: s.nv, bin: r.bin, thicknessPx: s.thicknessPx }).volume,
        )
      : r.iterations;
  const result = await reconstruct({
    data,
    nu: s.nu,
    nv: s.nv,
    nviews: s.nviews,
    ...params,
    createProjector: (g, v, d) => {
      if (r.method !== 'cn') dims = { ...v }; // cn's projectors are for blocks of rows
      return device.createProjector(g, v, d);
    },
    createFallbackProjector: device.fallback,
    onDeviceFallback: (e) => host.warn(`${prefix}${e.message}`),
    signal: host.signal,
    onProgress: (p) =>
      host.progress?.({
        fraction: span.from + (span.to - span.from) * p.fraction,
        stage: `${prefix}${p.stage}`,
        iteration: p.iteration,
        iterations: iterative ? steps : undefined,
        residual: p.residual,
      }),
    // a cn preview evaluates the network over the volume: every 250 steps is ~5% of the fit
    previewEvery: iterative && host.preview ? (r.method === 'cn' ? 250 : 1) : undefined,
    onPreview: host.preview && ((d, iteration) => host.preview?.({ data: d, dims, iteration })),
  });
  if (result.cn?.diverged) host.warn(`${prefix}${result.cn.diverged}`);
  return result;
}
