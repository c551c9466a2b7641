/**
 * Teaching mode: a phantom, the tilt range and step as sliders, and in two rows, the truth above and what
 * the chosen range gives below, three pictures each: the series (the middle row's sinogram on a fixed
 * ±90° axis, the unmeasured angles hatched), the XZ slice, and the Fourier view with the wedge drawn from the
 * actual tilts; beside them the directional FSC (measured vs missing). Each slider value runs one update in
 * the recon worker (teachUpdates.ts: throttled while dragging, superseded by a newer value).
 * Projector-friendly: the essential views fit 1024 × 768 with large text, full screen, every control native.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { FULL_SINOGRAM_DEG, teachAngles } from '../jobs/teachAngles.ts';
import { teachBytes } from '../jobs/teachMemory.ts';
import { TEACH_CN_PICTURES } from '../jobs/teachIterations.ts';
import { sectionsOfVolume } from '../jobs/teachSections.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { autoContrast } from '../render/contrast.ts';
import { FourierView } from './FourierView.tsx';
import { TeachControls } from './TeachControls.tsx';
import { TeachNotes } from './TeachNotes.tsx';
import { TeachSeries } from './TeachSeries.tsx';
import { TeachSlice } from './TeachSlice.tsx';
import { DEFAULT_TEACH, useTeachUpdates, type TeachParams } from './teachUpdates.ts';
import './teach.css';

const viewCount = (p: TeachParams) => teachAngles(-p.rangeDeg, p.rangeDeg, p.stepDeg).length;

export function TeachMode() {
  const [p, setP] = useState<TeachParams>(DEFAULT_TEACH);
  const [large, setLarge] = useState(false);
  const [full, setFull] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { state, request, stop } = useTeachUpdates();

  // the first update, and any change of phantom, size, method or dose, at once; sliders go through `slide`
  useEffect(() => request(p, true), [p.phantom, p.size, p.method, p.doseEA2]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const onChange = () => setFull(document.fullscreenElement === root.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const set = (patch: Partial<TeachParams>) => setP((old) => ({ ...old, ...patch }));
  const slide = (patch: Partial<TeachParams>) => {
    const next = { ...p, ...patch };
    setP(next);
    request(next);
  };
  const release = () => request(p, true);
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen?.();
  };

  const views = viewCount(p);
  const s = state.shown;
  const truthSinogram = state.truthSinogram;
  // both sinograms through the truth's grey levels: the same object, so they read alike
  const grey = useMemo(
    () => (truthSinogram ? autoContrast(truthSinogram, 0, 100) : s ? autoContrast(s.sinogram, 0, 100) : null),
    [truthSinogram, s],
  );
  const method = (s?.params.method ?? p.method).toUpperCase();
  const nu = state.truth?.nx ?? p.size;
  const truthSections = useMemo(() => (state.truth ? sectionsOfVolume(state.truth) : null), [state.truth]);
  const sections = s?.sections ?? null;
  const xzSum = useMemo(
    () => sections && { width: sections.nx, height: sections.nz, data: sections.sumY },
    [sections],
  );
  return (
    <div className={`teach-mode${large ? ' teach-large' : ''}`} data-testid="teach-mode" ref={root}>
      <div className="teach-grid">
        <div className="teach-bar">
          <h2>Teaching: the missing wedge</h2>
          <label className="teach-check">
            <input
              type="checkbox"
              checked={large}
              data-testid="teach-large-text"
              onChange={(e) => setLarge(e.currentTarget.checked)}
            />
            Large text
          </label>
          <button type="button" data-testid="teach-fullscreen" aria-pressed={full} onClick={toggleFull}>
            {full ? 'Exit full screen' : 'Full screen'}
          </button>
        </div>
        <TeachControls
          p={p}
          views={views}
          needBytes={teachBytes(p.size, views, p.method)}
          budgetBytes={browserBudgetBytes()}
          state={state}
          set={set}
          slide={slide}
          release={release}
          stop={stop}
        />
        <div className="teach-views" data-testid="teach-views">
          <div className="teach-row" data-testid="teach-truth">
            <TeachSeries
              anglesDeg={FULL_SINOGRAM_DEG}
              rows={truthSinogram}
              nu={nu}
              window={grey ?? { lo: 0, hi: 1 }}
              caption="Truth: every 1°, ±90°"
              testId="teach-truth-series"
            />
            <TeachSlice sections={truthSections} caption="Truth: XZ slice" testId="teach-truth-slice" />
            {state.truth && s ? (
              <FourierView volume={state.truth} tiltAnglesDeg={s.anglesDeg} title="Truth" sizePx={256} />
            ) : (
              <div className="teach-cell" />
            )}
          </div>
          <div className="teach-row" data-testid="teach-reconstruction" data-volume-at={s?.volumeAt ?? ''}>
            <TeachSeries
              anglesDeg={s?.anglesDeg ?? []}
              rows={s?.sinogram ?? null}
              nu={nu}
              window={grey ?? { lo: 0, hi: 1 }}
              caption={
                s ? `Series: ±${s.params.rangeDeg}°, ${s.anglesDeg.length} views` : 'Series: simulating…'
              }
              testId="teach-rec-series"
              edges
            />
            <TeachSlice sections={sections} caption={`${method}: XZ slice`} testId="teach-rec-slice" />
            {s ? (
              <FourierView
                volume={s.volume}
                xzSum={xzSum ?? undefined}
                waiting={
                  s.fit && !sections
                    ? `the fit's first picture comes at step ${Math.round(s.fit.total / TEACH_CN_PICTURES)}`
                    : undefined
                }
                tiltAnglesDeg={s.anglesDeg}
                title={method}
                sizePx={256}
              />
            ) : (
              <div className="teach-cell" />
            )}
          </div>
        </div>
        <TeachNotes rangeDeg={s?.params.rangeDeg ?? p.rangeDeg} fsc={state.score?.fsc ?? null} />
      </div>
    </div>
  );
}
