/**
 * Colormaps for the orthoslices as 256-entry RGBA lookup tables, shared by the 2D fallback (render/section.ts)
 * and the three.js views (a 256 × 1 texture), so both draw the same colours. Pure, no DOM.
 */

export type ColormapName = 'grey' | 'inverted' | 'viridis';

export const COLORMAPS: readonly { name: ColormapName; label: string }[] = [
  { name: 'grey', label: 'grey' },
  { name: 'inverted', label: 'inverted' },
  { name: 'viridis', label: 'viridis' },
];

/**
 * viridis (van der Walt & Smith, matplotlib 2.0) at 11 evenly spaced stops, as R's viridisLite::viridis(11)
 * lists them; linear interpolation between stops stays within a few levels of the 256-entry original.
 */
const VIRIDIS_STOPS = [
  0x440154, 0x482576, 0x414487, 0x35608d, 0x2a788e, 0x21908c, 0x22a884, 0x43bf71, 0x7ad151, 0xbbdf27,
  0xfde725,
];

function interpolate(stops: readonly number[], i: number): [number, number, number] {
  const t = (i / 255) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(t));
  const f = t - k;
  const [a, b] = [stops[k], stops[k + 1]];
  const ch = (shift: number) => Math.round(((a >> shift) & 0xff) * (1 - f) + ((b >> shift) & 0xff) * f);
  return [ch(16), ch(8), ch(0)];
}

const cache = new Map<ColormapName, Uint8Array<ArrayBuffer>>();

/** 256 × RGBA bytes: entry i is the colour of display level i (0 = window low, 255 = window high). */
export function colormapLut(name: ColormapName): Uint8Array<ArrayBuffer> {
  const hit = cache.get(name);
  if (hit) return hit;
  const lut = new Uint8Array(new ArrayBuffer(256 * 4));
  for (let i = 0; i < 256; i++) {
    const rgb: [number, number, number] =
      name === 'viridis'
        ? interpolate(VIRIDIS_STOPS, i)
        : name === 'inverted'
          ? [255 - i, 255 - i, 255 - i]
          : [i, i, i];
    lut.set([...rgb, 255], 4 * i);
  }
  cache.set(name, lut);
  return lut;
}

export function isColormap(s: string): s is ColormapName {
  return COLORMAPS.some((c) => c.name === s);
}
