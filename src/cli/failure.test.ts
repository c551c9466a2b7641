import { describe, expect, it } from 'vitest';
import { WedgeLabError } from '../core/errors.ts';
import { describeFailure } from './failure.ts';

function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: something, open '${path}'`), { code, path, syscall: 'open' });
}

describe('describeFailure', () => {
  it('bad input exits 2 with the error message', () => {
    expect(describeFailure(new WedgeLabError('truncated', 'a.mrc: truncated\nmore'))).toEqual({
      exitCode: 2,
      message: 'a.mrc: truncated',
    });
  });
  it('file-system errors name the path and exit 2', () => {
    expect(describeFailure(fsError('ENOENT', 'x/y.mrc'))).toEqual({
      exitCode: 2,
      message: 'x/y.mrc: no such file or directory',
    });
    expect(describeFailure(fsError('EACCES', '/root/a'))).toEqual({
      exitCode: 2,
      message: '/root/a: permission denied',
    });
    expect(describeFailure(fsError('EISDIR', 'd')).message).toBe('d: is a directory, expected a file');
  });
  it('anything else is an internal error: exit 1, one line', () => {
    const f = describeFailure(new TypeError('x is not a function\n    at foo (bar.ts:1:1)'));
    expect(f.exitCode).toBe(1);
    expect(f.message).toMatch(/^internal error: x is not a function \(set WEDGELAB_DEBUG=1 for details\)$/);
  });
});
