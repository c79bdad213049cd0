// TLS for mqtts and wss: the server certificate check, extra trusted CAs, a client certificate and key
// (mutual TLS; the key is a secret, never shown again once saved), and the SNI server name.
import type { ReactElement } from 'react'
import { useT } from '../../../i18n/use-t'
import { CheckboxField } from '../../../ui/CheckboxField'
import { TextField } from '../../../ui/TextField'
import { editProfile, type DraftProps } from './draft-props'

function PemField({ label, value, placeholder, testId, onChange }: { label: string; value: string; placeholder?: string; testId: string; onChange(text: string): void }): ReactElement {
  return (
    <label className="pem-field">
      <span className="field-label">{label}</span>
      <textarea value={value} rows={3} spellCheck={false} placeholder={placeholder ?? '-----BEGIN CERTIFICATE-----'} data-testid={testId}
        onChange={(e) => onChange(e.target.value)} />
    </label>
  )
}

export function TlsFields({ draft, update }: DraftProps): ReactElement {
  const t = useT()
  const { tls } = draft.profile
  const editTls = (fields: Partial<typeof tls>): void => editProfile(update, { tls: { ...tls, ...fields } })
  return (
    <details className="form-section" open data-testid="conn-section-tls">
      <summary>{t('explorer.form.section.tls')}</summary>
      <CheckboxField label={t('explorer.form.verifyTls')} checked={tls.rejectUnauthorized} testId="conn-verify-tls"
        onChange={(rejectUnauthorized) => editTls({ rejectUnauthorized })} />
      {!tls.rejectUnauthorized && <p className="field-error">{t('explorer.form.verifyTlsOff')}</p>}
      <TextField label={t('explorer.form.servername')} value={tls.servername ?? ''} hint={t('explorer.form.servernameHint')} testId="conn-servername"
        onChange={(servername) => editTls({ servername })} />
      <PemField label={t('explorer.form.ca')} value={tls.ca ?? ''} testId="conn-ca" onChange={(ca) => editTls({ ca })} />
      <PemField label={t('explorer.form.cert')} value={tls.cert ?? ''} testId="conn-cert" onChange={(cert) => editTls({ cert })} />
      <PemField label={t('explorer.form.key')} value={draft.tlsKey} testId="conn-key"
        placeholder={draft.hasStoredKey ? t('explorer.form.keyStored') : '-----BEGIN PRIVATE KEY-----'}
        onChange={(tlsKey) => update((d) => ({ ...d, tlsKey }))} />
    </details>
  )
}
