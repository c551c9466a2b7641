import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OrthoFrame } from '../jobs/orthoFeed.ts';
import { NORMAL, positionAfterKey } from '../render/orthoKeys.ts';
import type { OrthoAxis } from '../render/orthoModel.ts';
import { createOrthoViews, type OrthoRenderer, type OrthoViews as Views } from '../render/orthoslices.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { useViewerStore } from '../state/viewerStore.ts';
import { BoxView } from './BoxView.tsx';
import { fmtValue } from './format.ts';
import { OrthoToolbar } from './OrthoToolbar.tsx';
import { OrthoViewPane } from './OrthoViewPane.tsx';
import { frameWindow as windowOf } from './orthoWindow.ts';
import { ortho } from './reconActions.ts';
import { saveViewsPng } from './viewsPng.ts';
import './orthoViews.css';

/** `?render=2d` forces the 2D-canvas views (the fallback where three.js cannot draw in a worker). */
const RENDERER =
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('render') === '2d'
    ? '2d'
    : 'auto';

const ZOOM_STEP = 1.25;
const ORDER: OrthoAxis[] = ['xy', 'yz', 'xz'];

/**
 * The three orthoslice views of the current reconstruction (live preview while a job runs), and the 3D box
 * view in the large cell when it is on (the 2D views stay mounted: their canvases belong to the render worker).
 */
