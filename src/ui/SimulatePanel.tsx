import type { OrderChoice, PhantomChoice } from '../jobs/reconTypes.ts';
import { useReconStore } from '../state/reconStore.ts';
import { NumberField, SelectField } from './fields.tsx';
import { simulate } from './reconActions.ts';

const PHANTOMS: readonly PhantomChoice[] = ['shapes', 'spheres', 'shepp', 'capsid', 'vesicles', 'beads'];
const ORDERS: readonly (readonly [OrderChoice, string])[] = [
  ['dose-symmetric', 'dose-symmetric'],
  ['bidirectional', 'bidirectional'],
  ['unidirectional', 'unidirectional'],
];

/** Simulate a tilt series from a phantom, in the worker; the result opens like a dropped stack. */
export function SimulatePanel() {
  const p = useReconStore((s) => s.sim);
  const set = useReconStore((s) => s.setSim);
  const busy = useReconStore((s) => s.job !== null);
  const views = Math.floor((p.tiltMaxDeg - p.tiltMinDeg) / p.tiltStepDeg + 1e-9) + 1;
  return (
    <section className="panel form-panel" aria-label="Simulate" data-testid="simulate-panel">
      <h2>Simulate</h2>
      <div className="fields">
        <SelectField
          label="Phantom"
          value={p.phantom}
          options={PHANTOMS}
          onChange={(phantom) => set({ phantom })}
          testId="sim-phantom"
        />
        <NumberField
          label="Size (x = y)"
          value={p.size}
          min={16}
          max={512}
          step={16}
          onChange={(size) => set({ size })}
          testId="sim-size"
        />
        <NumberField
          label="Thickness (z)"
          value={p.thickness}
          min={8}
          max={512}
          step={8}
          onChange={(thickness) => set({ thickness })}
          testId="sim-thickness"
        />
        <NumberField
          label="Tilt min °"
          value={p.tiltMinDeg}
          min={-90}
          max={0}
          step={5}
          onChange={(tiltMinDeg) => set({ tiltMinDeg })}
          testId="sim-tilt-min"
        />
        <NumberField
          label="Tilt max °"
          value={p.tiltMaxDeg}
          min={0}
          max={90}
          step={5}
          onChange={(tiltMaxDeg) => set({ tiltMaxDeg })}
          testId="sim-tilt-max"
        />
        <NumberField
          label="Step °"
          value={p.tiltStepDeg}
          min={0.5}
          max={30}
          step={0.5}
          onChange={(tiltStepDeg) => set({ tiltStepDeg })}
          testId="sim-tilt-step"
        />
        <SelectField label="Order" value={p.order} options={ORDERS} onChange={(order) => set({ order })} />
        <NumberField
          label="Dose e/Å² per view"
          value={p.doseEA2}
          min={0}
          step={0.5}
          onChange={(doseEA2) => set({ doseEA2 })}
          title="per view; 0 = noise-free"
          testId="sim-dose"
        />
        <NumberField
          label="Shift σ px"
          value={p.shiftSigmaPx}
          min={0}
          step={0.5}
          onChange={(shiftSigmaPx) => set({ shiftSigmaPx })}
          title="random per-view shifts"
          testId="sim-shift-sigma"
        />
        <NumberField
          label="Axis error °"
          value={p.axisErrorDeg}
          step={0.5}
          onChange={(axisErrorDeg) => set({ axisErrorDeg })}
          title="tilt-axis rotation error"
          testId="sim-axis-error"
        />
      </div>
      <div className="form-actions">
        <span className="muted num">{views > 0 ? `${views} views` : 'no views'}</span>
        <button
          type="button"
          className="primary"
          data-testid="simulate-button"
          disabled={busy}
          onClick={() => void simulate()}
        >
          Generate
        </button>
      </div>
    </section>
  );
}
