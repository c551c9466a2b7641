/** Sorting the files a user chose or dropped together: one stack, plus angle files. */

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

const MODE_LABELS: Record<number, string> = {
  0: 'int8',
  1: 'int16',
  2: 'float32',
  3: 'complex int16',
  4: 'complex float32',
  6: 'uint16',
  12: 'float16',
  101: '4-bit',
};

export function modeLabel(mode: number): string {
  return `${MODE_LABELS[mode] ?? 'unknown'} (mode ${mode})`;
}
