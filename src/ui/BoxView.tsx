import { useEffect, useRef, useState } from 'react';
import { DEFAULT_ORBIT, type Orbit } from '../render/boxModel.ts';
import { createBoxView, type BoxView as Box } from '../render/boxWorkerView.ts';
import { useViewerStore } from '../state/viewerStore.ts';
import { frameWindow } from './orthoWindow.ts';
import { ortho } from './reconJobs.ts';

const HELP =
  'drag: orbit · wheel: zoom · double-click: reset\nwhen focused: ← → ↑ ↓ orbit, + − zoom, 0 reset';

/**
 * The 3D box view: the volume's box with the three current orthoslices as planes, drawn by the box worker
 * (render/boxWorkerView.ts). It follows the same feed as the 2D views, so moving their crosshair moves the
 * planes, and the same colormap and contrast window.
 */
export function BoxView() {
  const pane = useRef<HTMLDivElement>(null);
  const box = useRef<Box | null>(null);
  const [state, setState] = useState<'pending' | 'ready' | { failed: string }>('pending');
  const [orbit, setOrbit] = useState<Orbit>(DEFAULT_ORBIT);
  const [empty, setEmpty] = useState(() => ortho.current() === null);
  const clip = useViewerStore((s) => s.clip);
  const colormap = useViewerStore((s) => s.colormap);

  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const b = createBoxView(el, {
      onReady: () => setState('ready'),
      onFailure: (reason) => {
        console.warn('[wedgelab] 3D view unavailable:', reason);
        setState({ failed: reason });
      },
      onOrbit: setOrbit,
    });
    box.current = b;
    b.setColormap(useViewerStore.getState().colormap);
    const draw = (f: ReturnType<typeof ortho.current>) => {
      setEmpty(f === null);
      if (f) b.show(f.slices, frameWindow(f, useViewerStore.getState().clip));
      else b.clear();
    };
    draw(ortho.current());
    const unsubscribe = ortho.subscribe(draw);
    return () => {
      unsubscribe();
      box.current = null;
      b.dispose();
    };
  }, []);

  useEffect(() => {
    const f = ortho.current();
    if (f) box.current?.show(f.slices, frameWindow(f, clip));
  }, [clip]);
  useEffect(() => box.current?.setColormap(colormap), [colormap]);
  // the toolbar's Reset resets every view, this camera too
  const resetTick = useViewerStore((s) => s.resetTick);
  useEffect(() => {
    if (resetTick > 0) box.current?.resetOrbit();
  }, [resetTick]);

  const failed = typeof state === 'object' ? state.failed : null;
  const angles = `az ${Math.round(orbit.azimuthDeg)}° · el ${Math.round(orbit.elevationDeg)}°`;
  return (
    <div
      className="ortho-view box-view"
      data-testid="view-3d"
      data-state={failed ? 'failed' : state}
      ref={pane}
      tabIndex={0}
      role="group"
      aria-label={`3D view of the box and its three slices, ${angles}`}
      aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown + - 0"
      title={HELP}
    >
      <span className="view-label box">3D · {angles}</span>
      {failed ? (
        <p className="box-fallback" role="status" data-testid="view-3d-fallback">
          The 3D view needs WebGL 2 in a worker, which this browser does not offer here ({failed}). The
          orthoslices still work.
        </p>
      ) : (
        empty && <p className="box-empty muted">Reconstruct to see the box here.</p>
      )}
      <button
        type="button"
        className="view-fullscreen box-reset"
        data-testid="view-3d-reset"
        aria-label="Reset 3D view"
        title="back to the first view angle and zoom (0 or double-click)"
        onClick={() => box.current?.resetOrbit()}
        disabled={!!failed}
      >
        Reset
      </button>
    </div>
  );
}
