/**
 * The Reconstruct panel's Align step: the method (the recipe schema's ALIGN_CHOICES, each explained by its
 * one line from the schema's help) and the tilt-axis search, saved in the recipe's align section; and what
 * the next Reconstruct does with an alignment the page already holds (reuse it, or align again).
 */
import { ALIGN_CHOICES, type AlignChoice } from '../pipeline/recipe/schema.ts';
import type { ReconParams } from '../state/reconStore.ts';
import { SelectField } from './fields.tsx';
import { choiceHelp, fieldInfo } from './recipeFields.ts';

const HELP = choiceHelp('align', 'method', ALIGN_CHOICES);
const OPTIONS = ALIGN_CHOICES.map((c) => [c, c] as const);

export function AlignFields({
  p,
  set,
  problem,
  reuse,
}: {
  p: ReconParams;
  set: (change: Partial<ReconParams>) => void;
  problem?: string;
  /** the alignment the page holds: whether the next Reconstruct uses it ('same') or aligns again */
  reuse: 'same' | 'changed' | null;
}) {
  const method = p.align.method;
  const axis = fieldInfo('align', 'axisSearch');
  // settings the panel has no field for, kept from an opened recipe: said, not hidden
  const { cumulative, binning, iterations } = p.align;
  const extras = [
    cumulative && 'cumulative',
    binning !== undefined && `bin ${binning}`,
    iterations !== undefined && `${iterations} iterations`,
  ].filter(Boolean);
  return (
    <>
      <SelectField<AlignChoice>
        label="Align"
        value={method}
        options={OPTIONS}
        onChange={(m) => set({ align: { ...p.align, method: m } })}
        testId="align-select"
        title={fieldInfo('align', 'method').title}
      />
      <label className="field checkbox-field" title={axis.title}>
        <span>Search tilt axis</span>
        <input
          type="checkbox"
          checked={p.align.axisSearch}
          disabled={method === 'none'}
          data-testid="align-axis-search"
          onChange={(e) => set({ align: { ...p.align, axisSearch: e.currentTarget.checked } })}
        />
      </label>
      <p className="field-note muted" data-testid="align-help">
        {method}: {HELP[method]}
        {method !== 'none' && extras.length > 0 && ` · from the recipe: ${extras.join(', ')}`}
        {method !== 'none' && reuse === 'same' && ' · Reconstruct uses the alignment shown'}
        {method !== 'none' &&
          reuse === 'changed' &&
          ' · settings changed since Align only: Reconstruct aligns again'}
      </p>
      {problem && (
        <p className="field-error" aria-live="polite" data-testid="align-error">
          {problem}
        </p>
      )}
    </>
  );
}
