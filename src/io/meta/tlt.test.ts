import { describe, expect, it } from 'vitest';
import { hasSharedData } from '../../testing/sharedData.ts';
import { readSharedText as readText, thrown } from './testHelpers.ts';
import { formatFixed } from './text.ts';
import { formatTlt, parseTlt } from './tlt.ts';

/** The independent reading: split on newlines, drop blanks, Number() each. */
const simpleSplit = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);

describe.skipIf(!hasSharedData)('parseTlt / formatTlt on real IMOD files', () => {
  it('reads BBa.tlt like a plain split, and writes it back byte for byte', () => {
    const text = readText('imod/uitestData_BB/BBa.tlt');
    const expected = simpleSplit(text);
    const anglesDeg = parseTlt(text, 'BBa.tlt');
    expect(expected.length).toBe(61);
    expect(anglesDeg).toEqual(expected);
    expect(anglesDeg[0]).toBe(65.06);
    expect(anglesDeg[60]).toBe(-55.12);
    expect(formatTlt(anglesDeg)).toBe(text);
  });

  it('writes BBb.tlt and HAADF.rawtlt back byte for byte', () => {
    for (const rel of ['imod/uitestData_BB/BBb.tlt', 'etspy/HAADF.rawtlt']) {
      const text = readText(rel);
      expect(formatTlt(parseTlt(text, rel))).toBe(text);
    }
  });

  it('reads the 77-angle HAADF.rawtlt (−76…76 in 2° steps)', () => {
    const anglesDeg = parseTlt(readText('etspy/HAADF.rawtlt'), 'HAADF.rawtlt');
    expect(anglesDeg).toHaveLength(77);
    expect(anglesDeg[0]).toBe(-76);
    expect(anglesDeg[76]).toBe(76);
    expect(anglesDeg.every((a, k) => k === 0 || Math.abs(a - anglesDeg[k - 1] - 2) < 1e-9)).toBe(true);
  });

  it.each([
    ['1.5deg-minus1.rawtlt', 82, -61],
    ['1.5deg-plus1.rawtlt', 82, -60.5],
    ['1.5deg-zero.rawtlt', 81, -60],
    ['2deg-even.rawtlt', 61, -60],
    ['2deg-odd.rawtlt', 62, -61],
  ])('reads the IMOD template %s', (file, count, firstDeg) => {
    const text = readText(`imod/com_rawtlt/${file}`);
    const anglesDeg = parseTlt(text, file);
    expect(anglesDeg).toEqual(simpleSplit(text));
    expect(anglesDeg).toHaveLength(count);
    expect(anglesDeg[0]).toBe(firstDeg);
  });
});

describe('parseTlt tolerances and errors', () => {
  it('skips blank lines and whitespace, accepts CRLF, exponents and a BOM', () => {
    expect(parseTlt('\uFEFF  -60.0 \r\n\r\n\t0\r\n 6e1\n\n', 'x.tlt')).toEqual([-60, 0, 60]);
  });

  it('names the file and line of a non-numeric entry', () => {
    const e = thrown(() => parseTlt('-60\n-58\nabc\n', 'dir/TS_01.tlt'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.tlt line 3');
    expect(e.message).not.toContain('\n');
  });

  it('refuses two numbers on one line, hex, and angles beyond ±180°', () => {
    expect(thrown(() => parseTlt('1 2\n', 'a.tlt')).message).toContain('a.tlt line 1');
    expect(thrown(() => parseTlt('0x10\n', 'a.tlt')).code).toBe('bad-header');
    expect(thrown(() => parseTlt('0\n512.5\n', 'a.xf')).message).toContain('a.xf line 2');
  });

  it('calls an empty or blank file truncated and names it', () => {
    for (const text of ['', '\n \n\t\n']) {
      const e = thrown(() => parseTlt(text, 'empty.rawtlt'));
      expect(e.code).toBe('truncated');
      expect(e.message).toContain('empty.rawtlt');
    }
  });

  it('round-trips any angles to the written precision (0.005°)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 180 - 90;
    const anglesDeg = Array.from({ length: 200 }, rand);
    const back = parseTlt(formatTlt(anglesDeg), 'r.tlt');
    expect(back).toHaveLength(200);
    back.forEach((a, k) => expect(Math.abs(a - anglesDeg[k])).toBeLessThanOrEqual(0.005 + 1e-12));
  });
});

describe('formatFixed matches C printf %W.Df', () => {
  it('rounds exact ties to even and keeps the sign of small negatives', () => {
    expect(formatFixed(0.125, 7, 2)).toBe('   0.12'); // toFixed would give 0.13
    expect(formatFixed(0.375, 7, 2)).toBe('   0.38');
    expect(formatFixed(-2.5, 4, 0)).toBe('  -2');
    expect(formatFixed(-0.001, 7, 2)).toBe('  -0.00');
    expect(formatFixed(9.999, 7, 2)).toBe('  10.00');
    expect(formatFixed(-20.199, 12, 3)).toBe('     -20.199');
    expect(formatFixed(123456.5, 3, 0)).toBe('123456'); // widens, never truncates
  });

  it('agrees with toFixed away from ties', () => {
    let seed = 3;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 69069 + 1) % 2 ** 32;
      const v = (seed / 2 ** 32 - 0.5) * 2000;
      expect(formatFixed(v, 12, 7)).toBe(v.toFixed(7).padStart(12));
    }
  });
});
