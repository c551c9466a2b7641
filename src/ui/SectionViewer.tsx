import { useAppStore } from '../state/appStore.ts';
import { Filmstrip } from './Filmstrip.tsx';
import { fmtSigned, fmtValue } from './format.ts';
import { useSectionCanvas } from './useSectionCanvas.ts';

const CLIPS: [number, number][] = [
  [0.5, 99.5],
  [1, 99],
  [2, 98],
  [0, 100],
];

/** One section at a time: canvas, the filmstrip of every view, section slider, auto-contrast percentile clip. */
export function SectionViewer() {
  const ds = useAppStore((s) => s.dataset);
  const k = useAppStore((s) => s.section);
  const setSection = useAppStore((s) => s.setSection);
  const low = useAppStore((s) => s.clipLowPct);
  const high = useAppStore((s) => s.clipHighPct);
  const setClip = useAppStore((s) => s.setClip);
  const { canvas, shown, loadError } = useSectionCanvas();

  if (!ds) return <section className="viewer empty">Open a file to see it here.</section>;
  const angle = ds.tiltAnglesDeg?.[k];
  const unit = ds.tiltAnglesDeg ? 'view' : 'section';

  return (
    <section className="viewer" aria-label="Section viewer">
      <div className="canvas-frame">
        <canvas ref={canvas} data-testid="section-canvas" aria-label={`${unit} ${k} of ${ds.name}`} />
        {loadError && (
          <p className="canvas-error" role="status">
            {loadError}
          </p>
        )}
      </div>
      <Filmstrip />
      <div className="viewer-controls">
        <label className="slider">
          <span>{unit === 'view' ? 'View' : 'Section'}</span>
          <input
            type="range"
            min={0}
            max={ds.nz - 1}
            step={1}
            value={k}
            data-testid="section-slider"
            aria-valuetext={angle === undefined ? `${k}` : `${k}, ${fmtSigned(angle)}°`}
            onChange={(e) => setSection(Number(e.currentTarget.value))}
          />
          <span className="num readout" data-testid="section-readout">
            {k + 1} / {ds.nz}
            {angle !== undefined ? ` · ${fmtSigned(angle)}°` : ''}
          </span>
        </label>
        <label className="clip">
          <span>Contrast</span>
          <select
            value={`${low}-${high}`}
            onChange={(e) => {
              const [lo, hi] = e.currentTarget.value.split('-').map(Number);
              setClip(lo, hi);
            }}
          >
            {CLIPS.map(([lo, hi]) => (
              <option key={`${lo}-${hi}`} value={`${lo}-${hi}`}>
                {lo === 0 ? 'min–max' : `clip ${lo}–${hi}%`}
              </option>
            ))}
          </select>
          {shown && (
            <span className="num window" title="display window">
              [{fmtValue(shown.window.lo)}, {fmtValue(shown.window.hi)}]
              {shown.bin > 1 ? ` · bin ${shown.bin}` : ''}
            </span>
          )}
        </label>
      </div>
    </section>
  );
}
