import { describe, expect, it } from 'vitest';
import { parseViewList } from './viewList.ts';

describe('parseViewList (1-based, IMOD EXCLUDELIST)', () => {
  it('parses numbers and ranges into sorted 0-based indices', () => {
    expect(parseViewList('', 10)).toEqual({ ok: true, views: [] });
    expect(parseViewList('1, 4 7-9', 10)).toEqual({ ok: true, views: [0, 3, 6, 7, 8] });
    expect(parseViewList('3,3,2', 10)).toEqual({ ok: true, views: [1, 2] });
  });

  it('explains bad input in one line', () => {
    const bad = (text: string) => {
      const r = parseViewList(text, 10);
      return r.ok ? '' : r.message;
    };
    expect(bad('0')).toMatch(/view 0 does not exist: views are numbered 1…10/);
    expect(bad('11')).toMatch(/view 11 does not exist/);
    expect(bad('a')).toMatch(/"a" is not a view number/);
    expect(bad('5-2')).toMatch(/backwards/);
    expect(bad('1-10')).toMatch(/all 10 views excluded/);
  });
});
