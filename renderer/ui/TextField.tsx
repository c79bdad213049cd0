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
  disabled?: boolean
  autoComplete?: string
  testId?: string
}

export function TextField({ label, value, onChange, type = 'text', placeholder, hint, disabled, autoComplete = 'off', testId }: TextFieldProps): ReactElement {
  const id = useId()
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div>
        <input id={id} type={type} value={value} placeholder={placeholder} disabled={disabled} autoComplete={autoComplete}
          spellCheck={false} data-testid={testId} aria-describedby={hint !== undefined ? hintId : undefined}
          onChange={(e) => onChange(e.target.value)} />
        {hint !== undefined && <div id={hintId} className="field-hint">{hint}</div>}
      </div>
    </div>
  )
}
