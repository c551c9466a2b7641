/**
 * The Reconstruct panel's less common settings: the tilt-axis angle (blank: the .mdoc's, else 0), SART/SIRT
 * subsets, positivity, z-offset, prealign and the views to leave out (IMOD EXCLUDELIST: 1-based numbers and
 * ranges), with inline messages for bad values. Limits and explanations come from the recipe schema.
 */
import type { ReconParams } from '../state/reconStore.ts';
import { NumberField, SelectField } from './fields.tsx';
import { fieldInfo } from './recipeFields.ts';
import type { ReconProblems } from './reconRequest.ts';

const WARM_STARTS = [
  ['zero', 'zeros'],
  ['wbp', 'the WBP'],
] as const;

export function ReconOptions({
  p,
  set,
  nviews,
  problems,
  metadataAxisDeg,
}: {
  p: ReconParams;
  set: (change: Partial<ReconParams>) => void;
  nviews: number | null;
  problems: ReconProblems;
  /** the .mdoc's tilt-axis angle, used when the field is blank */
  metadataAxisDeg?: number | null;
}) {
  const ordered = p.method === 'sirt' || p.method === 'sart';
  const excludeProblem = problems.exclude;
  const axis = fieldInfo('geometry', 'axisRotationDeg');
  return (
    <>
      <label className="field" title={axis.title}>
        <span>Tilt axis °</span>
        <input
          type="text"
          inputMode="decimal"
          className="num"
          placeholder={metadataAxisDeg != null ? `${metadataAxisDeg} (.mdoc)` : '0 (none given)'}
          value={p.axisRotation}
          aria-invalid={problems.axis ? true : undefined}
          data-testid="recon-axis"
          onChange={(e) => set({ axisRotation: e.currentTarget.value })}
        />
      </label>
      {problems.axis && (
        <p className="field-error" aria-live="polite" data-testid="axis-error">
          {problems.axis}
        </p>
      )}
      {ordered && (
        <NumberField
          label="Subsets"
          value={p.subsets}
          min={0}
          max={nviews ?? 1000}
          step={1}
          title={`${fieldInfo('reconstruct', 'subsets').title}; 0 = the method's default`}
          onChange={(subsets) => set({ subsets: Math.max(0, Math.round(subsets)) })}
          testId="recon-subsets"
        />
      )}
      {ordered && (
        <SelectField
          label="Start from"
          value={p.warmStart}
          options={WARM_STARTS}
          onChange={(warmStart) => set({ warmStart })}
          testId="recon-warm-start"
          title={fieldInfo('reconstruct', 'warmStart').title}
        />
      )}
      {p.method !== 'wbp' && p.method !== 'cn' && (
        <label className="field checkbox-field" title={fieldInfo('reconstruct', 'positivity').title}>
          <span>Positivity</span>
          <input
            type="checkbox"
            checked={p.positivity}
            data-testid="recon-positivity"
            onChange={(e) => set({ positivity: e.currentTarget.checked })}
          />
        </label>
      )}
      <NumberField
        label="Z offset px"
        value={p.zOffset}
        step={1}
        title={fieldInfo('reconstruct', 'zOffsetPx').title}
        onChange={(zOffset) => set({ zOffset })}
        testId="recon-zoffset"
      />
      <label
        className="field"
        title={`1-based view numbers and ranges to leave out, as IMOD EXCLUDELIST${nviews ? ` (1…${nviews})` : ''}`}
      >
        <span>Exclude views</span>
        <input
          type="text"
          className="num"
          placeholder="e.g. 1,2,40-41"
          value={p.exclude}
          aria-invalid={excludeProblem ? true : undefined}
          data-testid="recon-exclude"
          onChange={(e) => set({ exclude: e.currentTarget.value })}
        />
      </label>
      <label
        className="field checkbox-field"
        title={fieldInfo('reconstruct', 'prealign').title.replace(/^reconstruct/, 'off: reconstruct')}
      >
        <span>Prealign</span>
        <input
          type="checkbox"
          checked={p.prealign}
          data-testid="recon-prealign"
          onChange={(e) => set({ prealign: e.currentTarget.checked })}
        />
      </label>
      {excludeProblem && (
        <p className="field-error" aria-live="polite" data-testid="exclude-error">
          {excludeProblem}
        </p>
      )}
    </>
  );
}
