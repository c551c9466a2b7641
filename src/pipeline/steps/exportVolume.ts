// Step 5, export: the tomogram as MRC through the host's positional output (section by section, so only one
// section's bytes exist besides the volume), with a provenance label (WedgeLab version + recipe hash) and
// NAME.recipe.json beside it. No date in the label: the same recipe and inputs give the same bytes.
import { createMrcWriter, type MrcStreamWriter } from '../../io/mrc/index.ts';
import type { Volume } from '../../core/types.ts';
import { type Recipe } from '../recipe/index.ts';
import type { Host, OutputFile } from '../run/host.ts';

export interface Provenance {
  version: string;
  recipeHash: string;
}

export function provenanceLabels(p: Provenance): string[] {
  return [`recipe sha256:${p.recipeHash.slice(0, 32)}`];
}

/** `rec.mrc` → `rec.recipe.json` */
export function recipePathFor(volumePath: string): string {
  return volumePath.replace(/\.(mrc|rec|map|st)$/i, '') + '.recipe.json';
}

export function volumeWriter(
  recipe: Recipe,
  dims: { nx: number; ny: number; nz: number },
  voxelSizeA: number,
  p: Provenance,
  /** what made it, after "wedgelab VERSION" (default: reconstruct METHOD) */
  made = `reconstruct ${recipe.reconstruct.method}`,
): MrcStreamWriter {
  return createMrcWriter({
    mode: recipe.export.precision === 'float16' ? 12 : 2,
    program: `wedgelab ${p.version} ${made}`,
    date: null,
    labels: provenanceLabels(p),
    imageStack: false,
    ...dims,
    voxelSizeA: [voxelSizeA, voxelSizeA, voxelSizeA],
  });
}

/** The MRC bytes `exportVolume` writes, in one array (the page's Download MRC of a result in memory). */
export function encodeVolumeMrc(volume: Volume, recipe: Recipe, p: Provenance, made?: string): Uint8Array {
  const writer = volumeWriter(recipe, volume, volume.voxelSizeA[0], p, made);
  const out = new Uint8Array(writer.fileBytes);
  const plane = volume.nx * volume.ny;
  for (let z = 0; z < volume.nz; z++) {
    const b = writer.encodeSections(z, z + 1, volume.data.subarray(z * plane, (z + 1) * plane));
    out.set(b.bytes, b.position);
  }
  out.set(writer.header(), 0);
  return out;
}

/** Writes `volume` to `path` and its recipe beside it; returns the MRC's size in bytes. */
export async function exportVolume(
  host: Host,
  path: string,
  volume: Volume,
  recipe: Recipe,
  p: Provenance,
): Promise<number> {
  const writer = volumeWriter(recipe, volume, volume.voxelSizeA[0], p);
  const out: OutputFile = await host.createOutput(path, writer.fileBytes);
  try {
    const plane = volume.nx * volume.ny;
    for (let z = 0; z < volume.nz; z++) {
      const b = writer.encodeSections(z, z + 1, volume.data.subarray(z * plane, (z + 1) * plane));
      await out.write(b.bytes, b.position);
    }
    await out.write(writer.header(), 0);
    await out.finish();
  } catch (e) {
    await out.abort();
    throw e;
  }
  await host.writeRecipe(recipePathFor(path), recipe);
  return writer.fileBytes;
}
