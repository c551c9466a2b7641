/**
 * Which views an aligner uses: the user's exclusions plus views detected as dark, blank or not finite,
 * each with a notice naming it; and the order the chains walk them in (outwards from the lowest tilt).
 */
import type { AlignInput } from './types.ts';
import { median } from '../core/stats.ts';

/** "view 21 (−20°)" / "views 3 (−54°), 40 (18°)": numbered from 1 in file order, as --exclude and IMOD count. */
export function viewNames(views: readonly number[], anglesDeg: readonly number[]): string {
  const list = views.map((k) => `${k + 1} (${anglesDeg[k]}°)`).join(', ');
  return `${views.length === 1 ? 'view' : 'views'} ${list}`;
}

export interface ViewSelection {
  /** kept view indices, ascending by tilt angle */
  byTilt: number[];
  /** index into byTilt of the view nearest 0°: the chains' anchor */
  anchor: number;
  excluded: number[];
  notices: string[];
}

interface ViewStats {
  mean: number;
  sd: number;
  finite: boolean;
}

function statsOf(data: Float32Array, offset: number, plane: number): ViewStats {
  let s = 0;
  let s2 = 0;
  for (let p = offset; p < offset + plane; p++) {
    const v = data[p];
    if (!Number.isFinite(v)) return { mean: NaN, sd: NaN, finite: false };
    s += v;
    s2 += v * v;
  }
  const mean = s / plane;
  return { mean, sd: Math.sqrt(Math.max(0, s2 / plane - mean * mean)), finite: true };
}

/** A view is blank below this fraction of the median view's standard deviation. */
export const BLANK_SD_FRACTION = 0.1;
/** Intensity data (mean ≫ sd): a view is dark below this fraction of the median mean. */
export const DARK_MEAN_FRACTION = 0.3;

export function selectViews(input: AlignInput): ViewSelection {
  const plane = input.det.nu * input.det.nv;
  const nviews = input.anglesDeg.length;
  const user = new Set(input.excludedViews ?? []);
  const stats = input.anglesDeg.map((_, k) => statsOf(input.data, k * plane, plane));
  const candidates = stats.map((s, k) => (s.finite && !user.has(k) ? k : -1)).filter((k) => k >= 0);
  const medSd = median(candidates.map((k) => stats[k].sd));
  const medMean = median(candidates.map((k) => stats[k].mean));
  const intensity = medMean > 3 * medSd;
  const notices: string[] = [];
  const detected = new Map<string, number[]>();
  const flag = (why: string, k: number) => detected.set(why, [...(detected.get(why) ?? []), k]);
  for (let k = 0; k < nviews; k++) {
    if (user.has(k)) continue;
    const s = stats[k];
    if (!s.finite) flag('not finite (NaN or Inf pixels)', k);
    else if (s.sd < BLANK_SD_FRACTION * medSd) flag('blank (no signal)', k);
    else if (intensity && s.mean < DARK_MEAN_FRACTION * medMean) flag('dark', k);
  }
  for (const [why, views] of detected) {
    notices.push(
      `${viewNames(views, input.anglesDeg)} ${views.length === 1 ? 'looks' : 'look'} ${why}: excluded from alignment`,
    );
  }
  const excludedSet = new Set([...user, ...[...detected.values()].flat()]);
  const kept = [...Array(nviews).keys()].filter((k) => !excludedSet.has(k));
  const byTilt = kept.sort((a, b) => input.anglesDeg[a] - input.anglesDeg[b] || a - b);
  let anchor = 0;
  for (let i = 1; i < byTilt.length; i++) {
    if (Math.abs(input.anglesDeg[byTilt[i]]) < Math.abs(input.anglesDeg[byTilt[anchor]])) anchor = i;
  }
  return { byTilt, anchor, excluded: [...excludedSet].sort((a, b) => a - b), notices };
}

/** Shifts for excluded views, interpolated in tilt from the nearest kept ones (held constant past the ends). */
export function fillExcludedShifts(
  shifts: ([number, number] | null)[],
  anglesDeg: readonly number[],
): [number, number][] {
  const known = shifts
    .map((s, k) => ({ s, k, a: anglesDeg[k] }))
    .filter((e): e is { s: [number, number]; k: number; a: number } => e.s !== null)
    .sort((p, q) => p.a - q.a);
  return shifts.map((s, k) => {
    if (s) return s;
    if (known.length === 0) return [0, 0];
    const a = anglesDeg[k];
    const hi = known.findIndex((e) => e.a >= a);
    if (hi <= 0) return [...known[hi === 0 ? 0 : known.length - 1].s] as [number, number];
    const lo = known[hi - 1];
    const up = known[hi];
    const f = up.a === lo.a ? 0 : (a - lo.a) / (up.a - lo.a);
    return [lo.s[0] + f * (up.s[0] - lo.s[0]), lo.s[1] + f * (up.s[1] - lo.s[1])];
  });
}
