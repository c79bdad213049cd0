// Saved connections in Settings: where their passwords and TLS keys are kept (the OS keychain, or a file
// only the user can read), exporting them to a JSON file (secrets only when asked, with a warning), and
// importing such a file as new connections.
import { useRef, useState, type ReactElement } from 'react'
import { MAX_IMPORT_BYTES } from '../../../shared/model/profile-transfer'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { useAppInfo } from '../../store/app-store'
import { profilesStore } from '../../store/profiles-store'
import { CheckboxField } from '../../ui/CheckboxField'
import { InfoList } from '../../ui/InfoList'
import { download } from '../../ui/download'

type Outcome = { tone: 'ok' | 'error'; text: string } | null

export function ConnectionsTransferPanel(): ReactElement {
  const t = useT()
  const info = useAppInfo()
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const storage = info?.secretStorage

  const exportAll = async (): Promise<void> => {
    const result = await profilesStore.getState().exportAll(includeSecrets)
    if (!result.ok) return setOutcome({ tone: 'error', text: describeError(result.error, t) })
    download(`topicscope-connections-${result.value.exportedAt.slice(0, 10)}.json`, JSON.stringify(result.value, null, 2))
    setOutcome({ tone: 'ok', text: t('settings.connections.exported', { count: result.value.profiles.length }) })
  }

  const importFile = async (file: File): Promise<void> => {
    if (file.size > MAX_IMPORT_BYTES) return setOutcome({ tone: 'error', text: t('settings.connections.tooBig') })
    const result = await profilesStore.getState().importJson(await file.text())
    if (!result.ok) return setOutcome({ tone: 'error', text: describeError(result.error, t) })
    const skipped = result.value.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')
    setOutcome({ tone: result.value.skipped.length > 0 ? 'error' : 'ok', text: t('settings.connections.imported', { count: result.value.imported }) + (skipped === '' ? '' : ` ${t('settings.connections.skipped', { list: skipped })}`) })
  }

  return (
    <>
      <InfoList items={[{
        label: t('settings.connections.secrets'),
        value: storage === undefined ? t('about.unknown') : storage.kind === 'os-keychain' ? t('settings.connections.keychain') : t('settings.connections.file0600', { file: storage.file }),
      }]} />
      <CheckboxField label={t('settings.connections.includeSecrets')} checked={includeSecrets} testId="export-include-secrets" onChange={setIncludeSecrets} />
      {includeSecrets && <p className="field-error">{t('settings.connections.secretsWarning')}</p>}
      <div className="button-row">
        <button type="button" className="button" data-testid="connections-export" onClick={() => void exportAll()}>{t('settings.connections.export')}</button>
        <button type="button" className="button" data-testid="connections-import" onClick={() => fileInput.current?.click()}>{t('settings.connections.import')}</button>
        <input ref={fileInput} type="file" accept="application/json,.json" hidden data-testid="connections-import-file"
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file !== undefined) void importFile(file) }} />
      </div>
      {outcome !== null && <p className={outcome.tone === 'ok' ? 'hint' : 'field-error'} role="status" data-testid="connections-transfer-result">{outcome.text}</p>}
    </>
  )
}
