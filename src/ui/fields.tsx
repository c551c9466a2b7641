/** Small labelled form fields for the Simulate and Reconstruct panels. */
import type { ReactNode } from 'react';

interface NumberFieldProps {
  label: ReactNode;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number;
  testId?: string;
  title?: string;
  disabled?: boolean;
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  testId,
  title,
  disabled,
}: NumberFieldProps) {
  return (
    <label className="field" title={title}>
      <span>{label}</span>
      <input
        type="number"
        className="num"
        value={Number.isFinite(value) ? value : ''}
        min={min}
        max={max}
        step={step ?? 'any'}
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) onChange(v);
        }}
      />
    </label>
  );
}

interface SelectFieldProps<T extends string> {
  label: ReactNode;
  value: T;
  options: readonly (T | readonly [T, string])[];
  onChange: (v: T) => void;
  testId?: string;
  disabled?: boolean;
  title?: string;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
  disabled,
  title,
}: SelectFieldProps<T>) {
  return (
    <label className="field" title={title}>
      <span>{label}</span>
      <select
        value={value}
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value as T)}
      >
        {options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
