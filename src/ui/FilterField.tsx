/**
 * The WBP filter: a kind, plus its numbers where it has any (radial cutoff/falloff, SIRT-like iterations,
 * the seed's λ). The value is the spec string (`radial:0.35,0.035`) that src/core/filters parses; the
 * number boxes are text so that a half-typed or wrong value can be shown and explained, not dropped.
 */
import { SelectField } from './fields.tsx';

const KINDS = [
  ['radial', 'radial (IMOD)'],
  ['ramp', 'ramp (Ram-Lak)'],
  ['hamming', 'Hamming-like (AreTomo)'],
  ['shepp', 'Shepp–Logan'],
  ['cosine', 'cosine'],
  ['hann', 'Hann'],
  ['sirtlike', 'SIRT-like'],
  ['seed', 'seed weighting'],
] as const;
type Kind = (typeof KINDS)[number][0];

/** Default spec when a kind is chosen; and the labels of its numbers. */
const DEFAULTS: Record<Kind, string> = {
  radial: 'radial:0.35,0.035',
  ramp: 'ramp',
  hamming: 'hamming',
  shepp: 'shepp',
  cosine: 'cosine',
  hann: 'hann',
  sirtlike: 'sirtlike:10',
  seed: 'seed:1',
};
const PARAMS: Partial<Record<Kind, { label: string; title: string; testId: string }[]>> = {
  radial: [
    {
      label: 'Cutoff',
      title: 'cycles/px (≤ 1) or Fourier pixels (> 1), as IMOD RADIAL',
      testId: 'filter-cutoff',
    },
    { label: 'Falloff', title: 'Gaussian falloff σ, same units as the cutoff', testId: 'filter-falloff' },
  ],
  sirtlike: [{ label: 'SIRT iterations', title: 'IMOD FakeSIRTiterations', testId: 'filter-iterations' }],
  seed: [{ label: 'λ', title: 'per-view weight cos α / (1 + λ sin² α)', testId: 'filter-lambda' }],
};

function split(spec: string): { kind: Kind; args: string[] } {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const kind = (KINDS.find(([k]) => k === name)?.[0] ?? 'radial') as Kind;
  return { kind, args: colon < 0 ? [] : spec.slice(colon + 1).split(',') };
}

export function FilterField({
  value,
  onChange,
  problem,
}: {
  value: string;
  onChange: (spec: string) => void;
  problem?: string;
}) {
  const { kind, args } = split(value);
  const params = PARAMS[kind] ?? [];
  const setArg = (i: number, text: string) => {
    const next = params.map((_, j) => (j === i ? text : (args[j] ?? '')).trim());
    onChange(`${kind}:${next.join(',')}`);
  };
  return (
    <>
      <SelectField
        label="Filter"
        value={kind}
        options={KINDS}
        onChange={(k) => onChange(DEFAULTS[k])}
        testId="filter-select"
      />
      {params.map((p, i) => (
        <label className="field" key={p.testId} title={p.title}>
          <span>{p.label}</span>
          <input
            type="text"
            inputMode="decimal"
            className="num"
            value={args[i] ?? ''}
            aria-invalid={problem ? true : undefined}
            data-testid={p.testId}
            onChange={(e) => setArg(i, e.currentTarget.value)}
          />
        </label>
      ))}
      {problem && (
        <p className="field-error" aria-live="polite" data-testid="filter-error">
          {problem}
        </p>
      )}
    </>
  );
}
