import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { alignedView, movieBin } from '../jobs/alignedView.ts';
import { createSectionLoader } from '../jobs/sectionLoader.ts';
import { autoContrast } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore, type AlignmentState } from '../state/reconStore.ts';
import { tiltOrder } from './AlignPlot.tsx';
import { io } from './controller.ts';
import { fmtSigned } from './format.ts';

/** its own loader: the movie's reads never replace the section viewer's pending one */
const frames = createSectionLoader(io, 16 * 2 ** 20);
const FRAME_MS = 150;
export const NUDGE_PX = 0.5;

const nudge = (k: number, dx: number, dy: number) => useReconStore.getState().nudgeAlignmentView(k, dx, dy);

/**
 * The aligned stack as a movie: each raw view read binned to ≤ 256 px and resampled through its transform
 * (raw → aligned) one at a time, in tilt order. Play/pause, a slider and ←/→ step views; Shift+arrows (or the
 * buttons) nudge the shown view by ±0.5 px in the aligned frame, which changes its .xf line in the store.
 */
export function AlignedMovie({ a }: { a: AlignmentState }) {
  const ds = useAppStore((s) => (s.dataset?.id === a.datasetId ? s.dataset : null));
  const order = useMemo(() => tiltOrder(a.anglesDeg), [a.anglesDeg]);
  const zero = useMemo(
    () => order.reduce((b, k, i) => (Math.abs(a.anglesDeg[k]) < Math.abs(a.anglesDeg[order[b]]) ? i : b), 0),
    [order, a.anglesDeg],
  );
  const [pos, setPos] = useState(zero);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const n = order.length;
  const at = Math.min(pos, n - 1);
  const k = order[at];
  const xf = a.transforms[k];

  useEffect(() => {
    if (!ds || !xf) return;
    let current = true;
    frames.request({ datasetId: ds.id, k, bin: movieBin(ds.nx, ds.ny) }, (r) => {
      if (!current || !canvas.current) return;
      if ('error' in r) {
        setError(r.error instanceof Error ? r.error.message : String(r.error));
        return;
      }
      const view = alignedView(r.section, xf, ds);
      drawSection(canvas.current, view, autoContrast(r.section.data, 1, 99));
      setError(null);
    });
    return () => {
      current = false;
    };
  }, [ds, k, xf]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setPos((p) => (p + 1) % n), FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, n]);

  useEffect(() => () => frames.forget(a.datasetId), [a.datasetId]);

  if (!ds) return null;
  const step = (d: number) => setPos((p) => Math.max(0, Math.min(n - 1, p + d)));
  const onKey = (e: KeyboardEvent) => {
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (dir && e.shiftKey) nudge(k, dir[0] * NUDGE_PX, dir[1] * NUDGE_PX);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') step(-1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') step(1);
    else if (e.key === ' ' && (e.target as HTMLElement).tagName !== 'BUTTON') setPlaying((p) => !p);
    else return;
    e.preventDefault();
  };
  const moved = a.nudges?.[k];
  const angle = a.anglesDeg[k] + a.tiltOffsetDeg;
  const nudgeButton = (label: string, dx: number, dy: number, name: string) => (
    <button
      type="button"
      data-testid={`align-nudge-${name}`}
      title={`move view ${k + 1} by ${fmtSigned(dx || dy)} px in ${dx ? 'x' : 'y'} (Shift+arrow)`}
      onClick={() => nudge(k, dx, dy)}
    >
      {label}
    </button>
  );
  return (
    <div
      className="align-movie"
      data-testid="align-movie"
      role="group"
      aria-label="Aligned stack: ←/→ step views, Shift+arrows nudge the view by 0.5 px, Space plays"
      tabIndex={0}
      onKeyDown={onKey}
    >
      <canvas ref={canvas} className="movie-canvas" aria-label={`aligned view ${k + 1}`} />
      <div className="movie-controls">
        <p className="num" data-testid="align-movie-view">
          view {k + 1} · {fmtSigned(Number(angle.toFixed(2)))}°
        </p>
        <p className="num muted">
          {at + 1} / {n} in tilt order
          {a.excludedViews.includes(k) ? ' · excluded' : ''}
        </p>
        <div className="movie-buttons">
          <button
            type="button"
            data-testid="align-movie-play"
            aria-pressed={playing}
            onClick={() => setPlaying((p) => !p)}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <input
            type="range"
            min={0}
            max={n - 1}
            value={at}
            aria-label="view, in tilt order"
            aria-valuetext={`view ${k + 1}, ${angle.toFixed(1)}°`}
            data-testid="align-movie-slider"
            onChange={(e) => setPos(Number(e.currentTarget.value))}
          />
        </div>
        <div className="movie-buttons" role="group" aria-label={`nudge view ${k + 1} by 0.5 px`}>
          {nudgeButton('←', -NUDGE_PX, 0, 'left')}
          {nudgeButton('→', NUDGE_PX, 0, 'right')}
          {nudgeButton('↑', 0, NUDGE_PX, 'up')}
          {nudgeButton('↓', 0, -NUDGE_PX, 'down')}
        </div>
        <p className="num muted" data-testid="align-movie-shift">
          {a.shiftsPx[k].map((v) => v.toFixed(2)).join(', ')} px
          {moved ? ` · nudged ${moved.map((v) => fmtSigned(v)).join(', ')}` : ''}
        </p>
        {error && (
          <p className="problem" role="status">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
