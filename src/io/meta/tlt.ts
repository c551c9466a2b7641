// IMOD .tlt / .rawtlt: one tilt angle in degrees per line, in section (Z) order.
import { WedgeLabError } from '../../core/errors.ts';
import { baseName, formatFixed, parseNumber, splitLines } from './text.ts';

/** Tilt angles beyond ±180° are never tilt angles: most likely a wrong file (e.g. a .xf) was given. */
const MAX_ABS_ANGLE_DEG = 180;

/**
 * Parses a .tlt/.rawtlt. Blank lines and surrounding whitespace are skipped; a line holding
 * anything but one number is an error naming the file and line.
 */
export function parseTlt(text: string, fileName: string): number[] {
  const name = baseName(fileName);
  const anglesDeg: number[] = [];
  splitLines(text).forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const angleDeg = parseNumber(t);
    if (angleDeg === undefined) {
      const shown = t.length > 40 ? `${t.slice(0, 40)}…` : t;
      throw new WedgeLabError(
        'bad-header',
        `${name} line ${i + 1}: "${shown}" is not a tilt angle; expected one number (degrees) per line`,
      );
    }
    if (Math.abs(angleDeg) > MAX_ABS_ANGLE_DEG) {
      throw new WedgeLabError(
        'bad-header',
        `${name} line ${i + 1}: tilt angle ${angleDeg}° is outside ±${MAX_ABS_ANGLE_DEG}°; expected a tilt angle file`,
      );
    }
    anglesDeg.push(angleDeg);
  });
  if (anglesDeg.length === 0) {
    throw new WedgeLabError('truncated', `${name} has no tilt angles; expected one angle (degrees) per line`);
  }
  return anglesDeg;
}

/** Writes angles as IMOD's tiltalign does: Fortran f7.2, one per line, newline-terminated. */
export function formatTlt(anglesDeg: readonly number[]): string {
  return anglesDeg.map((a) => formatFixed(a, 7, 2) + '\n').join('');
}
