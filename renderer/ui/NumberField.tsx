// A labelled whole-number input that reports its raw text, with an inline error under it when invalid.
import { useId, type ReactElement } from 'react'

export interface NumberFieldProps {
  label: string
  value: string
  onChange(text: string): void
  /** Shown under the field, and sets aria-invalid, when not null. */
  error: string | null
  min: number
  max: number
  testId?: string
}

export function NumberField({ label, value, onChange, error, min, max, testId }: NumberFieldProps): ReactElement {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div>
        <input id={id} type="number" inputMode="numeric" min={min} max={max} step={1} value={value} data-testid={testId}
          aria-invalid={error !== null} aria-describedby={error !== null ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)} />
        {error !== null && <div id={errorId} className="field-error" role="alert">{error}</div>}
      </div>
    </div>
  )
}
