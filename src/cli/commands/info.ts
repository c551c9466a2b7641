// wedgelab info FILE: the header, and statistics computed from the data section by section.
import { stat } from 'node:fs/promises';
import { StatsAccumulator } from '../../core/stats.ts';
import type { DataStats } from '../../core/types.ts';
import type { MrcFile } from '../../io/mrc/types.ts';
import { MRC_MODE_NAMES } from '../../io/mrc/layout.ts';
import { fmt, fmtBytes, fmtList, fmtVoxelSize, table } from '../format.ts';
import { readerOptions, readOptionsFrom, tiltAnglesOf, withMrc } from '../mrcInput.ts';
import type { CommandSpec, Progress } from '../spec.ts';

export interface InfoJson {
  file: string;
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  voxelSize: [number, number, number];
  origin: [number, number, number];
  mapc: number;
  mapr: number;
  maps: number;
  exttyp: string;
  nversion: number;
  nsymbt: number;
  labels: string[];
  tiltAngles?: number[];
  /** over the finite values only */
  stats: DataStats;
  /** NaN and ±Infinity values in the data (not in stats) */
  nonFinite: number;
  byteOrder: 'little' | 'big';
  byteOrderFrom: 'stamp' | 'heuristic';
  bytes: number;
  warnings: string[];
}

/** Streams every section through the accumulator: never the whole volume in memory. */
async function dataStats(
  file: MrcFile,
  progress?: Progress,
): Promise<{ stats: DataStats; nonFinite: number }> {
  const acc = new StatsAccumulator();
  for (let k = 0; k < file.nsections; k++) {
    acc.add(await file.readSection(k));
    progress?.update((k + 1) / file.nsections, `section ${k + 1}/${file.nsections}`);
  }
  progress?.done();
  return { stats: acc.result(), nonFinite: acc.nonFinite };
}

export async function describe(file: MrcFile, bytes: number, progress?: Progress): Promise<InfoJson> {
  const h = file.header;
  const tiltAngles = tiltAnglesOf(file);
  const { stats, nonFinite } = await dataStats(file, progress);
  return {
    file: file.name,
    nx: h.nx,
    ny: h.ny,
    nz: h.nz,
    mode: h.mode,
    voxelSize: h.voxelSizeA,
    origin: h.origin,
    mapc: h.mapc,
    mapr: h.mapr,
    maps: h.maps,
    exttyp: h.exttyp,
    nversion: h.nversion,
    nsymbt: h.nsymbt,
    labels: h.labels,
    ...(tiltAngles ? { tiltAngles } : {}),
    stats,
    nonFinite,
    byteOrder: h.littleEndian ? 'little' : 'big',
    byteOrderFrom: h.byteOrderFrom,
    bytes,
    warnings: h.warnings,
  };
}

function tiltSummary(angles: number[]): string {
  const lo = Math.min(...angles);
  const hi = Math.max(...angles);
  const step = angles.length > 1 ? ` (mean step ${fmt((hi - lo) / (angles.length - 1), 3)}°)` : '';
  return `${fmt(lo)}° … ${fmt(hi)}°, ${angles.length} views${step}`;
}

export function infoText(j: InfoJson): string {
  const rows: [string, string][] = [
    ['file', `${j.file} (${fmtBytes(j.bytes)})`],
    ['size', `${j.nx} × ${j.ny} × ${j.nz}  (nx × ny × nz)`],
    ['mode', `${j.mode} (${MRC_MODE_NAMES[j.mode as keyof typeof MRC_MODE_NAMES] ?? 'unknown'})`],
    ['voxel size', fmtVoxelSize(j.voxelSize)],
    ['origin', `${fmtList(j.origin)} Å`],
    ['axis order', `mapc ${j.mapc}, mapr ${j.mapr}, maps ${j.maps}`],
    ['byte order', `${j.byteOrder}-endian (${j.byteOrderFrom === 'stamp' ? 'machine stamp' : 'guessed'})`],
    ['nversion', String(j.nversion)],
    ['ext. header', j.nsymbt ? `${j.nsymbt} bytes, type ${j.exttyp || '(none)'}` : 'none'],
  ];
  if (j.tiltAngles) rows.push(['tilt angles', tiltSummary(j.tiltAngles)]);
  const s = j.stats;
  rows.push(['min / max', `${fmt(s.min)} / ${fmt(s.max)}`], ['mean ± std', `${fmt(s.mean)} ± ${fmt(s.std)}`]);
  if (j.nonFinite > 0)
    rows.push(['non-finite', `${j.nonFinite} values are NaN or ±Inf (left out of the statistics)`]);
  j.labels.forEach((l, i) => rows.push([i === 0 ? 'labels' : '', l]));
  j.warnings.forEach((w, i) => rows.push([i === 0 ? 'warnings' : '', w]));
  return table(rows);
}

/** WedgeLab's provenance: the version and recipe hash from the labels, and NAME.recipe.json if it is beside. */
async function provenanceOf(path: string, labels: string[]) {
  const hash = labels.map((l) => /recipe sha256:([0-9a-f]+)/.exec(l)?.[1]).find(Boolean) ?? null;
  if (!hash) return null;
  const version = /^wedgelab (\S+) reconstruct/.exec(labels[0] ?? '')?.[1] ?? null;
  const { recipePathFor, recipeHash } = await import('../../pipeline/index.ts');
  const { readRecipeFile } = await import('../recipeFiles.ts');
  const recipePath = recipePathFor(path);
  let recipe: { path: string; matches: boolean } | null = null;
  try {
    const r = await readRecipeFile(recipePath);
    recipe = { path: recipePath, matches: (await recipeHash(r)).startsWith(hash) };
  } catch {
    recipe = null; // absent or unreadable: the label alone is still the provenance
  }
  return { version, recipeHash: hash, recipe };
}

function provenanceText(p: Awaited<ReturnType<typeof provenanceOf>>): string {
  if (!p) return '';
  const beside = p.recipe
    ? `${p.recipe.path}${p.recipe.matches ? ' (its hash matches)' : ' (its hash DIFFERS: edited after the run?)'}`
    : 'no recipe file beside it';
  return `\n${table([['made by', `wedgelab ${p.version ?? '?'}, recipe sha256:${p.recipeHash}…; ${beside}`]])}`;
}

export const info: CommandSpec = {
  name: 'info',
  summary: "print an MRC file's header and statistics computed from its data",
  description:
    'Reads MRC2014 files (modes 0, 1, 2, 6, 12, 101; little- or big-endian; .gz and .bz2 too) section by ' +
    "section, so large stacks are never held whole. min/max/mean/std come from the data, not the header's dmin/dmax, " +
    'over the finite values; nonFinite counts NaN/±Inf values. For a WedgeLab reconstruction, provenance gives ' +
    'the WedgeLab version and recipe hash from its label, and whether NAME.recipe.json beside it matches (null otherwise).',
  positionals: [
    { name: 'FILE', help: 'MRC file: .mrc, .st, .ali, .rec, .map, .mrcs, optionally .gz or .bz2' },
  ],
  options: [...readerOptions],
  examples: ['wedgelab info tilt.st', 'wedgelab info emd_3197.map.gz --json'],
  async run(args) {
    const path = args.positional('FILE') ?? '';
    const header = await withMrc(path, readOptionsFrom(args), async (file) =>
      describe(file, (await stat(path)).size),
    );
    const json = { ...header, provenance: await provenanceOf(path, header.labels) };
    const text = infoText(header) + provenanceText(json.provenance);
    return { json, text };
  },
};
