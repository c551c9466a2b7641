/**
 * Teaching mode: a phantom, the tilt range and step as sliders, and beside the truth the reconstruction's XZ
 * slice, both Fourier views with the wedge drawn from the actual tilts, and the directional FSC (measured vs
 * missing). Each slider value runs one update in the recon worker (teachUpdates.ts: throttled while dragging,
 * superseded by a newer value). Projector-friendly: large text, full screen, every control a native one.
 */
import { useEffect, useRef, useState } from 'react';
import type { PhantomChoice } from '../jobs/reconTypes.ts';
import { fmtBytes } from '../pipeline/index.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { teachAngles } from '../jobs/teachAngles.ts';
import { teachBytes } from '../jobs/teachMemory.ts';
import { FourierView } from './FourierView.tsx';
import { TeachNotes } from './TeachNotes.tsx';
import { TeachSlice } from './TeachSlice.tsx';
import { DEFAULT_TEACH, useTeachUpdates, type TeachParams } from './teachUpdates.ts';
import './teach.css';

const PHANTOMS: readonly PhantomChoice[] = ['shapes', 'spheres', 'shepp', 'capsid', 'vesicles', 'beads'];
const SIZES = [64, 96, 128] as const;

const viewCount = (p: TeachParams) => teachAngles(-p.rangeDeg, p.rangeDeg, p.stepDeg).length;

export function TeachMode() {
  const [p, setP] = useState<TeachParams>(DEFAULT_TEACH);
  const [large, setLarge] = useState(false);
  const [full, setFull] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { state, request } = useTeachUpdates();

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
  const need = teachBytes(p.size, views, p.method);
  const budget = browserBudgetBytes();
  const s = state.shown;
  const score = state.score;
  return (
    <div className={`teach-mode${large ? ' teach-large' : ''}`} data-testid="teach-mode" ref={root}>
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
      <div className="teach-body">
        <div className="teach-controls" aria-label="Teaching controls">
          <label className="teach-field">
            <span>Phantom</span>
            <select
              value={p.phantom}
              data-testid="teach-phantom"
              onChange={(e) => set({ phantom: e.currentTarget.value as PhantomChoice })}
            >
              {PHANTOMS.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label className="teach-field">
            <span>Size (cube)</span>
            <select
              value={p.size}
              data-testid="teach-size"
              onChange={(e) => set({ size: Number(e.currentTarget.value) })}
            >
              {SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}³
                </option>
              ))}
            </select>
          </label>
          <label className="teach-field">
            <span>
              Tilt range <strong className="num">±{p.rangeDeg}°</strong>
            </span>
            <input
              type="range"
              min={5}
              max={90}
              step={1}
              value={p.rangeDeg}
              data-testid="teach-range"
              aria-valuetext={`plus or minus ${p.rangeDeg} degrees`}
              onChange={(e) => slide({ rangeDeg: e.currentTarget.valueAsNumber })}
              onPointerUp={release}
              onKeyUp={release}
            />
          </label>
          <label className="teach-field">
            <span>
              Step <strong className="num">{p.stepDeg}°</strong>{' '}
              <span className="muted num" data-testid="teach-views">
                {views} views
              </span>
            </span>
            <input
              type="range"
              min={1}
              max={15}
              step={1}
              value={p.stepDeg}
              data-testid="teach-step"
              aria-valuetext={`${p.stepDeg} degrees, ${views} views`}
              onChange={(e) => slide({ stepDeg: e.currentTarget.valueAsNumber })}
              onPointerUp={release}
              onKeyUp={release}
            />
          </label>
          <label className="teach-field">
            <span>Method</span>
            <select
              value={p.method}
              data-testid="teach-method"
              onChange={(e) => set({ method: e.currentTarget.value as TeachParams['method'] })}
            >
              <option value="wbp">WBP</option>
              <option value="sirt">SIRT, 8 iterations</option>
            </select>
          </label>
          <label
            className="teach-field"
            title="0 = noise-free, the default: the lesson is the wedge, not the noise"
          >
            <span>Dose e/Å² per view (0 = noise-free)</span>
            <input
              type="number"
              min={0}
              step={1}
              value={p.doseEA2}
              className="num"
              data-testid="teach-dose"
              onChange={(e) => {
                const v = e.currentTarget.valueAsNumber;
                if (Number.isFinite(v) && v >= 0) set({ doseEA2: v });
              }}
            />
          </label>
          {p.rangeDeg >= 90 && (
            <p className="teach-note" data-testid="teach-edge-on">
              ±90° closes the wedge. A real specimen is a slab much wider than thick: seen edge-on it is
              opaque, so such views add nothing there and real series stop near ±60–70°.
            </p>
          )}
          <p className={`muted num${need > budget ? ' field-error' : ''}`} data-testid="teach-memory">
            memory ≈ {fmtBytes(need)} of {fmtBytes(budget)}
          </p>
          <div className="teach-fsc" data-testid="teach-fsc" aria-live="polite">
            <h3>Directional FSC vs the truth</h3>
            <FscBar label="measured" value={score?.present ?? null} testId="teach-fsc-present" />
            <FscBar
              label="missing wedge"
              value={score?.missing ?? null}
              testId="teach-fsc-missing"
              none={score && score.missing === null ? 'closed' : undefined}
            />
            <p className="muted">
              mean below ¼ Nyquist{state.scoring ? ' · scoring…' : ''}
              {score ? ` · ${score.fscS.toFixed(2)} s` : ''}
            </p>
          </div>
          <p className="muted num teach-status" data-testid="teach-status" aria-live="polite">
            {s
              ? `±${s.params.rangeDeg}° step ${s.params.stepDeg}°: ${s.anglesDeg.length} views · series ${s.simulateS.toFixed(2)} s (${s.newViews} new) · ${s.params.method.toUpperCase()} ${s.reconstructS.toFixed(2)} s · ${s.device}`
              : 'simulating…'}
            {state.running && s ? ' · updating…' : ''}
          </p>
          {state.error && (
            <p className="field-error" role="alert" data-testid="teach-error">
              {state.error}
            </p>
          )}
        </div>
        <div className="teach-column">
          <h3>Truth</h3>
          <TeachSlice volume={state.truth} label="Phantom" testId="teach-truth-slice" />
          {state.truth && s && (
            <FourierView
              volume={state.truth}
              tiltAnglesDeg={s.anglesDeg}
              title="Truth spectrum"
              sizePx={256}
            />
          )}
        </div>
        <div className="teach-column" data-testid="teach-reconstruction">
          <h3>Reconstruction ({(s?.params.method ?? p.method).toUpperCase()})</h3>
          <TeachSlice volume={s?.volume ?? null} label="Reconstruction" testId="teach-rec-slice" />
          {s && (
            <FourierView
              volume={s.volume}
              tiltAnglesDeg={s.anglesDeg}
              title="Reconstruction spectrum"
              sizePx={256}
            />
          )}
        </div>
        <TeachNotes rangeDeg={s?.params.rangeDeg ?? p.rangeDeg} fsc={score?.fsc ?? null} />
      </div>
    </div>
  );
}

function FscBar({
  label,
  value,
  testId,
  none,
}: {
  label: string;
  value: number | null;
  testId: string;
  /** what to show when there is no value (a closed wedge has no missing points) */
  none?: string;
}) {
  const pct = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div className="teach-fsc-row" data-testid={testId} data-value={value ?? none ?? ''}>
      <span>{label}</span>
      <span className="teach-fsc-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      <strong className="num">{value === null ? (none ?? '—') : value.toFixed(2)}</strong>
    </div>
  );
}
