// Session and connection timing: clean start, session expiry (MQTT 5), keep-alive, receive maximum (MQTT 5),
// connect timeout, the reconnect policy and auto-connect at launch.
import type { ReactElement } from 'react'
import { useT } from '../../../i18n/use-t'
import { CheckboxField } from '../../../ui/CheckboxField'
import { TextField } from '../../../ui/TextField'
import { editNumber, editProfile, type DraftProps } from './draft-props'

export function SessionFields({ draft, update }: DraftProps): ReactElement {
  const t = useT()
  const { profile, numbers } = draft
  const v5 = profile.protocolVersion === 5
  return (
    <details className="form-section" data-testid="conn-section-session">
      <summary>{t('explorer.form.section.session')}</summary>
      <CheckboxField label={t(v5 ? 'explorer.form.cleanStart' : 'explorer.form.cleanSession')} checked={profile.cleanStart} testId="conn-clean-start"
        onChange={(cleanStart) => editProfile(update, { cleanStart })} />
      {v5 && (
        <TextField label={t('explorer.form.sessionExpiry')} value={numbers.sessionExpiryS} hint={t('explorer.form.sessionExpiryHint')} testId="conn-session-expiry"
          onChange={(text) => editNumber(update, 'sessionExpiryS', text)} />
      )}
      <TextField label={t('explorer.form.keepalive')} value={numbers.keepaliveS} hint={t('explorer.form.keepaliveHint')} testId="conn-keepalive"
        onChange={(text) => editNumber(update, 'keepaliveS', text)} />
      {v5 && (
        <TextField label={t('explorer.form.receiveMaximum')} value={numbers.receiveMaximum} placeholder="65535" hint={t('explorer.form.receiveMaximumHint')}
          testId="conn-receive-maximum" onChange={(text) => editNumber(update, 'receiveMaximum', text)} />
      )}
      <TextField label={t('explorer.form.connectTimeout')} value={numbers.connectTimeoutS} testId="conn-connect-timeout"
        onChange={(text) => editNumber(update, 'connectTimeoutS', text)} />
      <CheckboxField label={t('explorer.form.reconnect')} checked={profile.reconnect.enabled} testId="conn-reconnect"
        onChange={(enabled) => editProfile(update, { reconnect: { ...profile.reconnect, enabled } })} />
      {profile.reconnect.enabled && (
        <>
          <TextField label={t('explorer.form.reconnectMin')} value={numbers.reconnectMinMs} testId="conn-reconnect-min" onChange={(text) => editNumber(update, 'reconnectMinMs', text)} />
          <TextField label={t('explorer.form.reconnectMax')} value={numbers.reconnectMaxMs} testId="conn-reconnect-max" onChange={(text) => editNumber(update, 'reconnectMaxMs', text)} />
        </>
      )}
      <CheckboxField label={t('explorer.form.autoConnect')} checked={profile.autoConnect} testId="conn-auto-connect"
        onChange={(autoConnect) => editProfile(update, { autoConnect })} />
    </details>
  )
}
