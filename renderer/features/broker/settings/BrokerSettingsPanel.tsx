// The embedded broker's settings in the console: listeners, anonymous access, limits and persistence.
// Edited locally; before Apply the panel says what applying does (brokerChangeEffects), and applying
// disturbs only that: a listener change reopens that listener, a persistence change restarts the broker,
// anonymous access and limits apply live.
import { useEffect, useMemo, useState, type ReactElement } from 'react'
import { brokerChangeEffects } from '../../../../shared/model/broker-change'
import { DURABILITIES, PERSISTENCE_MODES, type Durability, type PersistenceMode } from '../../../../shared/model/persistence'
import type { BrokerSettings } from '../../../../shared/model/settings'
import { brokerSettingsProblem } from '../../../../shared/model/settings-parse'
import { useT } from '../../../i18n/use-t'
import { settingsStore, useBrokerSettings } from '../../../store/settings-store'
import { CheckboxField } from '../../../ui/CheckboxField'
import { NumberField } from '../../../ui/NumberField'
import { SelectField, type SelectOption } from '../../../ui/SelectField'
import { formFromSettings, rangeOf, readForm, type BrokerSettingsForm } from './broker-settings-form'
import { BrokerState } from './BrokerState'
import { ChangePreview } from './ChangePreview'
import { LimitFields } from './LimitFields'
import { ListenerFields } from './ListenerFields'

/** The panel's element id, so the Settings view can bring it into view. */
export const BROKER_SETTINGS_ID = 'broker-settings'

export function BrokerSettingsPanel(): ReactElement {
  const t = useT()
  const stored = useBrokerSettings()
  const [form, setForm] = useState<BrokerSettingsForm>(() => formFromSettings(stored))
  // A change of the broker settings from elsewhere (another tab, the backend's first answer, our own apply)
  // resets the form; compared by value, as every settings push (a theme change too) brings a new object.
  const storedKey = JSON.stringify(stored)
  useEffect(() => setForm(formFromSettings(stored)), [storedKey])
  const { settings, invalid } = useMemo(() => readForm(form), [form])
  const problem = settings === null ? null : brokerSettingsProblem(settings)
  const effects = settings === null ? [] : brokerChangeEffects(stored, settings)

  const edit = (changes: Partial<BrokerSettings>): void => setForm((f) => ({ ...f, settings: { ...f.settings, ...changes } }))
  const numberField = (path: string, label: string, testId?: string): ReactElement => {
    const range = rangeOf(path)
    return (
      <NumberField label={label} value={form.numbers[path] ?? ''} min={range.min} max={range.max} testId={testId}
        error={invalid.has(path) ? (path.endsWith('port') ? t('settings.broker.portInvalid') : t('broker.settings.limitInvalid', { min: range.min.toLocaleString(), max: range.max.toLocaleString() })) : null}
        onChange={(text) => setForm((f) => ({ ...f, numbers: { ...f.numbers, [path]: text } }))} />
    )
  }
  const props = { form, edit, numberField }
  const s = form.settings
  const modes: SelectOption<PersistenceMode>[] = PERSISTENCE_MODES.map((m) => ({ value: m, label: t(`settings.broker.persistence.${m}`) }))
  const durabilities: SelectOption<Durability>[] = DURABILITIES.map((d) => ({ value: d, label: t(`settings.broker.durability.${d}`) }))
  return (
    <div className="broker-settings" id={BROKER_SETTINGS_ID}>
      <BrokerState />
      <ListenerFields {...props} />
      <fieldset className="settings-group">
        <legend>{t('broker.settings.access')}</legend>
        <CheckboxField label={t('broker.settings.anonymous')} checked={s.allowAnonymous} onChange={(allowAnonymous) => edit({ allowAnonymous })} testId="setting-broker-anonymous" />
        <p className="hint">{t('broker.settings.anonymous.hint')}</p>
      </fieldset>
      <LimitFields {...props} />
      <fieldset className="settings-group">
        <legend>{t('settings.broker.persistence')}</legend>
        <SelectField label={t('settings.broker.persistence')} value={s.persistence} options={modes} onChange={(persistence: PersistenceMode) => edit({ persistence })} testId="setting-broker-persistence" />
        <p className="hint" data-testid="setting-broker-persistence-hint">{t(`settings.broker.persistence.${s.persistence}.hint`)}</p>
        {s.persistence !== 'none' && (
          <SelectField label={t('settings.broker.durability')} value={s.durability} options={durabilities} onChange={(durability: Durability) => edit({ durability })} testId="setting-broker-durability" />
        )}
      </fieldset>
      {problem !== null && <p className="field-error" role="alert" data-testid="broker-settings-problem">{t(`broker.settings.problem.${problem.code}`, problem.params)}</p>}
      <ChangePreview effects={effects} />
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={settings === null || problem !== null || effects.length === 0} data-testid="setting-broker-apply"
          onClick={() => settings !== null && void settingsStore.getState().update({ broker: settings })}>
          {t('settings.broker.apply')}
        </button>
        <button type="button" className="button" disabled={effects.length === 0 && invalid.size === 0} onClick={() => setForm(formFromSettings(stored))}>{t('broker.settings.revert')}</button>
      </div>
    </div>
  )
}
