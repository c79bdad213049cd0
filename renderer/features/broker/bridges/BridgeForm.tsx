// Adding or editing one bridge: the remote's URL, MQTT version, client id, session, credentials and TLS,
// and its topic rules written as mosquitto's bridge `topic` lines, each wrong line named as you type.
import { useState, type ReactElement } from 'react'
import { formatBridgeTopicLine, parseBridgeTopicLines, type BridgeSave, type BridgeView } from '../../../../shared/model/bridge'
import { useT } from '../../../i18n/use-t'
import { bridgesStore } from '../../../store/bridges-store'
import { CheckboxField } from '../../../ui/CheckboxField'
import { SelectField } from '../../../ui/SelectField'
import { TextField } from '../../../ui/TextField'

const EXAMPLE_TOPICS = 'topic zigbee2mqtt/# out 1 "" home-a/\ntopic commands/# in 1 "" home-a/'

const randomWord = (): string => Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')

/** A fresh id for a new bridge (letters and digits, as the backend asks). */
function newBridgeId(): string {
  return `b${Date.now().toString(36)}${randomWord()}`
}

export function BridgeForm({ editing, onDone }: { editing: BridgeView | null; onDone(): void }): ReactElement {
  const t = useT()
  const c = editing?.config
  const [name, setName] = useState(c?.name ?? '')
  const [url, setUrl] = useState(c?.url ?? 'mqtt://')
  const [version, setVersion] = useState<4 | 5>(c?.protocolVersion ?? 5)
  // Two bridges with one client id on one remote would throw each other out: each new one gets its own.
  const [clientId, setClientId] = useState(c?.clientId ?? `topicscope-bridge-${randomWord()}`)
  const [cleanSession, setCleanSession] = useState(c?.cleanSession ?? false)
  const [username, setUsername] = useState(c?.username ?? '')
  const [password, setPassword] = useState('')
  const [caFile, setCaFile] = useState(c?.caFile ?? '')
  const [verify, setVerify] = useState(c?.verifyCertificate ?? true)
  const [enabled, setEnabled] = useState(c?.enabled ?? true)
  const [topicText, setTopicText] = useState(c?.topics.map(formatBridgeTopicLine).join('\n') ?? '')
  const { rules, problems } = parseBridgeTopicLines(topicText)
  const secure = url.startsWith('mqtts://') || url.startsWith('wss://')
  const ready = name.trim() !== '' && clientId !== '' && /^(mqtts?|wss?):\/\/[^/:]+/.test(url) && rules.length > 0 && problems.length === 0

  const save = async (): Promise<void> => {
    const bridge: BridgeSave = {
      id: c?.id ?? newBridgeId(), name, enabled, url, protocolVersion: version, clientId, cleanSession,
      username: username === '' ? null : username, caFile, verifyCertificate: verify, topics: rules,
      // Blank keeps the stored password when editing; a new bridge without one has none.
      ...(password !== '' ? { password } : c === undefined ? { password: null } : {}),
    }
    if (await bridgesStore.getState().save(bridge)) onDone()
  }
  return (
    <form className="bridge-form" data-testid="bridge-form" onSubmit={(e) => { e.preventDefault(); if (ready) void save() }}>
      <TextField label={t('broker.bridges.name')} value={name} onChange={setName} placeholder="Cloud EMQX" testId="bridge-name" />
      <TextField label={t('broker.bridges.url')} value={url} onChange={setUrl} placeholder="mqtts://broker.example.com:8883" hint={t('broker.bridges.urlHint')} testId="bridge-url" />
      <SelectField label={t('broker.bridges.version')} value={String(version)} options={[{ value: '5', label: 'MQTT 5' }, { value: '4', label: 'MQTT 3.1.1' }]}
        onChange={(v: string) => setVersion(v === '4' ? 4 : 5)} testId="bridge-version" />
      <TextField label={t('broker.bridges.clientId')} value={clientId} onChange={setClientId} testId="bridge-client-id" />
      <CheckboxField label={t('broker.bridges.cleanSession')} checked={cleanSession} onChange={setCleanSession} />
      <TextField label={t('explorer.form.username')} value={username} onChange={setUsername} testId="bridge-username" />
      <TextField label={t('explorer.form.password')} type="password" value={password} onChange={setPassword} autoComplete="new-password"
        placeholder={c?.hasPassword === true ? t('broker.bridges.passwordKept') : ''} testId="bridge-password" />
      {secure && (
        <>
          <TextField label={t('broker.bridges.caFile')} value={caFile} onChange={setCaFile} hint={t('broker.bridges.caHint')} />
          <CheckboxField label={t('broker.bridges.verify')} checked={verify} onChange={setVerify} />
        </>
      )}
      <label className="field-stacked">
        <span>{t('broker.bridges.topics')}</span>
        <textarea className="publish-payload acl-text" rows={4} value={topicText} spellCheck={false} placeholder={EXAMPLE_TOPICS} data-testid="bridge-topics"
          onChange={(e) => setTopicText(e.target.value)} />
      </label>
      <p className="hint">{t('broker.bridges.topicsHint')}</p>
      {problems.length > 0 && <ul className="field-error" data-testid="bridge-topic-problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <CheckboxField label={t('broker.bridges.enabled')} checked={enabled} onChange={setEnabled} testId="bridge-enabled" />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!ready} data-testid="bridge-save">{t('broker.bridges.save')}</button>
        <button type="button" className="button" onClick={onDone}>{t('broker.bridges.cancel')}</button>
      </div>
    </form>
  )
}
