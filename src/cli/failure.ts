// Turns whatever was thrown into one line for stderr and an exit status.
import { isWedgeLabError, oneLine } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

export interface Failure {
  exitCode: number;
  message: string;
}

interface NodeFsError {
  code: string;
  path?: string;
  syscall?: string;
}

function isFsError(e: unknown): e is Error & NodeFsError {
  return e instanceof Error && typeof (e as Partial<NodeFsError>).code === 'string';
}

/** User-facing wording for file-system errors: the path and what to do, not errno jargon. */
const FS_MESSAGES: Record<string, (path: string) => string> = {
  ENOENT: (p) => `${p}: no such file or directory`,
  EISDIR: (p) => `${p}: is a directory, expected a file`,
  ENOTDIR: (p) => `${p}: a part of the path is not a directory`,
  EACCES: (p) => `${p}: permission denied`,
  EPERM: (p) => `${p}: operation not permitted`,
  EROFS: (p) => `${p}: read-only file system`,
  ENOSPC: (p) => `${p}: no space left on device`,
  EMFILE: (p) => `${p}: too many open files`,
  ENAMETOOLONG: (p) => `${p}: file name too long`,
};

export function describeFailure(e: unknown): Failure {
  if (isWedgeLabError(e)) return { exitCode: EXIT_USAGE, message: oneLine(e) };
  if (isFsError(e) && FS_MESSAGES[e.code]) {
    return { exitCode: EXIT_USAGE, message: FS_MESSAGES[e.code](e.path ?? 'file') };
  }
  if (
    e instanceof RangeError &&
    /Array buffer allocation failed|Invalid typed array length/.test(e.message)
  ) {
    return { exitCode: EXIT_USAGE, message: `out of memory: ${oneLine(e)}; try a smaller file or binning` };
  }
  return {
    exitCode: EXIT_INTERNAL,
    message: `internal error: ${oneLine(e)} (set WEDGELAB_DEBUG=1 for details)`,
  };
}