export function OrthoViews() {
  const panes = {
    xy: useRef<HTMLDivElement>(null),
    xz: useRef<HTMLDivElement>(null),
    yz: useRef<HTMLDivElement>(null),
  };
  const views = useRef<Views | null>(null);
  const [frame, setFrame] = useState<OrthoFrame | null>(() => ortho.current());
  const [renderer, setRenderer] = useState<OrthoRenderer | 'pending'>('pending');
  const [zoom, setZoom] = useState<Record<OrthoAxis, number>>({ xy: 1, xz: 1, yz: 1 });
  const [fullscreen, setFullscreen] = useState<OrthoAxis | null>(null);
  const clip = useViewerStore((s) => s.clip);
  const colormap = useViewerStore((s) => s.colormap);
  const slabPx = useViewerStore((s) => s.slabPx);
  const show3d = useViewerStore((s) => s.show3d);

  useEffect(() => {
    const [xy, xz, yz] = [panes.xy.current, panes.xz.current, panes.yz.current];
    if (!xy || !xz || !yz) return;
    const v = createOrthoViews(
      { xy, xz, yz },
      {
        onPositionChange: (p) => ortho.moveTo(p),
        onViewChange: (axis, t) => setZoom((z) => (z[axis] === t.zoom ? z : { ...z, [axis]: t.zoom })),
        renderer: RENDERER,
        onRenderer: setRenderer,
      },
    );
    views.current = v;
    v.setColormap(useViewerStore.getState().colormap);
    const draw = (f: OrthoFrame | null) => {
      if (f) v.show(f.slices, windowOf(f, useViewerStore.getState().clip));
      else v.clear();
      setFrame(f);
    };
    draw(ortho.current());
    const unsubscribe = ortho.subscribe(draw);
    const onFullscreen = () =>
      setFullscreen(ORDER.find((a) => panes[a].current === document.fullscreenElement) ?? null);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      unsubscribe();
      document.removeEventListener('fullscreenchange', onFullscreen);
      views.current = null;
      v.dispose();
    };
    // the panes' refs are stable: the views are made once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // a new clip redraws the shown slices through the new window; a new colormap only re-colours
  useEffect(() => {
    const f = ortho.current();
    if (f) views.current?.show(f.slices, windowOf(f, clip));
  }, [clip]);
  useEffect(() => views.current?.setColormap(colormap), [colormap]);
  useEffect(() => ortho.setSlab(slabPx), [slabPx]);

  const toggleFullscreen = (axis: OrthoAxis) => {
    const el = panes[axis].current;
    if (!el) return;
    if (document.fullscreenElement === el) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => undefined);
  };

  const onKey = (axis: OrthoAxis) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const f = ortho.current();
    const v = views.current;
    if (!v) return;
    const key = e.key;
    if (f && !f.fixed && !f.stage) {
      const p = positionAfterKey(axis, ortho.position() ?? f.slices.position, f.slices.dims, key);
      if (p) {
        e.preventDefault();
        v.setPosition(p);
        ortho.moveTo(p);
        return;
      }
    }
    const actions: Record<string, () => void> = {
      '0': () => v.resetView(axis),
      '+': () => v.zoomView(axis, ZOOM_STEP),
      '=': () => v.zoomView(axis, ZOOM_STEP),
      '-': () => v.zoomView(axis, 1 / ZOOM_STEP),
      f: () => toggleFullscreen(axis),
      F: () => toggleFullscreen(axis),
    };
    const act = actions[key];
    if (act) {
      e.preventDefault();
      act();
    }
  };

  const d = frame?.slices.dims;
  const p = frame?.slices.position;
  const slab = frame && frame.slabPx > 1 ? ` · ${frame.slabPx} px` : '';
  const label = (axis: OrthoAxis) => {
    const { axis: n, size } = NORMAL[axis];
    const at = p && d ? ` · ${n} ${p[n] + 1}/${d[size]}${slab}` : '';
    const z = zoom[axis] !== 1 ? ` · ${zoom[axis].toFixed(1)}×` : '';
    return `${axis.toUpperCase()}${at}${z}`;
  };
  const ariaLabel = (axis: OrthoAxis) => {
    const { axis: n, size } = NORMAL[axis];
    const name = `${axis.toUpperCase()} view`;
    return p && d ? `${name}, ${n} slice ${p[n] + 1} of ${d[size]}` : `${name}, empty`;
  };
  const shownWindow = frame ? windowOf(frame, clip) : null;
  const pngName = () => {
    const ds = useAppStore
      .getState()
      .dataset?.name.replace(/\.(gz|bz2)$/i, '')
      .replace(/\.[^.]+$/, '');
    const method = useReconStore.getState().result?.method;
    return `${ds || 'tomogram'}${method ? `_${method}` : ''}_views.png`;
  };
  const slabNote =
    frame && (frame.stage || frame.fixed) && slabPx > 1
      ? 'slabs apply to a finished volume held in this tab; this view shows plain slices'
      : undefined;
  return (
    <section className="ortho" aria-label="Orthoslices" data-testid="ortho-views" data-renderer={renderer}>
      <OrthoToolbar
        onResetViews={() => {
          views.current?.resetView();
          useViewerStore.getState().resetViews();
        }}
        onExportPng={
          frame && shownWindow
            ? () => saveViewsPng(frame, shownWindow, useViewerStore.getState().colormap, pngName())
            : undefined
        }
        slabNote={slabNote}
        stats={frame?.stats}
        window={shownWindow ?? undefined}
      />
      {/* fixed proportions: the views never resize during a job, and each view fits its image anyway */}
      <div className={show3d ? 'ortho-grid with-3d' : 'ortho-grid'}>
        {show3d && <BoxView />}
        {ORDER.map((axis) => (
          <OrthoViewPane
            key={axis}
            axis={axis}
            paneRef={panes[axis]}
            label={label(axis)}
            ariaLabel={ariaLabel(axis)}
            fullscreen={fullscreen === axis}
            onKeyDown={onKey(axis)}
            onFullscreen={() => toggleFullscreen(axis)}
          />
        ))}
        <div className="ortho-legend num" data-testid="ortho-legend">
          {frame && shownWindow ? (
            <>
              <span>
                {frame.kind === 'preview'
                  ? `preview · ${frame.stage ?? `iteration ${frame.iteration}`}`
                  : frame.fixed
                    ? 'reconstruction (slab mode)'
                    : 'reconstruction'}
              </span>
              <span>
                {d?.nx} × {d?.ny} × {d?.nz}
                {frame.slabPx > 1 ? ` · mean of ${frame.slabPx} slices` : ''}
              </span>
              <span
                data-testid="ortho-window"
                title={`display window (${frame.statsOf === 'slices' ? "the shown slices'" : "the volume's"} values)`}
              >
                [{fmtValue(shownWindow.lo)}, {fmtValue(shownWindow.hi)}]
              </span>
              <span className="muted" data-testid="ortho-hint">
                {frame.fixed || frame.stage
                  ? 'slices fixed: volume in browser storage'
                  : (slabNote ?? 'click: move slices · drag: pan · wheel: zoom · double-click: reset')}
              </span>
            </>
          ) : (
            <span className="muted">Reconstruct to see the tomogram here.</span>
          )}
        </div>
      </div>
    </section>
  );
}
