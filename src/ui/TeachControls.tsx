/**
 * Teaching mode's control column: phantom, size, the two sliders, method and dose, the memory estimate,
 * the directional FSC bars and the status line. Every control is a native one, so the keyboard reaches and
 * moves each (Tab, arrows, Home/End, type-ahead in the selects).
 */
import type { PhantomChoice, TeachMethod } from '../jobs/reconTypes.ts';
import { fmtBytes } from '../pipeline/index.ts';
import { TEACH_SIRT_ITERATIONS, TEACH_TV_ITERATIONS } from '../jobs/teachIterations.ts';
import type { TeachParams, TeachState } from './teachUpdates.ts';

const PHANTOMS: readonly PhantomChoice[] = ['shapes', 'spheres', 'shepp', 'capsid', 'vesicles', 'beads'];
const SIZES = [64, 96, 128] as const;

export interface TeachControlsProps {
  p: TeachParams;
  views: number;
  needBytes: number;
  budgetBytes: number;
  state: TeachState;
  /** a select or the dose: one update at once */
  set(patch: Partial<TeachParams>): void;
  /** a slider moved: throttled updates */
  slide(patch: Partial<TeachParams>): void;
  /** a slider released (pointer up, key up): an update at once */
  release(): void;
}

export function TeachControls({
  p,
  views,
  needBytes,
  budgetBytes,
  state,
  set,
  slide,
  release,
}: TeachControlsProps) {
  const s = state.shown;
  const score = state.score;
  return (
    <div className="teach-controls" aria-label="Teaching controls">
      <div className="teach-pair">
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
          <span>Size</span>
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
      </div>
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
      <div className="teach-pair">
        <label className="teach-field">
          <span>Method</span>
          <select
            value={p.method}
            data-testid="teach-method"
            aria-describedby="teach-method-note"
            onChange={(e) => set({ method: e.currentTarget.value as TeachMethod })}
          >
            <option value="wbp">WBP</option>
            <option value="sirt">SIRT ×{TEACH_SIRT_ITERATIONS}</option>
            <option value="tv">TV ×{TEACH_TV_ITERATIONS}</option>
            <option value="cn" disabled>
              CN (too slow)
            </option>
          </select>
        </label>
        <label
          className="teach-field"
          title="0 = noise-free, the default: the lesson is the wedge, not the noise"
        >
          <span>Dose e/Å²</span>
          <input
            type="number"
            min={0}
            step={1}
            value={p.doseEA2}
            className="num"
            data-testid="teach-dose"
            aria-label="Dose e/Å² per view, 0 = noise-free"
            onChange={(e) => {
              const v = e.currentTarget.valueAsNumber;
              if (Number.isFinite(v) && v >= 0) set({ doseEA2: v });
            }}
          />
        </label>
      </div>
      <p className="muted teach-method-note" id="teach-method-note" data-testid="teach-method-note">
        {p.method === 'tv' && p.size > 64
          ? 'TV: ≈ 11 s an update at 128³ here; choose 64³ (≈ 1.3 s) to slide. '
          : ''}
        CN is not offered: a 64³ fit takes 15–25 min here, too slow for a slider (use the workspace).
      </p>
      {p.rangeDeg >= 90 && (
        <p className="teach-note" data-testid="teach-edge-on">
          ±90° closes the wedge. A real specimen is a slab much wider than thick: seen edge-on it is opaque,
          so real series stop near ±60–70°.
        </p>
      )}
      <p className={`muted num${needBytes > budgetBytes ? ' field-error' : ''}`} data-testid="teach-memory">
        memory ≈ {fmtBytes(needBytes)} of {fmtBytes(budgetBytes)}
      </p>
      {/* above the FSC, so it shows without scrolling the column */}
      {state.error && (
        <p className="field-error" role="alert" data-testid="teach-error">
          {state.error}
        </p>
      )}
      <div className="teach-fsc" data-testid="teach-fsc" aria-live="polite">
        <h3>Directional FSC vs truth</h3>
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
          ? `±${s.params.rangeDeg}° step ${s.params.stepDeg}°: ${s.anglesDeg.length} views · series ${s.simulateS.toFixed(2)} s (${s.newViews} new) · ${s.params.method.toUpperCase()} ${recTimes(s.sectionsS, s.reconstructS)} · ${s.device}`
          : 'simulating…'}
        {state.running && s ? ' · updating…' : ''}
      </p>
    </div>
  );
}

/** "slice 0.01 s, volume 0.70 s" (the sections first, then the volume), or the volume's seconds alone (TV) */
function recTimes(sectionsS: number | null, volumeS: number | null): string {
  const vol = volumeS === null ? '…' : `${volumeS.toFixed(2)} s`;
  return sectionsS === null ? vol : `slice ${sectionsS.toFixed(2)} s, volume ${vol}`;
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
