// Recognises how a tilt series was acquired from its angles in acquisition order.
export type TiltScheme = 'dose-symmetric' | 'bidirectional' | 'unidirectional' | 'unknown';

/**
 * - unidirectional: one monotonic sweep (e.g. −60 → +60);
 * - bidirectional: a sweep from near 0 to one end, then from near 0 to the other end;
 * - dose-symmetric (Hagen): starts near 0, each side only moves outwards (within half a step) and the
 *   side switches more than once (0, 3, −3, −6, 6, 9, ... or in groups: 0, 3, 6, −3, −6, 9, 12, ...).
 * Fewer than 3 views, or anything else, is 'unknown'.
 */
export function detectTiltScheme(acquiredAnglesDeg: readonly number[]): TiltScheme {
  const a = acquiredAnglesDeg;
  if (a.length < 3) return 'unknown';
  const stepDeg = medianStepDeg(a);
  if (!(stepDeg > 0)) return 'unknown';
  const tolDeg = stepDeg / 2;

  if (isMonotonic(a, tolDeg)) return 'unidirectional';

  const nearZero = Math.abs(a[0]) <= stepDeg + tolDeg;
  const signs = a.filter((v) => Math.abs(v) > tolDeg).map(Math.sign);
  let signChanges = 0;
  for (let k = 1; k < signs.length; k++) if (signs[k] !== signs[k - 1]) signChanges++;
  // Each side only moves outwards; groups (+3, +6, −3, −6, +9, ...) are allowed.
  const positive = a.filter((v) => v > tolDeg);
  const negative = a.filter((v) => v < -tolDeg);
  const outwards =
    isMonotonicUp(positive, tolDeg) &&
    isMonotonicUp(
      negative.map((v) => -v),
      tolDeg,
    );
  if (nearZero && outwards && signChanges >= 2) return 'dose-symmetric';

  // Bidirectional: two monotonic runs in opposite directions, the second starting back near the first.
  for (let split = 2; split < a.length - 1; split++) {
    const first = a.slice(0, split);
    const second = a.slice(split);
    if (!isMonotonic(first, tolDeg) || !isMonotonic(second, tolDeg)) continue;
    const dir1 = Math.sign(first[first.length - 1] - first[0]);
    const dir2 = Math.sign(second[second.length - 1] - second[0]);
    if (dir1 !== 0 && dir1 === -dir2 && Math.abs(second[0] - a[0]) <= 2 * stepDeg) return 'bidirectional';
  }
  return 'unknown';
}

function isMonotonicUp(a: readonly number[], tolDeg: number): boolean {
  return a.every((v, k) => k === 0 || v >= a[k - 1] - tolDeg);
}

function isMonotonic(a: readonly number[], tolDeg: number): boolean {
  return (
    isMonotonicUp(a, tolDeg) ||
    isMonotonicUp(
      a.map((v) => -v),
      tolDeg,
    )
  );
}

/** The typical angular step: median gap between distinct sorted angles. */
function medianStepDeg(a: readonly number[]): number {
  const sorted = [...a].sort((x, y) => x - y);
  const gaps: number[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const gap = sorted[k] - sorted[k - 1];
    if (gap > 1e-3) gaps.push(gap);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)];
}
