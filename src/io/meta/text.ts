// Small helpers shared by the metadata parsers: line splitting, strict numbers, printf-style fixed output.
import { WedgeLabError } from '../../core/errors.ts';

/** Lines without terminators; tolerates CRLF (SerialEM on Windows), CR and a UTF-8 BOM. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

// Decimal numbers only: Number() alone would accept '0x10', 'Infinity' and '' (as 0).
// Fortran's D exponent (1.0D+02) is accepted because old IMOD/Fortran tools can write it.
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/** The number a token spells, or undefined when it is not a plain decimal number. */
export function parseNumber(token: string): number | undefined {
  const t = token.trim();
  if (!NUMBER_RE.test(t)) return undefined;
  const value = Number(t.replace(/[dD]/, 'e'));
  return Number.isFinite(value) ? value : undefined;
}

/** Every decimal number in a line, also when fixed-width columns ran together ('81283.28-103507.92'). */
export function numbersIn(line: string): number[] {
  const found = line.match(/[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/g) ?? [];
  return found.map(Number);
}

/** 'a/b/TS_01.tlt' → 'TS_01.tlt', so messages name the file the user recognises. */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

/**
 * C printf "%W.Df": right-aligned in `width` columns, `decimals` after the point, ties to even on the
 * exact binary value (as glibc does; toFixed() breaks ties upwards). Wider values widen the field
 * instead of printing Fortran's asterisks.
 */
export function formatFixed(value: number, width: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new WedgeLabError('bad-argument', `cannot write ${value} as a number`);
  const negative = value < 0 || Object.is(value, -0);
  if (Math.abs(value) >= 1e21) return String(value).padStart(width, ' '); // toFixed goes exponential here
  // toFixed(decimals + 60) is exact for doubles of the magnitudes met here, so the tie test is exact too.
  const exact = Math.abs(value).toFixed(Math.min(100, decimals + 60));
  const [intPart, fracPart = ''] = exact.split('.');
  let digits = intPart + fracPart.slice(0, decimals);
  const rest = fracPart.slice(decimals);
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1).replace(/0+$/, '');
  const lastDigitOdd = (digits.charCodeAt(digits.length - 1) - 48) % 2 === 1;
  if (first > 5 || (first === 5 && (tail.length > 0 || lastDigitOdd))) digits = incrementDigits(digits);
  const whole = digits.slice(0, digits.length - decimals) || '0';
  const body = decimals > 0 ? `${whole}.${digits.slice(digits.length - decimals)}` : whole;
  return ((negative ? '-' : '') + body).padStart(width, ' ');
}

function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') out[i] = '0';
    else {
      out[i] = String.fromCharCode(out[i].charCodeAt(0) + 1);
      return out.join('');
    }
  }
  return '1' + out.join('');
}
