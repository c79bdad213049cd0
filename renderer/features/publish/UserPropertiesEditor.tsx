// MQTT 5 user properties as editable rows: name and value, in order, names may repeat [MQTT-3.3.2-18].
import type { ReactElement } from 'react'
import { useT } from '../../i18n/use-t'

export function UserPropertiesEditor({ value, onChange }: { value: Array<{ key: string; value: string }>; onChange(next: Array<{ key: string; value: string }>): void }): ReactElement {
  const t = useT()
  const set = (i: number, patch: Partial<{ key: string; value: string }>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  return (
    <div className="user-props-editor">
      <div className="field-label">{t('explorer.props.user')}</div>
      {value.map((p, i) => (
        <div className="user-prop-row" key={i}>
          <input aria-label={t('explorer.props.user.name')} value={p.key} spellCheck={false} data-testid={`user-prop-key-${i}`} onChange={(e) => set(i, { key: e.target.value })} />
          <input aria-label={t('explorer.props.user.value')} value={p.value} spellCheck={false} data-testid={`user-prop-value-${i}`} onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" className="button button-small" onClick={() => onChange(value.filter((_, j) => j !== i))}>{t('publish.props.removeUser')}</button>
        </div>
      ))}
      <button type="button" className="button button-small" data-testid="user-prop-add" onClick={() => onChange([...value, { key: '', value: '' }])}>{t('publish.props.addUser')}</button>
    </div>
  )
}
