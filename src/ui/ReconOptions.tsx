/**
 * The Reconstruct panel's less common settings: SART/SIRT subsets, positivity, z-offset and the views to
 * leave out (IMOD EXCLUDELIST: 1-based numbers and ranges), with an inline message for a bad list.
 */
import type { ReconParams } from '../state/reconStore.ts';
import { NumberField } from './fields.tsx';

export function ReconOptions({
  p,
  set,
  nviews,
  excludeProblem,
}: {
  p: ReconParams;
  set: (change: Partial<ReconParams>) => void;
  nviews: number | null;
  excludeProblem?: string;
}) {
  const ordered = p.method === 'sirt' || p.method === 'sart';
  return (
    <>
      {ordered && (
        <NumberField
          label="Subsets"
          value={p.subsets}
          min={0}
          max={nviews ?? 1000}
          step={1}
          title="ordered subsets per iteration; 0 = default (SIRT 1, SART one per view)"
          onChange={(subsets) => set({ subsets: Math.max(0, Math.round(subsets)) })}
          testId="recon-subsets"
        />
      )}
      {p.method !== 'wbp' && (
        <label className="field checkbox-field" title="clamp negative densities to 0 after each update">
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
        title="unbinned pixels; positive shows a region higher in z (IMOD SHIFT z)"
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
      {excludeProblem && (
        <p className="field-error" aria-live="polite" data-testid="exclude-error">
          {excludeProblem}
        </p>
      )}
    </>
  );
}
