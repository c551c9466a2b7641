import { describe, expect, it } from 'vitest';
import { WedgeLabError } from '../core/errors.ts';
import { toUserError } from './errors.ts';

describe('toUserError: the hint fits the file that is wrong', () => {
  it('a bad .tlt asks to fix the angle file, not to choose an MRC stack', () => {
    const e = new WedgeLabError(
      'bad-header',
      'TS_01.tlt line 3: "abc" is not a tilt angle; expected one number (degrees) per line',
    );
    const u = toUserError(e, 'TS_01.mrc + TS_01.tlt');
    expect(u.hint).toMatch(/^Fix that file/);
    expect(u.hint).not.toMatch(/MRC/);
  });

  it('a bad stack keeps the stack hint', () => {
    const u = toUserError(new WedgeLabError('bad-header', "x.mrc: no 'MAP ' stamp"), 'x.mrc');
    expect(u.hint).toMatch(/^Choose an MRC\/CCP4 stack/);
  });
});
