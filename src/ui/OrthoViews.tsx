import { useEffect, useRef, useState } from 'react';
import type { OrthoFrame } from '../jobs/orthoFeed.ts';
import { createOrthoViews, type OrthoRenderer } from '../render/orthoslices.ts';
import { fmtValue } from './format.ts';
import { ortho } from './reconActions.ts';

/** `?render=2d` forces the 2D-canvas views (the fallback where three.js cannot draw in a worker). */
const RENDERER =
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('render') === '2d'
    ? '2d'
    : 'auto';

/** The three orthoslice views of the current reconstruction (live preview while a job runs). */
export function OrthoViews() {
  const xy = useRef<HTMLDivElement>(null);
  const xz = useRef<HTMLDivElement>(null);
  const yz = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<OrthoFrame | null>(() => ortho.current());
  const [renderer, setRenderer] = useState<OrthoRenderer | 'pending'>('pending');

  useEffect(() => {
    if (!xy.current || !xz.current || !yz.current) return;
    const views = createOrthoViews(
      { xy: xy.current, xz: xz.current, yz: yz.current },
      { onPositionChange: (p) => ortho.moveTo(p), renderer: RENDERER, onRenderer: setRenderer },
    );
    const draw = (f: OrthoFrame | null) => {
      if (f) views.show(f.slices, f.window);
      else views.clear();
      setFrame(f);
    };
    draw(ortho.current());
    const unsubscribe = ortho.subscribe(draw);
    return () => {
      unsubscribe();
      views.dispose();
    };
  }, []);

  const d = frame?.slices.dims;
  const p = frame?.slices.position;
  const at = (axis: string, v: number | undefined, n: number | undefined) =>
    v === undefined || n === undefined ? '' : ` · ${axis} ${v + 1}/${n}`;
  return (
    <section className="ortho" aria-label="Orthoslices" data-testid="ortho-views" data-renderer={renderer}>
      {/* fixed proportions: the views never resize during a job, and each view fits its image anyway */}
      <div className="ortho-grid">
        <div className="ortho-view" data-testid="view-xy" ref={xy}>
          <span className="view-label xy">XY{at('z', p?.z, d?.nz)}</span>
        </div>
        <div className="ortho-view" data-testid="view-yz" ref={yz}>
          <span className="view-label yz">YZ{at('x', p?.x, d?.nx)}</span>
        </div>
        <div className="ortho-view" data-testid="view-xz" ref={xz}>
          <span className="view-label xz">XZ{at('y', p?.y, d?.ny)}</span>
        </div>
        <div className="ortho-legend num" data-testid="ortho-legend">
          {frame ? (
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
              </span>
              <span title="display window (0.5–99.5 percentiles)">
                [{fmtValue(frame.window.lo)}, {fmtValue(frame.window.hi)}]
              </span>
              <span className="muted" data-testid="ortho-hint">
                {frame.fixed || frame.stage
                  ? 'slices fixed: volume in browser storage'
                  : 'click or drag to move the slices'}
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
