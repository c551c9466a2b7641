/**
 * Common lines. With the tilt about y, every aligned view projected onto y gives the same 1D profile
 * ∫∫ f(x, y, z) dx dz, whatever the tilt. In a raw view whose tilt axis lies at φ (CCW from +y), that is the
 * projection onto the direction a(φ) = (−sin φ, cos φ); at a wrong φ the profiles of views at different tilts
 * differ (the view's content perpendicular to the axis moves with the tilt). AreTomo finds the axis likewise.
 *
 * The views are box-binned once; a profile is a linear splat of the window's pixels onto s = (p − c)·a, the
 * window (a disk fixed in the raw image, or a rectangle turning with the axis) tapered by a cosine so that
 * content drifting across its edge with the tilt comes and goes smoothly. The window's weighted mean is
 * removed, so a constant background gives no profile.
 */
import type { AlignInput } from '../types.ts';
import type { ViewSelection } from '../views.ts';

export interface AxisViews {
  /** binned image size */
  w: number;
  h: number;
  bin: number;
  /** binned kept views in tilt order (ViewSelection.byTilt), each w·h, x fastest */
  images: Float32Array[];
  /** stack index of each image */
  views: number[];
  /** index into images of the view nearest 0° */
  anchor: number;
}

/** Box-bins the kept views by `bin` (binned pixel i averages full-resolution b·i … b·i + b − 1). */
export function binViews(input: AlignInput, sel: ViewSelection, bin: number): AxisViews {
  const { nu, nv } = input.det;
  const b = Math.max(1, Math.round(bin));
  const w = Math.max(1, Math.floor(nu / b));
  const h = Math.max(1, Math.floor(nv / b));
  const scale = 1 / (b * b);
  const images = sel.byTilt.map((k) => {
    const raw = input.data.subarray(k * nu * nv, (k + 1) * nu * nv);
    const out = new Float32Array(w * h);
    const row = new Float64Array(w);
    for (let j = 0; j < h; j++) {
      row.fill(0);
      for (let t = 0; t < b; t++) {
        const o = nu * (b * j + t);
        for (let i = 0; i < w; i++) {
          let s = 0;
          for (let q = 0; q < b; q++) s += raw[o + b * i + q];
          row[i] += s;
        }
      }
      for (let i = 0; i < w; i++) out[i + w * j] = row[i] * scale;
    }
    return out;
  });
  return { w, h, bin: b, images, views: [...sel.byTilt], anchor: sel.anchor };
}

/**
 * Where the pixels are read. `disk`: radius about the image centre (any axis angle). `rect`: half sizes across
 * (t, perpendicular to the axis) and along (s) the axis. `taperPx`: cosine ramp inside the edge.
 */
export type LineWindow =
  | { kind: 'disk'; radiusPx: number; taperPx: number }
  | { kind: 'rect'; halfAcrossPx: number; halfAlongPx: number; taperPx: number };

/** Profile bins: s from −half … +half in steps of 1 binned pixel. */
export function profileLength(win: LineWindow): number {
  return 2 * Math.ceil(win.kind === 'disk' ? win.radiusPx : win.halfAlongPx) + 1;
}

const ramp = (d: number, t: number) => (d >= t ? 1 : d <= 0 ? 0 : 0.5 - 0.5 * Math.cos((Math.PI * d) / t));

/**
 * The largest rectangle with the image's proportions (in the axis frame) that stays inside the w × h image
 * for every axis angle in [fromDeg, toDeg]; null when a disk holds more pixels.
 */
export function fittedWindow(w: number, h: number, fromDeg: number, toDeg: number): LineWindow {
  const hu = (w - 1) / 2;
  const hv = (h - 1) / 2;
  const disk: LineWindow = { kind: 'disk', radiusPx: Math.min(hu, hv), taperPx: 0 };
  const mid = ((fromDeg + toDeg) / 2) * (Math.PI / 180);
  // the rectangle's across/along sides follow the image's sides nearest to them at the middle angle
  const swap = Math.abs(Math.sin(mid)) > Math.SQRT1_2;
  const [ax, al] = swap ? [hv, hu] : [hu, hv];
  const steps = Math.max(2, Math.ceil(Math.abs(toDeg - fromDeg) / 0.5));
  let scale = 1;
  for (let i = 0; i <= steps; i++) {
    const phi = (fromDeg + ((toDeg - fromDeg) * i) / steps) * (Math.PI / 180);
    const c = Math.abs(Math.cos(phi));
    const s = Math.abs(Math.sin(phi));
    // corner (±ax, ±al) in the axis frame lands at |x| ≤ ax·c + al·s, |y| ≤ ax·s + al·c in the raw image
    scale = Math.min(scale, hu / (ax * c + al * s), hv / (ax * s + al * c));
  }
  const rect: LineWindow = {
    kind: 'rect',
    halfAcrossPx: scale * ax,
    halfAlongPx: scale * al,
    taperPx: 0,
  };
  const r = disk.radiusPx;
  const chosen = 4 * scale * scale * ax * al >= Math.PI * r * r ? rect : disk;
  const size = chosen.kind === 'disk' ? chosen.radiusPx : Math.min(chosen.halfAcrossPx, chosen.halfAlongPx);
  return { ...chosen, taperPx: Math.max(2, 0.15 * size) };
}

/**
 * The common-line profile of one binned image for the axis at `phiDeg`: Σ weight·(I − mean) splatted onto s.
 * `out` has profileLength(win) bins; bin m stands for s = m − half.
 */
export function lineProfile(
  img: Float32Array,
  w: number,
  h: number,
  phiDeg: number,
  win: LineWindow,
  out: Float64Array,
  weightOut: Float64Array,
): void {
  const phi = (phiDeg * Math.PI) / 180;
  const ax = -Math.sin(phi);
  const ay = Math.cos(phi);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const len = out.length;
  const half = (len - 1) / 2;
  out.fill(0);
  weightOut.fill(0);
  let sumW = 0;
  let sumWI = 0;
  const disk = win.kind === 'disk';
  const r2 = disk ? win.radiusPx * win.radiusPx : 0;
  const across = disk ? 0 : win.halfAcrossPx;
  const along = disk ? half : win.halfAlongPx;
  const taper = win.taperPx;
  for (let j = 0; j < h; j++) {
    const y = j - cy;
    for (let i = 0; i < w; i++) {
      const x = i - cx;
      const s = x * ax + y * ay;
      let wt: number;
      if (disk) {
        const rr = x * x + y * y;
        if (rr >= r2) continue;
        wt = ramp(win.radiusPx - Math.sqrt(rr), taper);
      } else {
        const t = x * ay - y * ax;
        const dt = across - Math.abs(t);
        const ds = along - Math.abs(s);
        if (dt <= 0 || ds <= 0) continue;
        wt = ramp(dt, taper) * ramp(ds, taper);
      }
      if (wt <= 0) continue;
      const v = img[i + w * j];
      const u = s + half;
      const m = Math.floor(u);
      if (m < 0 || m >= len - 1) continue;
      const f = u - m;
      const a = wt * v;
      out[m] += a * (1 - f);
      out[m + 1] += a * f;
      weightOut[m] += wt * (1 - f);
      weightOut[m + 1] += wt * f;
      sumW += wt;
      sumWI += a;
    }
  }
  const mean = sumW > 0 ? sumWI / sumW : 0;
  for (let m = 0; m < len; m++) out[m] -= mean * weightOut[m];
}
