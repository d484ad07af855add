import { useId } from 'react';
import type { Choice } from '../../app/settings';

interface ChoiceFieldProps<T extends string> {
  label: string;
  /** What the setting is for, on hover over the label. */
  hint: string;
  value: T;
  choices: readonly Choice<T>[];
  disabled?: boolean;
  disabledReason?: string;
  onChange(value: T): void;
}

/** A labelled setting whose current choice explains itself on hover and to screen readers. */
export function ChoiceField<T extends string>(props: ChoiceFieldProps<T>) {
  const { label, hint, value, choices, disabled, disabledReason, onChange } = props;
  const id = useId();
  const current = choices.find((choice) => choice.value === value);
  const explanation = disabled && disabledReason ? disabledReason : (current?.hint ?? '');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label" title={hint}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        title={explanation}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value as T)}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} title={choice.hint}>
            {choice.label}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="visually-hidden">
        {explanation}
      </span>
    </div>
  );
}
