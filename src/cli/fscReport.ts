// FSC results as the CLI prints them: the JSON shape shared by `metrics` and `fsc`, and a compact text
// summary (crossings plus a few sampled shells) instead of dumping every shell.
import type { FscResult, VolumeInput } from '../core/metrics/index.ts';
import { fmt, table } from './format.ts';

export interface FscCrossingJson {
  /** spatial frequency where the curve first drops below the threshold, cycles/px */
  perPx: number;
  /** resolution in Å (voxel size / perPx), null when no header states a voxel size */
  angstrom: number | null;
}

export interface FscCurvesJson {
  /** shell centres, cycles/px, 1/M … 0.5 (M = the largest dimension) */
  freq: number[];
  all: number[];
  /** null for a shell with no Fourier point in that region (e.g. the first shells of a wide wedge) */
  present?: (number | null)[];
  missing?: (number | null)[];
}

export interface FscJson {
  fsc: FscCurvesJson;
  fsc143: FscCrossingJson | null;
  fsc05: FscCrossingJson | null;
}

export interface FscInputs {
  all: FscResult;
  present?: FscResult;
  missing?: FscResult;
}

function crossingJson(c: FscResult['fsc143'], voxelSizeA: number | null): FscCrossingJson | null {
  if (!c) return null;
  return { perPx: c.freqPerPx, angstrom: voxelSizeA === null ? null : voxelSizeA / c.freqPerPx };
}

/** An empty shell has no correlation at all, which 0 would misstate. */
function regionCurve(r: FscResult): (number | null)[] {
  return r.fsc.map((v, i) => (r.nPoints[i] > 0 ? v : null));
}

/** Crossings come from the total curve; present/missing only when a tilt list split the spectrum. */
export function fscJson(r: FscInputs, voxelSizeA: number | null): FscJson {
  const curves: FscCurvesJson = { freq: r.all.freq, all: r.all.fsc };
  if (r.present && r.missing) {
    curves.present = regionCurve(r.present);
    curves.missing = regionCurve(r.missing);
  }
  return {
    fsc: curves,
    fsc143: crossingJson(r.all.fsc143, voxelSizeA),
    fsc05: crossingJson(r.all.fsc05, voxelSizeA),
  };
}

export function crossingText(c: FscCrossingJson | null): string {
  if (!c) return 'not crossed (the curve stays above up to Nyquist)';
  const res = c.angstrom === null ? `${fmt(1 / c.perPx, 4)} px` : `${fmt(c.angstrom, 4)} Å`;
  return `${fmt(c.perPx, 4)} 1/px  (${res})`;
}

/** Indices of about `n` shells spread evenly from the first to the last (Nyquist) one. */
export function sampleShells(count: number, n = 8): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < n; k++) out.add(Math.round((k * (count - 1)) / (n - 1)));
  return [...out];
}

/** Crossing rows for the main table. */
export function crossingRows(j: FscJson): [string, string][] {
  return [
    ['FSC 0.143', crossingText(j.fsc143)],
    ['FSC 0.5', crossingText(j.fsc05)],
  ];
}

/** A few shells of each curve, aligned in columns. */
export function fscCurveText(c: FscCurvesJson): string {
  const cols: [string, (number | null)[]][] = [['all', c.all]];
  if (c.present && c.missing) cols.push(['present', c.present], ['missing', c.missing]);
  const head = ['freq 1/px', ...cols.map(([name]) => name)];
  const rows = sampleShells(c.freq.length).map((i) => [
    c.freq[i].toFixed(4),
    ...cols.map(([, v]) => {
      const x = v[i];
      return x === null ? '—' : Number.isFinite(x) ? x.toFixed(3) : String(x);
    }),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((s, k) => s.padStart(widths[k])).join('  ');
  return [`FSC (${c.freq.length} shells, sampled):`, line(head), ...rows.map(line)].join('\n') + '\n';
}

export function fscText(j: FscJson): string {
  return table(crossingRows(j)) + '\n' + fscCurveText(j.fsc);
}

/** FSC of a and b, split into present/missing Fourier regions when tilt angles are given (one FFT). */
export async function computeFsc(
  a: VolumeInput,
  b: VolumeInput,
  tiltsDeg: number[] | undefined,
  tiltAxisAngleDeg: number,
): Promise<FscInputs> {
  const m = await import('../core/metrics/index.ts');
  if (!tiltsDeg) return { all: m.fsc(a, b) };
  return m.directionalFsc(a, b, tiltsDeg, { tiltAxisAngleDeg });
}
