/**
 * The one error type users see. `message` is a single human line: which input, what is wrong,
 * what was expected or what to do. Callers at the edges (CLI, UI) print `message` and nothing else.
 */
export type WedgeLabErrorCode =
  | 'truncated'
  | 'bad-header'
  | 'unsupported'
  | 'mismatch'
  | 'bad-argument'
  | 'too-large'
  | 'not-found'
  | 'gpu-lost'
  | 'cancelled';

export class WedgeLabError extends Error {
  readonly code: WedgeLabErrorCode;
  constructor(code: WedgeLabErrorCode, message: string) {
    super(message);
    this.name = 'WedgeLabError';
    this.code = code;
  }
}

export function isWedgeLabError(e: unknown): e is WedgeLabError {
  return e instanceof Error && (e as WedgeLabError).name === 'WedgeLabError' && 'code' in e;
}

/** One line for users, whatever was thrown; unexpected errors keep their message but lose the stack. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].trim() || 'unknown error';
}
