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

/** 0.42 s, 12 s, 3 min 05 s */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(seconds < 1 ? 2 : 1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${String(Math.round(seconds - 60 * m)).padStart(2, '0')} s`;
}

/** 1.2 G, 86 M, 950 k */
export function fmtCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)} k`;
  return n.toPrecision(3);
}
