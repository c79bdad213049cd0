// A labelled one-line text input (text or password), with an optional hint under it. Reports its raw text.
import { useId, type ReactElement } from 'react'

export interface TextFieldProps {
  label: string
  value: string
  onChange(text: string): void
  type?: 'text' | 'password'
  placeholder?: string
  /** Shown under the field in muted text. */
  hint?: string
  /** What is wrong with the value, shown under the field (the field is then marked invalid). */
  error?: string | null
  disabled?: boolean
  autoComplete?: string
  testId?: string
}

export function TextField({ label, value, onChange, type = 'text', placeholder, hint, error, disabled, autoComplete = 'off', testId }: TextFieldProps): ReactElement {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const invalid = error !== undefined && error !== null
  const describedBy = [hint !== undefined ? hintId : null, invalid ? errorId : null].filter((x) => x !== null).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div>
        <input id={id} type={type} value={value} placeholder={placeholder} disabled={disabled} autoComplete={autoComplete}
          spellCheck={false} data-testid={testId} aria-describedby={describedBy === '' ? undefined : describedBy} aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)} />
        {hint !== undefined && <div id={hintId} className="field-hint">{hint}</div>}
        {invalid && <div id={errorId} className="field-error" role="alert" data-testid={testId === undefined ? undefined : `${testId}-error`}>{error}</div>}
      </div>
    </div>
  )
}
