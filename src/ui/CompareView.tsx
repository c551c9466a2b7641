import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { clampPosition, extractOrthoSlices, type Slice2D, type VoxelPos } from '../jobs/orthoSlices.ts';
import type { KeptRecord } from '../jobs/resultShelf.ts';
import type { CachedVolume } from '../jobs/volumeCache.ts';
import type { ContrastWindow } from '../render/contrast.ts';
import { fittedDifference } from '../render/difference.ts';
import { drawSection } from '../render/section.ts';
import { useResultsStore } from '../state/resultsStore.ts';
import { fmt } from './format.ts';
import { keptVolume } from './resultsActions.ts';

type Plane = 'xy' | 'xz' | 'yz';
/** which voxel axes a plane's columns and rows are, and which axis its slice index moves along */
const AXES: Record<Plane, { u: keyof VoxelPos; v: keyof VoxelPos; n: keyof VoxelPos }> = {
  xy: { u: 'x', v: 'y', n: 'z' },
  xz: { u: 'x', v: 'z', n: 'y' },
  yz: { u: 'z', v: 'y', n: 'x' },
};
const SIZE: Record<keyof VoxelPos, 'nx' | 'ny' | 'nz'> = { x: 'nx', y: 'ny', z: 'nz' };
const ZOOM_STEP = 1.25;
const DRAG_PX = 3;

interface Panel {
  key: string;
  title: string;
  detail: string;
  slice: Slice2D;
  window: ContrastWindow;
}

/**
 * Two to four kept results side by side (Compare tab), over the orthoslice area: one plane at one linked
 * position (click sets the crosshair in all; arrows and PageUp/PageDown move the slice), linked wheel zoom
 * and drag pan, each its own contrast window or all matched to the first by a least-squares fit, and the
 * difference of the first two after that fit.
 */
export function CompareView() {
  const keys = useResultsStore((s) => s.compared);
  const kept = useResultsStore((s) => s.kept);
  const records = useMemo(
    () => keys.map((k) => kept.find((r) => r.key === k)).filter((r): r is KeptRecord => r !== undefined),
    [keys, kept],
  );
  const [volumes, setVolumes] = useState<Map<string, CachedVolume>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [plane, setPlane] = useState<Plane>('xz');
  const [pos, setPos] = useState<VoxelPos | null>(null);
  const [contrast, setContrast] = useState<'own' | 'matched'>('own');
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });

  useEffect(() => {
    let current = true;
    void (async () => {
      const out = new Map<string, CachedVolume>();
      try {
        for (const r of records) out.set(r.key, (await keptVolume(r.key)).entry);
        if (current) {
          setVolumes(out);
          setError(null);
        }
      } catch (e) {
        if (current) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      current = false;
    };
  }, [records]);

  const first = records[0] ? volumes.get(records[0].key) : undefined;
  const at = first ? clampPosition(first.volume, pos ?? centreOf(first)) : null;
  const panels = useMemo(() => {
    if (!at) return [];
    const out: Panel[] = [];
    for (const r of records) {
      const v = volumes.get(r.key);
      if (!v) continue;
      // an imported volume may be smaller than A: its own nearest slice
      const s = extractOrthoSlices(v.volume, clampPosition(v.volume, at))[plane];
      out.push({
        key: r.key,
        title: `${r.method.toUpperCase()} · ${r.dataset}`,
        detail: r.params,
        slice: s,
        window: v.window,
      });
    }
    if (contrast === 'matched' && out.length > 1) {
      const a = out[0];
      for (const p of out.slice(1)) {
        if (p.slice.data.length !== a.slice.data.length) continue;
        const { gain, offset } = fittedDifference(a.slice.data, p.slice.data);
        if (gain > 0) p.window = { lo: (a.window.lo - offset) / gain, hi: (a.window.hi - offset) / gain };
      }
    }
    return out;
  }, [records, volumes, plane, at?.x, at?.y, at?.z, contrast]); // eslint-disable-line react-hooks/exhaustive-deps

  const diff = useMemo(() => {
    if (panels.length < 2) return null;
    const [a, b] = panels;
    if (a.slice.width !== b.slice.width || a.slice.height !== b.slice.height)
      return { mismatch: true as const };
    return {
      mismatch: false as const,
      ...fittedDifference(a.slice.data, b.slice.data),
      width: a.slice.width,
      height: a.slice.height,
    };
  }, [panels]);

  if (records.length < 2) {
    return (
      <section className="compare-view" data-testid="compare-view" aria-label="Compare results">
        <p className="muted empty-tab">Tick two to four results in the Results tab to compare them.</p>
      </section>
    );
  }
  const ax = AXES[plane];
  const dims = first?.volume;
  const n = dims ? dims[SIZE[ax.n]] : 1;
  const index = at ? at[ax.n] : 0;
  const moveSlice = (delta: number) =>
    at && dims && setPos(clampPosition(dims, { ...at, [ax.n]: at[ax.n] + delta }));
  const onKey = (e: KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
    if (e.key in steps) moveSlice(steps[e.key]);
    else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(16, z * ZOOM_STEP));
    else if (e.key === '-') setZoom((z) => Math.max(1, z / ZOOM_STEP));
    else if (e.key === '0') {
      setZoom(1);
      setPan({ x: 0, y: 0 });
    } else return;
    e.preventDefault();
  };
  const pick = (u: number, v: number) =>
    at && dims && setPos(clampPosition(dims, { ...at, [ax.u]: u, [ax.v]: v }));
  const view = { zoom, pan, setZoom, setPan, pick, onKey };
  return (
    <section className="compare-view" data-testid="compare-view" aria-label="Compare results">
      <div className="compare-controls num">
        <span role="group" aria-label="plane" className="plot-switch">
          {(['xy', 'xz', 'yz'] as const).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={plane === p}
              data-testid={`compare-plane-${p}`}
              onClick={() => setPlane(p)}
            >
              {p.toUpperCase()}
            </button>
          ))}
        </span>
        <label>
          {ax.n} {index + 1} / {n}
          <input
            type="range"
            min={0}
            max={n - 1}
            value={index}
            data-testid="compare-slice"
            aria-label={`${plane.toUpperCase()} slice (${ax.n})`}
            onChange={(e) => moveSlice(Number(e.currentTarget.value) - index)}
          />
        </label>
        <label>
          contrast{' '}
          <select
            value={contrast}
            data-testid="compare-contrast"
            onChange={(e) => setContrast(e.currentTarget.value as 'own' | 'matched')}
          >
            <option value="own">each its own window</option>
            <option value="matched">matched to A (least squares)</option>
          </select>
        </label>
        <span className="muted">zoom {fmt(zoom, 2)}× · wheel, drag, +/−, 0</span>
      </div>
      {error && (
        <p role="alert" className="problem">
          Could not load a result to compare: {error}
        </p>
      )}
      <div className={`compare-grid n${panels.length + (diff ? 1 : 0)}`}>
        {panels.map((p, i) => (
          <ComparePanel
            key={p.key}
            testId={`compare-panel-${i}`}
            title={`${String.fromCharCode(65 + i)}: ${p.title}`}
            detail={p.detail}
            slice={p.slice}
            window={p.window}
            cross={at ? [at[ax.u], at[ax.v]] : null}
            {...view}
          />
        ))}
        {diff &&
          (diff.mismatch ? (
            <p className="muted compare-note">A and B differ in size: no difference view.</p>
          ) : (
            <ComparePanel
              testId="compare-difference"
              title="A − B (B fitted to A)"
              detail={`B × ${fmt(diff.gain, 3)} ${diff.offset < 0 ? '−' : '+'} ${fmt(Math.abs(diff.offset), 3)} · rms ${fmt(diff.relativeRms, 3)} of A's`}
              slice={{ width: diff.width, height: diff.height, data: diff.data }}
              window={diff.window}
              cross={at ? [at[ax.u], at[ax.v]] : null}
              {...view}
            />
          ))}
      </div>
    </section>
  );
}

