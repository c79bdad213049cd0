// A labelled native <select> (keyboard and screen-reader behaviour for free), typed by its option values.
import { useId, type ReactElement } from 'react'

export interface SelectOption<V extends string> {
  value: V
  label: string
}

export interface SelectFieldProps<V extends string> {
  label: string
  value: V
  options: readonly SelectOption<V>[]
  onChange(value: V): void
  testId?: string
}

export function SelectField<V extends string>({ label, value, options, onChange, testId }: SelectFieldProps<V>): ReactElement {
  const id = useId()
  const onSelect = (raw: string): void => {
    const picked = options.find((o) => o.value === raw)
    if (picked !== undefined) onChange(picked.value)
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(e) => onSelect(e.target.value)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  )
}
