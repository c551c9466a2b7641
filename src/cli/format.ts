// Output helpers shared by the commands: JSON that stays valid, numbers and tables for people.

/** One JSON document. NaN/±Infinity (invalid JSON) become null; typed arrays become plain arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    2,
  );
}

/** Compact, round-trippable enough for a table: 6 significant digits, no trailing noise. */
export function fmt(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(digits)));
}

export function fmtList(values: readonly number[], sep = ', '): string {
  return values.map((v) => fmt(v)).join(sep);
}

/** A voxel size for people: entries of 0 mean unknown (MRC cell 0), so no invented Å is printed. */
export function fmtVoxelSize(voxelSizeA: readonly number[]): string {
  if (voxelSizeA.every((v) => v === 0)) return 'unknown (cell 0)';
  return `${voxelSizeA.map((v) => (v === 0 ? '?' : fmt(v))).join(' × ')} Å`;
}

/** The x voxel size for JSON: null when unknown (0). */
export function knownSize(voxelSizeA: number): number | null {
  return voxelSizeA > 0 ? voxelSizeA : null;
}

/** Two-column table: labels padded to the same width. */
export function table(rows: readonly [string, string][]): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`.trimEnd()).join('\n') + '\n';
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}
