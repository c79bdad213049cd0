// The inline form for a new or saved connection profile. What is wrong with it shows under the form, in the
// page's language, and keeps "Save and connect" disabled; that button saves (connections:save) then opens (connections:open).
import { useState, type FormEvent, type ReactElement } from 'react'
import type { MessageKey } from '../../../shared/i18n/translate'
import type { AppError } from '../../../shared/model/app-error'
import { findProfileProblem, type ProfileProtocolVersion, type Transport } from '../../../shared/model/connection-profile'
import { describeProfileProblem } from '../../../shared/model/profile-problem'
import type { SavedProfile } from '../../../shared/model/explorer'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { profilesStore } from '../../store/profiles-store'
import { Banner } from '../../ui/Banner'
import { CheckboxField } from '../../ui/CheckboxField'
import { NumberField } from '../../ui/NumberField'
import { SelectField, type SelectOption } from '../../ui/SelectField'
import { TextField } from '../../ui/TextField'
import { createDraft, profileToValidate, saveRequestOf, withTransport, type ProfileDraft } from './profile-draft'
import { SessionFields } from './profile-form/SessionFields'
import { SubscriptionFields } from './profile-form/SubscriptionFields'
import { TlsFields } from './profile-form/TlsFields'
import { WillFields } from './profile-form/WillFields'

const TRANSPORTS: readonly Transport[] = ['mqtt', 'mqtts', 'ws', 'wss']
type VersionValue = '3' | '4' | '5'
/** Product names, the same in every language. */
const VERSIONS: readonly SelectOption<VersionValue>[] = [
  { value: '3', label: 'MQTT 3.1' },
  { value: '4', label: 'MQTT 3.1.1' },
  { value: '5', label: 'MQTT 5.0' },
]

interface Failure {
  key: Extract<MessageKey, 'explorer.form.saveFailed' | 'explorer.form.openFailed'>
  error: AppError
}

export interface ConnectionFormProps {
  /** The saved profile to edit, or null for a new one. */
  editing: SavedProfile | null
  onClose(): void
}

export function ConnectionForm({ editing, onClose }: ConnectionFormProps): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const [draft, setDraft] = useState<ProfileDraft>(() => createDraft(editing))
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const { profile } = draft
  const problem = findProfileProblem(profileToValidate(draft))
  const invalid = problem === null ? null : describeProfileProblem(problem, lang)
  const usesTls = profile.transport === 'mqtts' || profile.transport === 'wss'
  const usesWebSocket = profile.transport === 'ws' || profile.transport === 'wss'

  const edit = (fields: Partial<ProfileDraft['profile']>): void => setDraft((d) => ({ ...d, profile: { ...d.profile, ...fields } }))

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault()
    if (invalid !== null || busy) return
    setBusy(true)
    setFailure(null)
    const store = profilesStore.getState()
    const saved = await store.save(saveRequestOf(draft))
    if (!saved.ok) {
      setBusy(false)
      setFailure({ key: 'explorer.form.saveFailed', error: saved.error })
      return
    }
    // From now on this form edits the saved profile: a retry must not create a second one.
    setDraft((d) => ({
      ...d, profile: { ...d.profile, id: saved.value.profile.id }, password: '', clearPassword: false, hasStoredPassword: saved.value.hasPassword,
      tlsKey: '', hasStoredKey: saved.value.hasTlsKey,
    }))
    const opened = await store.open(saved.value.profile.id)
    setBusy(false)
    if (opened.ok) onClose()
    else setFailure({ key: 'explorer.form.openFailed', error: opened.error })
  }

  const transports: SelectOption<Transport>[] = TRANSPORTS.map((value) => ({ value, label: t(`explorer.form.transport.${value}`) }))
  return (
    <section className="panel connection-form" aria-labelledby="connection-form-title">
      <h2 className="panel-title" id="connection-form-title">{t(editing === null ? 'explorer.form.titleNew' : 'explorer.form.titleEdit')}</h2>
      <form data-testid="connection-form" onSubmit={(event) => void submit(event)} noValidate>
        {failure !== null && (
          <Banner tone="error" testId="conn-save-error" onDismiss={() => setFailure(null)} dismissLabel={t('banner.dismiss')}>
            {t(failure.key, { reason: describeError(failure.error, t) })}
          </Banner>
        )}
        <TextField label={t('explorer.form.name')} value={profile.name} onChange={(name) => edit({ name })} testId="conn-name" />
        <SelectField label={t('explorer.form.transport')} value={profile.transport} options={transports}
          onChange={(transport: Transport) => setDraft((d) => withTransport(d, transport))} testId="conn-transport" />
        {usesWebSocket && (
          <TextField label={t('explorer.form.wsPath')} value={profile.wsPath} onChange={(wsPath) => edit({ wsPath })} testId="conn-ws-path" />
        )}
        <TextField label={t('explorer.form.host')} value={profile.host} onChange={(host) => edit({ host })} testId="conn-host" />
        <NumberField label={t('explorer.form.port')} value={draft.portText} min={1} max={65_535} error={null}
          onChange={(portText) => setDraft((d) => ({ ...d, portText }))} testId="conn-port" />
        <SelectField label={t('explorer.form.version')} value={String(profile.protocolVersion) as VersionValue} options={VERSIONS}
          onChange={(v: VersionValue) => edit({ protocolVersion: Number(v) as ProfileProtocolVersion })} testId="conn-version" />
        <TextField label={t('explorer.form.clientId')} value={profile.clientId} onChange={(clientId) => edit({ clientId })}
          hint={t('explorer.form.clientIdHint')} testId="conn-client-id" />
        <TextField label={t('explorer.form.username')} value={profile.username ?? ''} onChange={(username) => edit({ username })}
          autoComplete="username" testId="conn-username" />
        <TextField label={t('explorer.form.password')} type="password" value={draft.password} autoComplete="new-password"
          placeholder={draft.hasStoredPassword ? t('explorer.form.passwordStored') : undefined} disabled={draft.clearPassword}
          onChange={(password) => setDraft((d) => ({ ...d, password }))} testId="conn-password" />
        {draft.hasStoredPassword && (
          <CheckboxField label={t('explorer.form.clearPassword')} checked={draft.clearPassword} testId="conn-clear-password"
            onChange={(clearPassword) => setDraft((d) => ({ ...d, clearPassword, password: clearPassword ? '' : d.password }))} />
        )}
        {usesTls && <TlsFields draft={draft} update={setDraft} />}
        <SessionFields draft={draft} update={setDraft} />
        <WillFields draft={draft} update={setDraft} />
        <SubscriptionFields draft={draft} update={setDraft} />
        {invalid !== null && <p className="field-error" role="status" data-testid="conn-error">{invalid}</p>}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={invalid !== null || busy} data-testid="conn-save">
            {t(busy ? 'explorer.form.saving' : 'explorer.form.saveAndConnect')}
          </button>
          <button type="button" className="button" onClick={onClose} data-testid="conn-cancel">{t('explorer.form.cancel')}</button>
        </div>
      </form>
    </section>
  )
}