const centreOf = (v: CachedVolume): VoxelPos => ({
  x: Math.floor(v.volume.nx / 2),
  y: Math.floor(v.volume.ny / 2),
  z: Math.floor(v.volume.nz / 2),
});

/** The largest width × height of the slice's aspect that fits the element (a ResizeObserver keeps it so). */
function useFittedBox(
  w: number,
  h: number,
): [RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      const s = Math.min(el.clientWidth / w, el.clientHeight / h);
      setSize({ width: Math.floor(w * s), height: Math.floor(h * s) });
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [w, h]);
  return [ref, size];
}

interface PanelProps {
  testId: string;
  title: string;
  detail: string;
  slice: Slice2D;
  window: ContrastWindow;
  cross: [number, number] | null;
  zoom: number;
  pan: { x: number; y: number };
  setZoom: (f: (z: number) => number) => void;
  setPan: (p: { x: number; y: number }) => void;
  pick: (u: number, v: number) => void;
  onKey: (e: KeyboardEvent) => void;
}

/** One slice, drawn row 0 at the bottom like the orthoslices, under the shared zoom, pan and crosshair. */
function ComparePanel(p: PanelProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; pan: { x: number; y: number }; moved: boolean } | null>(null);
  const { width, height, data } = p.slice;
  const [frame, box] = useFittedBox(width, height);
  useEffect(() => {
    if (canvas.current) drawSection(canvas.current, { nx: width, ny: height, data }, p.window);
  }, [width, height, data, p.window]);
  const down = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY, pan: p.pan, moved: false };
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
  };
  const move = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_PX) return;
    d.moved = true;
    p.setPan({ x: d.pan.x + dx / p.zoom, y: d.pan.y + dy / p.zoom });
  };
  const up = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved || !canvas.current) return;
    const box = canvas.current.getBoundingClientRect();
    const u = Math.floor(((e.clientX - box.left) / box.width) * width);
    const v = height - 1 - Math.floor(((e.clientY - box.top) / box.height) * height);
    if (u >= 0 && u < width && v >= 0 && v < height) p.pick(u, v);
  };
  return (
    <figure className="compare-panel" data-testid={p.testId}>
      <figcaption className="num" title={p.detail}>
        {p.title} <span className="muted">{p.detail}</span>
      </figcaption>
      <div
        ref={frame}
        className="compare-frame"
        tabIndex={0}
        role="img"
        aria-label={`${p.title}: arrows or Page keys move the slice, + and − zoom, 0 resets`}
        onKeyDown={p.onKey}
        onWheel={(e) =>
          p.setZoom((z) => Math.min(16, Math.max(1, e.deltaY < 0 ? z * ZOOM_STEP : z / ZOOM_STEP)))
        }
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
      >
        <div
          className="compare-image"
          style={{
            width: box.width,
            height: box.height,
            transform: `scale(${p.zoom}) translate(${p.pan.x}px, ${p.pan.y}px)`,
          }}
        >
          <canvas ref={canvas} />
          {p.cross && (
            <>
              <span className="compare-cross v" style={{ left: `${((p.cross[0] + 0.5) / width) * 100}%` }} />
              <span
                className="compare-cross h"
                style={{ top: `${(1 - (p.cross[1] + 0.5) / height) * 100}%` }}
              />
            </>
          )}
        </div>
      </div>
    </figure>
  );
}
