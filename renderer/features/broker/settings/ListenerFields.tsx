// The listeners part of the broker settings: the TCP port and who may connect, and the optional
// WebSocket and TLS listeners with their ports and certificate files.
import type { ReactElement } from 'react'
import type { BrokerExposure } from '../../../../shared/model/settings'
import { useT } from '../../../i18n/use-t'
import { CheckboxField } from '../../../ui/CheckboxField'
import { SelectField } from '../../../ui/SelectField'
import { TextField } from '../../../ui/TextField'
import type { FormProps } from './form-props'

export function ListenerFields({ form, edit, numberField }: FormProps): ReactElement {
  const t = useT()
  const s = form.settings
  const exposures = [
    { value: 'local' as const, label: t('settings.broker.exposure.local') },
    { value: 'network' as const, label: t('settings.broker.exposure.network') },
  ]
  return (
    <fieldset className="settings-group">
      <legend>{t('broker.settings.listeners')}</legend>
      {numberField('port', t('settings.broker.port'), 'setting-broker-port')}
      <SelectField label={t('settings.broker.exposure')} value={s.exposure} options={exposures} onChange={(exposure: BrokerExposure) => edit({ exposure })} testId="setting-broker-exposure" />
      {s.exposure === 'network' && <p className="field-error">{t(s.allowAnonymous ? 'settings.broker.networkWarning' : 'broker.settings.networkUsers')}</p>}
      <CheckboxField label={t('broker.settings.ws.enabled')} checked={s.websocket.enabled} onChange={(enabled) => edit({ websocket: { ...s.websocket, enabled } })} testId="setting-broker-ws" />
      {s.websocket.enabled && numberField('websocket.port', t('broker.settings.ws.port'), 'setting-broker-ws-port')}
      <CheckboxField label={t('broker.settings.tls.enabled')} checked={s.tls.enabled} onChange={(enabled) => edit({ tls: { ...s.tls, enabled } })} testId="setting-broker-tls" />
      {s.tls.enabled && (
        <>
          {numberField('tls.port', t('broker.settings.tls.port'), 'setting-broker-tls-port')}
          <TextField label={t('broker.settings.tls.cert')} value={s.tls.certFile} placeholder="/etc/topicscope/server.crt" onChange={(certFile) => edit({ tls: { ...s.tls, certFile } })} testId="setting-broker-tls-cert" />
          <TextField label={t('broker.settings.tls.key')} value={s.tls.keyFile} placeholder="/etc/topicscope/server.key" onChange={(keyFile) => edit({ tls: { ...s.tls, keyFile } })} testId="setting-broker-tls-key" />
          <TextField label={t('broker.settings.tls.ca')} value={s.tls.caFile} hint={t('broker.settings.tls.caHint')} onChange={(caFile) => edit({ tls: { ...s.tls, caFile } })} testId="setting-broker-tls-ca" />
          <CheckboxField label={t('broker.settings.tls.require')} checked={s.tls.requireCertificate} onChange={(requireCertificate) => edit({ tls: { ...s.tls, requireCertificate } })} />
        </>
      )}
    </fieldset>
  )
}
