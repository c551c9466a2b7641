import { colormapLut, type ColormapName } from '../render/colormap.ts';
import type { ContrastWindow } from '../render/contrast.ts';
import type { ContrastStats } from '../render/contrastStats.ts';
import { fmtValue } from './format.ts';

const W = 96;
const H = 24;
const BAR = 5;

/**
 * The histogram the Contrast menu clips (0.1–99.9 % of the values, square-root counts so the tails show), the
 * display window on it, and the colormap from the window's low to high end.
 */
export function ContrastHistogram({
  stats,
  window,
  colormap,
}: {
  stats: ContrastStats;
  window: ContrastWindow;
  colormap: ColormapName;
}) {
  const { lo, hi, counts } = stats.histogram;
  const span = hi - lo || 1;
  const x = (v: number) => Math.min(W, Math.max(0, ((v - lo) / span) * W));
  const top = Math.sqrt(Math.max(1, ...counts));
  const bw = W / counts.length;
  const bars = counts
    .map((c, i) => {
      const h = (Math.sqrt(c) / top) * (H - BAR - 2);
      return h > 0
        ? `M${(i * bw).toFixed(1)} ${H - BAR - 1}v${(-h).toFixed(1)}h${bw.toFixed(1)}v${h.toFixed(1)}z`
        : '';
    })
    .join('');
  const lut = colormapLut(colormap);
  const stops = Array.from({ length: 9 }, (_, k) => {
    const i = Math.round((k / 8) * 255);
    return (
      <stop key={k} offset={k / 8} stopColor={`rgb(${lut[4 * i]},${lut[4 * i + 1]},${lut[4 * i + 2]})`} />
    );
  });
  const [wl, wh] = [x(window.lo), x(window.hi)];
  return (
    <svg
      className="contrast-histogram"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`histogram of the values, display window ${fmtValue(window.lo)} to ${fmtValue(window.hi)}`}
      data-testid="ortho-histogram"
      data-lo={window.lo}
      data-hi={window.hi}
    >
      <defs>
        <linearGradient id="ortho-colormap">{stops}</linearGradient>
      </defs>
      <rect className="window" x={wl} width={Math.max(1, wh - wl)} y={0} height={H - BAR - 1} />
      <path className="bars" d={bars} />
      <line className="edge" x1={wl} x2={wl} y1={0} y2={H - BAR - 1} />
      <line className="edge" x1={wh} x2={wh} y1={0} y2={H - BAR - 1} />
      <rect x={0} width={wl} y={H - BAR} height={BAR} fill={`rgb(${lut[0]},${lut[1]},${lut[2]})`} />
      <rect x={wl} width={Math.max(0, wh - wl)} y={H - BAR} height={BAR} fill="url(#ortho-colormap)" />
      <rect
        x={wh}
        width={W - wh}
        y={H - BAR}
        height={BAR}
        fill={`rgb(${lut[1020]},${lut[1021]},${lut[1022]})`}
      />
    </svg>
  );
}
