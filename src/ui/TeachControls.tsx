/**
 * Teaching mode's control column: phantom, size, the two sliders, method and dose, the memory estimate,
 * the directional FSC bars and the status line. Every control is a native one, so the keyboard reaches and
 * moves each (Tab, arrows, Home/End, type-ahead in the selects).
 */
import type { PhantomChoice, TeachMethod } from '../jobs/reconTypes.ts';
import { fmtBytes } from '../pipeline/index.ts';
import { TEACH_SIRT_ITERATIONS, TEACH_TV_ITERATIONS, teachCnEstimate } from '../jobs/teachIterations.ts';
import type { TeachParams, TeachState } from './teachUpdates.ts';

const PHANTOMS: readonly PhantomChoice[] = ['shapes', 'spheres', 'shepp', 'capsid', 'vesicles', 'beads'];
const SIZES = [32, 64, 96, 128] as const;
/** the CPU threads the worker's fit runs on (the CPU projector's default: every core) */
const fitThreads = () => Math.max(1, navigator.hardwareConcurrency || 2);
const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

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
  /** stops the running update (a long TV or CN fit) */
  stop(): void;
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
  stop,
}: TeachControlsProps) {
  const s = state.shown;
  const score = state.score;
  const cn = p.method === 'cn' ? teachCnEstimate(p.size, fitThreads()) : null;
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
            <option value="cn">CN</option>
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
          ? 'TV: an update at 128³ takes 7× one at 64³ (≈ 30 s and 4 s on 2 cores); choose 64³ to slide. '
          : ''}
        {cn
          ? `CN fits a network from scratch on each change: ${cn.steps} steps, ≈ ${minutes(cn.seconds)} at ${p.size}³ here; its pictures follow the fit.${p.size > 32 ? ' Choose 32³ to watch it.' : ''}`
          : 'CN (a coordinate network, on request) fills the wedge, and takes minutes.'}
      </p>
      {state.running && (p.method === 'cn' || p.method === 'tv') && (
        <button type="button" data-testid="teach-stop" onClick={stop}>
          Stop {p.method.toUpperCase()}
        </button>
      )}
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
          ? `±${s.params.rangeDeg}° step ${s.params.stepDeg}°: ${s.anglesDeg.length} views · series ${s.simulateS.toFixed(2)} s (${s.newViews} new) · ${s.params.method.toUpperCase()} ${recTimes(s)} · ${s.device}`
          : 'simulating…'}
        {state.running && s ? ' · updating…' : ''}
        {state.stopped ? ' · stopped' : ''}
      </p>
    </div>
  );
}

/**
 * "slice 0.01 s, volume 0.70 s" (the sections first, then the volume), the volume's seconds alone (TV), or
 * a fit's progress (CN: "step 250 of 3000", then its seconds)
 */
function recTimes(s: NonNullable<TeachState['shown']>): string {
  const vol = s.reconstructS === null ? '…' : `${s.reconstructS.toFixed(2)} s`;
  if (s.fit && s.reconstructS === null)
    return `step ${s.fit.step} of ${s.fit.total}${s.fitLeftS === null ? '' : `, ≈ ${minutes(s.fitLeftS)} left`}`;
  return s.sectionsS === null ? vol : `slice ${s.sectionsS.toFixed(2)} s, volume ${vol}`;
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
