// The coordinate network's files and its continuous output: --load-network before the fit, --save-network
// and --upsample after it. Both hosts run them through here.
import { WedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import type { ReconstructResult } from '../../recon/algorithms/index.ts';
import { evaluateNetworks, type EvaluateHooks, type SavedNetwork } from '../../recon/cn/cn.ts';
import { fmtBytes, MAX_ARRAY_BYTES, type Budget } from '../plan/plan.ts';
import { decodeNetworks, encodeNetworks } from '../../recon/cn/networkFile.ts';
import type { Recipe } from '../recipe/index.ts';
import type { Host } from '../run/host.ts';

/** The networks of input.network, checked against the volume they will be used for. */
export async function loadNetworks(
  recipe: Recipe,
  host: Host,
  dims: { nx: number; ny: number; nz: number },
): Promise<SavedNetwork[] | undefined> {
  const name = recipe.input.network;
  if (!name || recipe.reconstruct.method !== 'cn') return undefined;
  const src = await host.openInput(name);
  const f = decodeNetworks(await src.read(0, src.size), name);
  if (f.dims.nx !== dims.nx || f.dims.ny !== dims.ny || f.dims.nz !== dims.nz)
    throw new WedgeLabError(
      'mismatch',
      `${name}: fitted for a ${f.dims.nx} × ${f.dims.ny} × ${f.dims.nz} volume, this one is ${dims.nx} × ${dims.ny} × ${dims.nz} (same --bin and --thickness as when it was saved)`,
    );
  return f.networks;
}

/** The trained networks as a .wlcn file's bytes (what --save-network writes and the page downloads). */
export function networkFileOf(recipe: Recipe, r: ReconstructResult): Uint8Array | undefined {
  if (!r.cn) return undefined;
  const { nx, ny, nz } = r.volume;
  return encodeNetworks({
    networks: r.cn.networks,
    dims: { nx, ny, nz },
    scale: r.cn.scale,
    mode: recipe.reconstruct.cnMode ?? 'fast',
  });
}

/** export.network: writes `bytes` (networkFileOf); returns the bytes written (0 when not asked). */
export async function saveNetworks(
  recipe: Recipe,
  host: Host,
  bytes: Uint8Array | undefined,
): Promise<number> {
  const name = recipe.export.network;
  if (!name || !bytes) return 0;
  const out = await host.createOutput(name, bytes.length);
  await out.write(bytes, 0);
  await out.finish();
  return bytes.length;
}

/** Bytes an upsampled export holds at once: the K× finer volume, the fitted one, and (page) the file. */
export function upsampleBytes(
  dims: { nx: number; ny: number; nz: number },
  k: number,
  fileBytesPerVoxel = 0,
): number {
  const v = dims.nx * dims.ny * dims.nz;
  return v * k ** 3 * (4 + fileBytesPerVoxel) + 4 * v;
}

/**
 * Refuses an upsampled export that cannot fit before anything is fitted (a fit is minutes; the refusal
 * after it would lose them), naming the largest factor that fits.
 */
export function checkUpsample(
  dims: { nx: number; ny: number; nz: number },
  k: number,
  budget: Budget,
  fileBytesPerVoxel = 0,
): void {
  if (k <= 1) return;
  const need = upsampleBytes(dims, k, fileBytesPerVoxel);
  const array = dims.nx * dims.ny * dims.nz * k ** 3 * 4;
  if (need <= budget.bytes && array <= MAX_ARRAY_BYTES) return;
  let fits = k - 1;
  while (
    fits > 1 &&
    (upsampleBytes(dims, fits, fileBytesPerVoxel) > budget.bytes ||
      dims.nx * dims.ny * dims.nz * fits ** 3 * 4 > MAX_ARRAY_BYTES)
  )
    fits--;
  const size = `${k * dims.nx} × ${k * dims.ny} × ${k * dims.nz}`;
  const why =
    array > MAX_ARRAY_BYTES
      ? `the ${fmtBytes(array)} volume is over ${fmtBytes(MAX_ARRAY_BYTES)}, the most one array holds`
      : `it needs ${fmtBytes(need)}; ${budget.what} ${fmtBytes(budget.bytes)}`;
  const advice = fits > 1 ? `--upsample ${fits} fits` : 'export at the fitted voxel size (--upsample 1)';
  throw new WedgeLabError('too-large', `--upsample ${k}: a ${size} volume does not fit (${why}); ${advice}`);
}

/** export.upsample > 1: the networks evaluated K× finer (voxels K× smaller); otherwise the volume as is. */
export async function upsampledVolume(
  recipe: Recipe,
  r: ReconstructResult,
  hooks: EvaluateHooks = {},
): Promise<Volume> {
  const k = recipe.export.upsample;
  if (k <= 1) return r.volume;
  if (!r.cn)
    throw new WedgeLabError('bad-argument', `--upsample ${k} needs method cn (a continuous representation)`);
  return networksFiner(r.cn.networks, r.volume, r.cn.scale, k, hooks);
}

/**
 * A saved network file (what the page keeps of a CN result) evaluated K× finer, checked against the budget
 * first; `fileBytesPerVoxel`: the MRC the caller will encode whole (2 for float16, 4 for float32).
 */
export async function upsampledFromFile(
  bytes: Uint8Array,
  voxelSizeA: [number, number, number],
  k: number,
  budget: Budget,
  fileBytesPerVoxel: number,
  hooks: EvaluateHooks = {},
): Promise<Volume> {
  const f = decodeNetworks(bytes, 'the network');
  checkUpsample(f.dims, k, budget, fileBytesPerVoxel);
  return networksFiner(f.networks, { ...f.dims, voxelSizeA }, f.scale, k, hooks);
}

async function networksFiner(
  networks: SavedNetwork[],
  v: { nx: number; ny: number; nz: number; voxelSizeA: [number, number, number] },
  scale: number,
  k: number,
  hooks: EvaluateHooks,
): Promise<Volume> {
  const data = await evaluateNetworks(networks, v, scale, k, hooks);
  const s = v.voxelSizeA.map((a) => a / k) as [number, number, number];
  return { nx: v.nx * k, ny: v.ny * k, nz: v.nz * k, data, voxelSizeA: s };
}
