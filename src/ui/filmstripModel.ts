/** The tilt-series filmstrip's arithmetic (pure): thumbnail binning, load order and keyboard moves. */

/** Largest side of a thumbnail, in pixels. */
export const THUMB_PX = 64;

/** The read bin that makes an nx × ny view at most `maxPx` on its longer side. */
export const thumbBin = (nx: number, ny: number, maxPx = THUMB_PX): number =>
  Math.max(1, Math.ceil(Math.max(nx, ny) / maxPx));

/** Every view once, the current one first, then outward from it (nearest views load first). */
export function loadOrder(n: number, current: number): number[] {
  const c = Math.min(n - 1, Math.max(0, current));
  const out: number[] = n > 0 ? [c] : [];
  for (let d = 1; out.length < n; d++) {
    if (c + d < n) out.push(c + d);
    if (c - d >= 0) out.push(c - d);
  }
  return out;
}

/** The view a key moves to from `k` of `n`, or null when the key does not move. */
export function viewAfterKey(key: string, k: number, n: number): number | null {
  const to: Record<string, number> = {
    ArrowLeft: k - 1,
    ArrowRight: k + 1,
    ArrowUp: k - 1,
    ArrowDown: k + 1,
    PageUp: k - 10,
    PageDown: k + 10,
    Home: 0,
    End: n - 1,
  };
  return key in to ? Math.min(n - 1, Math.max(0, to[key])) : null;
}
