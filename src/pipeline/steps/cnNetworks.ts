// The coordinate network's files and its continuous output: --load-network before the fit, --save-network
// and --upsample after it. Both hosts run them through here.
import { WedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import type { ReconstructResult } from '../../recon/algorithms/index.ts';
import { evaluateNetworks, type SavedNetwork } from '../../recon/cn/cn.ts';
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

/** export.upsample > 1: the networks evaluated K× finer (voxels K× smaller); otherwise the volume as is. */
export function upsampledVolume(recipe: Recipe, r: ReconstructResult): Volume {
  const k = recipe.export.upsample;
  if (k <= 1) return r.volume;
  if (!r.cn)
    throw new WedgeLabError('bad-argument', `--upsample ${k} needs method cn (a continuous representation)`);
  const v = r.volume;
  const data = evaluateNetworks(r.cn.networks, v, r.cn.scale, k);
  const s = v.voxelSizeA.map((a) => a / k) as [number, number, number];
  return { nx: v.nx * k, ny: v.ny * k, nz: v.nz * k, data, voxelSizeA: s };
}
