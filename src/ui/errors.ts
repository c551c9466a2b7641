/** Turning any error into what the banner says: which file, what is wrong, what to do. */
import { oneLine } from '../core/errors.ts';
import type { UserError } from '../state/appStore.ts';

const HINTS: Record<string, string> = {
  truncated: 'The file is shorter than its header says: copy or download it again.',
  'bad-header': 'Choose an MRC/CCP4 stack or volume (.mrc, .st, .ali, .rec, .map; .gz and .bz2 are fine).',
  unsupported:
    'Convert it to float32 first, e.g. `wedgelab convert IN OUT --mode 2` or IMOD `newstack -mode 2`.',
  mismatch:
    'Choose the angle file that belongs to this stack (one angle per section), or drop the stack alone to use the angles in its header.',
  'too-large': 'Bin the stack first (e.g. IMOD `newstack -bin 2`) or use the wedgelab CLI.',
  'bad-argument': 'Choose the image stack (.mrc, .st), optionally together with its .tlt, .rawtlt or .mdoc.',
  'not-found': 'Open the file again.',
};

const DEFAULT_HINT = 'Check that this is an MRC file and try again, or choose another file.';

export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isCancelled(e: unknown): boolean {
  return errorCode(e) === 'cancelled';
}

/** The message names a tilt or alignment file first: the fix is in that file, not the stack. */
const SIDE_FILE = /^\S+\.(tlt|rawtlt|mdoc|xf)\b/i;

export function toUserError(e: unknown, what: string): UserError {
  const code = errorCode(e);
  const message = oneLine(e);
  const side = code !== 'mismatch' && SIDE_FILE.test(message);
  return {
    title: `Could not open ${what}`,
    message,
    hint: side
      ? 'Fix that file (a .tlt lists one tilt angle per line, in stack order) or choose the stack’s own .tlt/.mdoc.'
      : (code && HINTS[code]) || DEFAULT_HINT,
  };
}
