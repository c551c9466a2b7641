/**
 * A plot's data as CSV or SVG (vector, for a paper or slides), and its canvas as PNG: what Export offers
 * under the FSC and loss plots. uPlot draws on a canvas only, so the SVG is drawn here from the same curves:
 * a frame, ticks, one polyline per curve and a legend; no styling beyond the curves' colours.
 */
export interface Curve {
  label: string;
  stroke: string;
  y: readonly number[];
  dash?: boolean;
}

export interface PlotData {
  xLabel: string;
  x: readonly number[];
  curves: Curve[];
  xRange: [number, number];
  yRange: [number, number];
  /** y on a log scale (a loss falls over decades), as the page's plot draws it; values ≤ 0 are left out */
  yLog?: boolean;
}

const cell = (v: number | string) =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : `"${v.replace(/"/g, '""')}"`;

/** One row per x, one column per curve; a non-finite value is an empty cell. */
export function curvesCsv(p: PlotData): string {
  const lines = [[p.xLabel, ...p.curves.map((c) => c.label)].map(cell).join(',')];
  for (let i = 0; i < p.x.length; i++)
    lines.push([p.x[i], ...p.curves.map((c) => c.y[i])].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ticks = (lo: number, hi: number, n = 5) =>
  Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);

/** ticks at 1, 2 and 5 × each decade inside [lo, hi] (only the decades when they are many); lo > 0 */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const decades = Math.log10(hi / lo);
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const k of decades > 3 ? [1] : [1, 2, 5]) {
      const t = k * 10 ** e;
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push(t);
    }
  }
  return out.length >= 2 ? out : [lo, hi];
}

export function curvesSvg(p: PlotData, width = 480, height = 300): string {
  const m = { l: 48, r: 12, t: 12, b: 40 };
  const w = width - m.l - m.r;
  const h = height - m.t - m.b;
  const sx = (v: number) => m.l + ((v - p.xRange[0]) / (p.xRange[1] - p.xRange[0])) * w;
  const f = p.yLog ? Math.log10 : (v: number) => v;
  const [y0, y1] = [f(p.yRange[0]), f(p.yRange[1])];
  const sy = (v: number) => m.t + (1 - (f(v) - y0) / (y1 - y0 || 1)) * h;
  const drawn = (v: number) => Number.isFinite(v) && (!p.yLog || v > 0);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect x="${m.l}" y="${m.t}" width="${w}" height="${h}" fill="none" stroke="#888"/>`,
  ];
  for (const t of ticks(...p.xRange)) {
    out.push(
      `<text x="${sx(t).toFixed(1)}" y="${height - m.b + 14}" text-anchor="middle">${+t.toFixed(3)}</text>`,
    );
  }
  for (const t of p.yLog ? logTicks(...p.yRange) : ticks(...p.yRange)) {
    const label = String(p.yLog ? +t.toPrecision(2) : +t.toFixed(2));
    out.push(`<text x="${m.l - 4}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label}</text>`);
  }
  out.push(`<text x="${m.l + w / 2}" y="${height - 6}" text-anchor="middle">${esc(p.xLabel)}</text>`);
  p.curves.forEach((c, k) => {
    const pts: string[] = [];
    for (let i = 0; i < p.x.length; i++) {
      if (drawn(c.y[i])) pts.push(`${sx(p.x[i]).toFixed(1)},${sy(c.y[i]).toFixed(1)}`);
    }
    const dash = c.dash ? ' stroke-dasharray="4 4"' : '';
    out.push(
      `<polyline fill="none" stroke="${c.stroke}" stroke-width="1.5"${dash} points="${pts.join(' ')}"><title>${esc(c.label)}</title></polyline>`,
    );
    out.push(
      `<text x="${m.l + w - 4}" y="${m.t + 14 + 13 * k}" text-anchor="end" fill="${c.stroke}">${esc(c.label)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
