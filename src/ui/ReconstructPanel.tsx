import type { DeviceChoice, MethodChoice } from '../jobs/reconTypes.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import { useAppStore } from '../state/appStore.ts';
import { cnModeParams, useReconStore } from '../state/reconStore.ts';
import { CnEstimate, NetworkField } from './CnEstimate.tsx';
import { AlignFields } from './AlignFields.tsx';
import { alignmentReuse, alignOnly } from './alignActions.ts';
import { FilterField } from './FilterField.tsx';
import { MemoryEstimate } from './MemoryEstimate.tsx';
import { ReconOptions } from './ReconOptions.tsx';
import { NumberField, SelectField } from './fields.tsx';
import { reconstruct } from './reconActions.ts';
import { RecipeButtons } from './RecipeButtons.tsx';
import { fieldInfo } from './recipeFields.ts';
import { buildRecipe, firstProblem, reconProblems } from './reconRequest.ts';

const METHODS: readonly (readonly [MethodChoice, string])[] = [
  ['wbp', 'WBP'],
  ['sirt', 'SIRT'],
  ['sart', 'SART'],
  ['tv', 'TV (FISTA)'],
  ['cn', 'CN (coordinate network)'],
];
const CN_MODES: readonly (readonly ['fast' | 'paper', string])[] = [
  ['fast', 'fast (ours)'],
  ['paper', 'paper (WUCON)'],
];
const DEVICES: readonly (readonly [DeviceChoice, string])[] = [
  ['auto', 'auto'],
  ['gpu', 'WebGPU'],
  ['cpu', 'CPU (threads)'],
  ['reference', 'CPU reference'],
];

/** Method and parameters, and the button that starts a reconstruction of the open tilt series. */
export function ReconstructPanel() {
  const p = useReconStore((s) => s.recon);
  const set = useReconStore((s) => s.setRecon);
  const busy = useReconStore((s) => s.job !== null);
  const ds = useAppStore((s) => s.dataset);
  const alignment = useReconStore((s) => s.alignment);
  const importOptions = useReconStore((s) => s.importOptions);
  const iterative = p.method !== 'wbp';
  const nviews = ds?.tiltAnglesDeg?.length ?? null;
  const origin = ds ? seriesSources.get(ds.id) : undefined;
  const problems = reconProblems(p, nviews, origin?.xf?.name);
  const valid = firstProblem(problems) === undefined;
  const f = (key: string) => fieldInfo('reconstruct', key);
  const ready = ds !== null && ds.tiltAnglesDeg !== null;
  const built = ds && origin && valid ? buildRecipe(origin, p, importOptions, ds.nz) : null;
  const reuse = alignmentReuse(alignment, built?.ok ? built.recipe : null, ds?.id);
  return (
    <section className="panel form-panel" aria-label="Reconstruct" data-testid="reconstruct-panel">
      <h2>Reconstruct</h2>
      <div className="fields">
        <AlignFields p={p} set={set} problem={problems.align} reuse={reuse} />
        <SelectField
          label="Method"
          value={p.method}
          options={METHODS}
          onChange={(method) => set({ method })}
          testId="method-select"
        />
        {p.method === 'cn' && (
          <SelectField
            label="CN mode"
            value={p.cnMode}
            options={CN_MODES}
            onChange={(mode) => set(cnModeParams(mode))}
            testId="cn-mode"
          />
        )}
        {iterative ? (
          <NumberField
            label={p.method === 'cn' ? 'Steps (0 = auto)' : 'Iterations'}
            value={p.iterations}
            {...f('iterations')}
            {...(p.method === 'cn' ? { min: 0 } : {})}
            step={1}
            onChange={(iterations) => set({ iterations: Math.round(iterations) })}
            testId="iterations"
          />
        ) : (
          <FilterField value={p.filter} onChange={(filter) => set({ filter })} problem={problems.filter} />
        )}
        {p.method === 'cn' && (
          <>
            <NumberField
              label="Width"
              value={p.width}
              {...f('width')}
              step={8}
              onChange={(width) => set({ width: Math.round(width / 8) * 8 })}
              testId="cn-width"
            />
            <NumberField
              label="Depth"
              value={p.depth}
              {...f('depth')}
              step={1}
              onChange={(depth) => set({ depth: Math.round(depth) })}
              testId="cn-depth"
            />
            <NetworkField file={p.network} onChange={(network) => set({ network })} />
          </>
        )}
        {p.method === 'tv' && (
          <NumberField
            label="λ (TV weight)"
            value={p.lambda}
            {...f('tvWeight')}
            step={0.005}
            onChange={(lambda) => set({ lambda })}
            testId="lambda"
          />
        )}
        {(p.method === 'sirt' || p.method === 'sart') && (
          <NumberField
            label="λ (relaxation)"
            value={p.relaxation}
            {...f('relaxation')}
            min={0.05}
            step={0.05}
            onChange={(relaxation) => set({ relaxation })}
            testId="relaxation"
          />
        )}
        <NumberField
          label="Thickness px"
          value={p.thickness}
          {...f('thicknessPx')}
          step={8}
          onChange={(thickness) => set({ thickness: Math.round(thickness) })}
          testId="recon-thickness"
        />
        <NumberField
          label="Bin"
          value={p.bin}
          {...f('bin')}
          step={1}
          onChange={(bin) => set({ bin: Math.max(1, Math.round(bin)) })}
          testId="recon-bin"
        />
        <SelectField
          label="Device"
          value={p.device}
          options={DEVICES}
          onChange={(device) => set({ device })}
          testId="device-select"
        />
        <ReconOptions p={p} set={set} nviews={nviews} problems={problems} metadataAxisDeg={ds?.tiltAxisDeg} />
      </div>
      {problems.recipe && (
        <p className="field-error" aria-live="polite" data-testid="recipe-error">
          {problems.recipe}
        </p>
      )}
      {p.method === 'cn' && <CnEstimate />}
      <MemoryEstimate />
      <RecipeButtons />
      <div className="form-actions">
        <span className="muted">
          {!ready
            ? ds
              ? 'the stack has no tilt angles'
              : 'open or simulate a tilt series'
            : valid
              ? ''
              : 'fix the highlighted field'}
        </span>
        <div className="action-buttons">
          <button
            type="button"
            data-testid="align-only-button"
            disabled={busy || !ready || !valid || p.align.method === 'none'}
            title="load and align the views only, to inspect the shifts and residuals before reconstructing; the next Reconstruct uses this alignment"
            onClick={() => void alignOnly()}
          >
            Align only
          </button>
          <button
            type="button"
            className="primary"
            data-testid="reconstruct-button"
            disabled={busy || !ready || !valid}
            onClick={() => void reconstruct()}
          >
            Reconstruct
          </button>
        </div>
      </div>
    </section>
  );
}
