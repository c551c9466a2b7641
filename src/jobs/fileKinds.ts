/** Sorting the files a user chose or dropped together: one stack, plus angle files. */
import { MRC_MODE_NAMES } from '../io/mrc/layout.ts';

const ANGLE_FILE = /\.(tlt|rawtlt|mdoc)$/i;
const XF_FILE = /\.xf$/i;

export interface FileSelection<F extends { name: string }> {
  stack: F | null;
  /** .tlt / .rawtlt / .mdoc */
  angleFiles: F[];
  /** IMOD .xf (raw → aligned transforms), applied by the reconstruction */
  xfFiles: F[];
  /** further stacks in the same selection (ignored, with a warning) */
  ignored: F[];
}

export function isAngleFile(name: string): boolean {
  return ANGLE_FILE.test(name);
}

export function splitSelection<F extends { name: string }>(files: readonly F[]): FileSelection<F> {
  const angleFiles = files.filter((f) => isAngleFile(f.name));
  const xfFiles = files.filter((f) => XF_FILE.test(f.name));
  const stacks = files.filter((f) => !isAngleFile(f.name) && !XF_FILE.test(f.name));
  return { stack: stacks[0] ?? null, angleFiles, xfFiles, ignored: stacks.slice(1) };
}

export function modeLabel(mode: number): string {
  return `${(MRC_MODE_NAMES as Record<number, string>)[mode] ?? 'unknown'} (mode ${mode})`;
}
