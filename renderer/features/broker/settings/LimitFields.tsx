// The limits part of the broker settings, each with its unit in its label and its range enforced.
import type { ReactElement } from 'react'
import { useT } from '../../../i18n/use-t'
import { CheckboxField } from '../../../ui/CheckboxField'
import { NUMERIC_LIMITS } from './broker-settings-form'
import type { FormProps } from './form-props'

export function LimitFields({ form, edit, numberField }: FormProps): ReactElement {
  const t = useT()
  const limits = form.settings.limits
  return (
    <fieldset className="settings-group">
      <legend>{t('broker.settings.limits')}</legend>
      {NUMERIC_LIMITS.map((name) => <div key={name}>{numberField(`limits.${name}`, t(`broker.settings.limit.${name}`), `setting-limit-${name}`)}</div>)}
      <CheckboxField label={t('broker.settings.limit.queueQos0WhenOffline')} checked={limits.queueQos0WhenOffline}
        onChange={(queueQos0WhenOffline) => edit({ limits: { ...limits, queueQos0WhenOffline } })} testId="setting-limit-queueQos0WhenOffline" />
    </fieldset>
  )
}
