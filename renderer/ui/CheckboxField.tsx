// A native checkbox with its label on the right, aligned with the value column of the other fields.
import type { ReactElement } from 'react'

export interface CheckboxFieldProps {
  label: string
  checked: boolean
  onChange(checked: boolean): void
  testId?: string
}

export function CheckboxField({ label, checked, onChange, testId }: CheckboxFieldProps): ReactElement {
  return (
    <div className="field field-check">
      <span aria-hidden="true" />
      <label>
        <input type="checkbox" checked={checked} data-testid={testId} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </div>
  )
}
