// The text files next to a tilt series (--tilts, --xf), read the same way by every command: the path is
// checked first (a directory or a missing file fails with its path), and a .mdoc gives its angles.
import { readFile, stat } from 'node:fs/promises';
import { WedgeLabError } from '../core/errors.ts';
import type { XfTransform } from '../io/meta/index.ts';

/** The file's text; errors name the option and the path (readFile's EISDIR carries no path). */
async function readText(path: string, option: string): Promise<string> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new WedgeLabError('not-found', `${option} ${path}: no such file`);
    throw e;
  }
  if (isDir) throw new WedgeLabError('bad-argument', `${option} ${path}: is a directory, expected a file`);
  return readFile(path, 'utf8');
}

/**
 * Tilt angles in stack order: an IMOD .tlt/.rawtlt (one angle per line), or a SerialEM .mdoc (the
 * TiltAngle of each [ZValue] section, sorted by ZValue).
 */
export async function loadTilts(path: string, option = '--tilts'): Promise<number[]> {
  const text = await readText(path, option);
  const meta = await import('../io/meta/index.ts');
  if (/\.mdoc$/i.test(path)) return meta.mdocTiltAnglesDeg(meta.parseMdoc(text, path));
  return meta.parseTlt(text, path);
}

/** An IMOD .xf: one raw → aligned transform per line. */
export async function loadXf(path: string, option = '--xf'): Promise<XfTransform[]> {
  const text = await readText(path, option);
  const { parseXf } = await import('../io/meta/index.ts');
  return parseXf(text, path);
}
