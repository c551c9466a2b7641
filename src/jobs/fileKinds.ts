/** Sorting the files a user chose or dropped together: one stack, plus angle files. */
import { MRC_MODE_NAMES } from '../io/mrc/layout.ts';

const ANGLE_FILE = /\.(tlt|rawtlt|mdoc)$/i;

export interface FileSelection<F extends { name: string }> {
  stack: F | null;
  /** .tlt / .rawtlt / .mdoc */
  angleFiles: F[];
  /** further stacks in the same selection (ignored, with a warning) */
  ignored: F[];
}

export function isAngleFile(name: string): boolean {
  return ANGLE_FILE.test(name);
}

export function splitSelection<F extends { name: string }>(files: readonly F[]): FileSelection<F> {
  const angleFiles = files.filter((f) => isAngleFile(f.name));
  const stacks = files.filter((f) => !isAngleFile(f.name));
  return { stack: stacks[0] ?? null, angleFiles, ignored: stacks.slice(1) };
}

export function modeLabel(mode: number): string {
  return `${(MRC_MODE_NAMES as Record<number, string>)[mode] ?? 'unknown'} (mode ${mode})`;
}
