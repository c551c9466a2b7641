/** Sorting the files a user chose or dropped together: one stack, plus angle files. */
import { MRC_MODE_NAMES } from '../io/mrc/layout.ts';

const ANGLE_FILE = /\.(tlt|rawtlt|mdoc)$/i;
const XF_FILE = /\.xf$/i;

/** Files that come with tilt series but are not read here, and what they are (said when they are ignored). */
const NOT_READ: readonly [RegExp, string][] = [
  [/\.star$/i, 'a RELION/Warp STAR metadata file, which WedgeLab does not read'],
  [/\.aln$/i, 'an AreTomo alignment, which the page does not apply yet (wedgelab reads .xf)'],
  [/\.json$/i, 'not an image stack (a WedgeLab recipe goes to Open recipe…)'],
];

/** Why `name` is not an image stack, or null when it may be one. */
export function notAStack(name: string): string | null {
  return NOT_READ.find(([re]) => re.test(name))?.[1] ?? null;
}

export interface FileSelection<F extends { name: string }> {
  stack: F | null;
  /** .tlt / .rawtlt / .mdoc */
  angleFiles: F[];
  /** IMOD .xf (raw → aligned transforms), applied by the reconstruction */
  xfFiles: F[];
  /** further stacks in the same selection (ignored, with a warning) */
  ignored: F[];
  /** files that are not stacks (.star, .aln, …): ignored, naming what they are */
  notRead: F[];
}

export function isAngleFile(name: string): boolean {
  return ANGLE_FILE.test(name);
}

export function splitSelection<F extends { name: string }>(files: readonly F[]): FileSelection<F> {
  const angleFiles = files.filter((f) => isAngleFile(f.name));
  const xfFiles = files.filter((f) => XF_FILE.test(f.name));
  const others = files.filter((f) => !isAngleFile(f.name) && !XF_FILE.test(f.name));
  const stacks = others.filter((f) => notAStack(f.name) === null);
  const notRead = others.filter((f) => notAStack(f.name) !== null);
  return { stack: stacks[0] ?? null, angleFiles, xfFiles, ignored: stacks.slice(1), notRead };
}

export function modeLabel(mode: number): string {
  return `${(MRC_MODE_NAMES as Record<number, string>)[mode] ?? 'unknown'} (mode ${mode})`;
}
