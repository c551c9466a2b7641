/** Number formatting for the info panel: fixed decimals, real minus signs, units. */

export function fmt(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(decimals).replace('-', '−');
}

export function fmtSigned(value: number, decimals = 1): string {
  return (value > 0 ? '+' : '') + fmt(value, decimals);
}

/** Compact value for data statistics: 4 significant digits, exponent when large or tiny. */
export function fmtValue(value: number): string {
  const a = Math.abs(value);
  const text = a !== 0 && (a >= 1e5 || a < 1e-3) ? value.toExponential(3) : value.toPrecision(4);
  return text.replace('-', '−');
}

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 2 ** 30) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

export function fmtVoxel(v: [number, number, number]): string {
  if (v.every((x) => x === 0)) return 'unknown';
  if (v[0] === v[1] && v[1] === v[2]) return `${fmt(v[0], 3)} Å`;
  return `${v.map((x) => fmt(x, 3)).join(' × ')} Å`;
}

export function fmtTilt(angles: readonly number[]): string {
  const lo = Math.min(...angles);
  const hi = Math.max(...angles);
  const steps = angles.slice(1).map((a, i) => Math.abs(a - angles[i]));
  const uniform = steps.length > 0 && steps.every((s) => Math.abs(s - steps[0]) < 0.05);
  const step = uniform ? `, step ${fmt(steps[0], 1)}°` : '';
  return `${fmtSigned(lo)}° … ${fmtSigned(hi)}° (${angles.length} views${step})`;
}
