import { COLORMAPS, isColormap } from '../render/colormap.ts';
import { CONTRAST_CLIPS } from '../render/contrastStats.ts';
import { SLAB_THICKNESSES_PX } from '../jobs/orthoSlabs.ts';
import { useViewerStore } from '../state/viewerStore.ts';
import type { ContrastWindow } from '../render/contrast.ts';
import type { ContrastStats } from '../render/contrastStats.ts';
import { ContrastHistogram } from './ContrastHistogram.tsx';

/**
 * How the orthoslices draw: contrast clip (with the histogram it clips), colormap, slab thickness, a reset
 * of every view's zoom, the 3D box view on or off, and the PNG export.
 */
export function OrthoToolbar({
  onResetViews,
  onExportPng,
  slabNote,
  stats,
  window,
}: {
  onResetViews: () => void;
  /** the shown slices as a PNG; absent while nothing is shown */
  onExportPng?: () => void;
  slabNote?: string;
  stats?: ContrastStats;
  window?: ContrastWindow;
}) {
  const clip = useViewerStore((s) => s.clip);
  const colormap = useViewerStore((s) => s.colormap);
  const slabPx = useViewerStore((s) => s.slabPx);
  const show3d = useViewerStore((s) => s.show3d);
  const { setClip, setColormap, setSlab, setShow3d } = useViewerStore.getState();
  return (
    <div className="ortho-toolbar" role="group" aria-label="Orthoslice display">
      <label title="display window: percentiles of the volume's values (auto-contrast), or its whole range">
        <span>Contrast</span>
        <select data-testid="ortho-contrast" value={clip} onChange={(e) => setClip(e.currentTarget.value)}>
          {CONTRAST_CLIPS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {stats && window && <ContrastHistogram stats={stats} window={window} colormap={colormap} />}
      <label>
        <span>Colormap</span>
        <select
          data-testid="ortho-colormap"
          value={colormap}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isColormap(v)) setColormap(v);
          }}
        >
          {COLORMAPS.map((c) => (
            <option key={c.name} value={c.name}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label title={slabNote ?? 'each view shows the mean of this many slices along its normal'}>
        <span>Slab</span>
        <select
          data-testid="ortho-slab"
          value={slabPx}
          onChange={(e) => setSlab(Number(e.currentTarget.value))}
        >
          {SLAB_THICKNESSES_PX.map((n) => (
            <option key={n} value={n}>
              {n === 1 ? '1 px' : `${n} px`}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="export-views-png"
        disabled={!onExportPng}
        onClick={onExportPng}
        title="the three views as one PNG, in this contrast and colormap"
      >
        PNG
      </button>
      <button
        type="button"
        className="toggle"
        data-testid="view-3d-toggle"
        aria-pressed={show3d}
        onClick={() => setShow3d(!show3d)}
        title="the volume's box with the three slices as planes, beside the slices"
      >
        3D
      </button>
      <button
        type="button"
        data-testid="ortho-reset"
        aria-label="Reset views"
        onClick={onResetViews}
        title="zoom and pan of every view (key 0 in a view)"
      >
        Reset
      </button>
    </div>
  );
}
