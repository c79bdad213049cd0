// The publish form: connection, topic (checked as you type, the reason shown in the page's language),
// payload as text, JSON, hex or base64, QoS, retain, MQTT 5 properties on MQTT 5 connections, and a
// repeat (count and interval) with its progress and a stop button. Says what the broker answered.
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { describeTopicProblem } from '../../../shared/mqtt/topic-problem'
import type { PublishRequest } from '../../../shared/model/publish'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { useExplorerConnections } from '../../store/explorer-store'
import { publishStore, usePublish } from '../../store/publish-store'
import { CheckboxField } from '../../ui/CheckboxField'
import { SelectField } from '../../ui/SelectField'
import { TextField } from '../../ui/TextField'
import { formatTime } from '../explorer/format-topic'
import { formatJson, type PayloadFormat } from './payload-input'
import { buildRequest, emptyDraft, savedOf, type PublishDraft } from './publish-draft'
import { SavedPublishPicker } from './SavedPublishPicker'
import { UserPropertiesEditor } from './UserPropertiesEditor'
import { connectionName } from '../explorer/connection-name'

/** Most messages one repeat sends, and the shortest interval between them. */
const MAX_REPEAT = 100_000
const MIN_INTERVAL_MS = 10

export interface PublishPanelProps {
  /** Where the form starts: the selected topic's connection and path, if any. */
  initial: { connectionId: string | null; topic: string }
  onClose(): void
}

export function PublishPanel({ initial, onClose }: PublishPanelProps): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const connections = useExplorerConnections()
  const [draft, setDraft] = useState<PublishDraft>(() => emptyDraft(initial.connectionId ?? connections[0]?.id ?? '', initial.topic))
  const [repeatCount, setRepeatCount] = useState('1')
  const [intervalMs, setIntervalMs] = useState('1000')
  const [progress, setProgress] = useState<{ sent: number; total: number; running: boolean } | null>(null)
  const stopRef = useRef(false)
  const sending = usePublish((s) => s.sending)
  const last = usePublish((s) => s.last)
  const update = (patch: Partial<PublishDraft>): void => setDraft((d) => ({ ...d, ...patch }))
  useEffect(() => () => { stopRef.current = true }, [])

  const connection = connections.find((c) => c.id === draft.connectionId)
  const mqtt5 = connection?.protocolVersion === 5
  const outcome = buildRequest(draft, mqtt5)
  const problems = outcome.ok ? null : outcome.problems
  const count = /^\d+$/.test(repeatCount) ? Number(repeatCount) : NaN
  const interval = /^\d+$/.test(intervalMs) ? Number(intervalMs) : NaN
  const repeatError = !(count >= 1 && count <= MAX_REPEAT) ? t('publish.repeat.badCount', { max: MAX_REPEAT })
    : count > 1 && !(interval >= MIN_INTERVAL_MS) ? t('publish.repeat.badInterval', { min: MIN_INTERVAL_MS }) : null
  const connected = connection?.status.state === 'connected'
  const running = progress?.running === true

  async function send(request: PublishRequest): Promise<void> {
    stopRef.current = false
    const entry = savedOf(draft)
    setProgress({ sent: 0, total: count, running: true })
    for (let i = 0; i < count && !stopRef.current; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, interval))
      if (stopRef.current) break
      const result = await publishStore.getState().publish(request)
      setProgress({ sent: i + 1, total: count, running: true })
      if (!result.ok) break
      if (i === 0) void publishStore.getState().remember(entry)
    }
    setProgress((p) => (p === null ? null : { ...p, running: false }))
  }

  return (
    <aside className="explorer-details publish-panel" data-testid="publish-panel" aria-label={t('publish.title')}>
      <div className="panel-title-row">
        <h2 className="panel-title">{t('publish.title')}</h2>
        <button type="button" className="button button-small" data-testid="publish-close" onClick={onClose}>{t('publish.close')}</button>
      </div>
      <SavedPublishPicker current={savedOf(draft)} onLoad={(entry) => setDraft((d) => ({ ...d, ...entry }))} />
      <form onSubmit={(e) => {
        e.preventDefault()
        if (outcome.ok && repeatError === null && connected && !running) void send(outcome.request)
      }}>
        <SelectField label={t('publish.connection')} value={draft.connectionId} testId="publish-connection"
          options={connections.map((c) => ({ value: c.id, label: `${connectionName(c.id, c.name, t)} (${t(`explorer.state.${c.status.state}`)})` }))}
          onChange={(connectionId) => update({ connectionId })} />
        <TextField label={t('publish.topic')} value={draft.topic} testId="publish-topic" placeholder="home/kitchen/lamp/set"
          error={problems?.topic == null || draft.topic === '' && problems.topic.code === 'empty' ? null : describeTopicProblem(problems.topic, lang)}
          onChange={(topic) => update({ topic })} />
        <div className="field">
          <span className="field-label">{t('publish.payload')}</span>
          <div>
            <div className="view-switch" role="radiogroup" aria-label={t('publish.format')}>
              {(['text', 'json', 'hex', 'base64'] as const).map((f: PayloadFormat) => (
                <button key={f} type="button" role="radio" aria-checked={draft.format === f} className={`button button-small${draft.format === f ? ' is-on' : ''}`}
                  data-testid={`publish-format-${f}`} onClick={() => update({ format: f })}>{t(`explorer.view.${f}`)}</button>
              ))}
              {draft.format === 'json' && (
                <button type="button" className="button button-small" data-testid="publish-format-json-pretty" onClick={() => update({ payload: formatJson(draft.payload) })}>{t('publish.prettify')}</button>
              )}
            </div>
            <textarea className="publish-payload" value={draft.payload} spellCheck={false} rows={6} data-testid="publish-payload"
              aria-label={t('publish.payload')} aria-invalid={problems?.payload != null || undefined} onChange={(e) => update({ payload: e.target.value })} />
            {problems?.payload != null && draft.payload !== '' && (
              <div className="field-error" role="alert" data-testid="publish-payload-error">{t(problems.payload.key, problems.payload.params)}</div>
            )}
          </div>
        </div>
        <SelectField label={t('publish.qos')} value={String(draft.qos) as '0' | '1' | '2'} testId="publish-qos"
          options={[{ value: '0', label: t('publish.qos.0') }, { value: '1', label: t('publish.qos.1') }, { value: '2', label: t('publish.qos.2') }]}
          onChange={(v) => update({ qos: Number(v) as 0 | 1 | 2 })} />
        <CheckboxField label={t('publish.retain')} checked={draft.retain} testId="publish-retain" onChange={(retain) => update({ retain })} />
        {mqtt5 ? (
          <details className="publish-props">
            <summary>{t('explorer.message.properties')}</summary>
            <TextField label={t('explorer.props.contentType')} value={draft.contentType} placeholder="application/json" testId="publish-content-type" onChange={(contentType) => update({ contentType })} />
            <TextField label={t('explorer.props.responseTopic')} value={draft.responseTopic} testId="publish-response-topic"
              error={problems?.responseTopic == null ? null : describeTopicProblem(problems.responseTopic, lang)} onChange={(responseTopic) => update({ responseTopic })} />
            <TextField label={t('explorer.props.correlationData')} value={draft.correlationData} testId="publish-correlation" onChange={(correlationData) => update({ correlationData })} />
            <TextField label={t('publish.props.expiry')} value={draft.messageExpiry} placeholder="60" testId="publish-expiry"
              error={problems?.messageExpiry == null ? null : t(problems.messageExpiry)} onChange={(messageExpiry) => update({ messageExpiry })} />
            <CheckboxField label={t('publish.props.utf8')} checked={draft.payloadIsUtf8} onChange={(payloadIsUtf8) => update({ payloadIsUtf8 })} />
            <UserPropertiesEditor value={draft.userProperties} onChange={(userProperties) => update({ userProperties })} />
          </details>
        ) : <p className="hint">{t('publish.props.v5only')}</p>}
        <div className="publish-repeat">
          <TextField label={t('publish.repeat.count')} value={repeatCount} testId="publish-repeat-count" error={repeatError} onChange={setRepeatCount} />
          {count > 1 && <TextField label={t('publish.repeat.interval')} value={intervalMs} testId="publish-repeat-interval" onChange={setIntervalMs} />}
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" data-testid="publish-send"
            disabled={!outcome.ok || repeatError !== null || !connected || running || sending}>
            {count > 1 ? t('publish.sendRepeat', { count }) : t('publish.send')}
          </button>
          {running && <button type="button" className="button" data-testid="publish-stop" onClick={() => { stopRef.current = true }}>{t('publish.stop')}</button>}
          {!connected && connection !== undefined && <span className="hint">{t('publish.notConnected')}</span>}
        </div>
        {progress !== null && progress.total > 1 && (
          <p className="hint" role="status" data-testid="publish-progress">{t('publish.progress', { sent: progress.sent, total: progress.total })}</p>
        )}
        {last !== null && (
          <p className={last.result.ok ? 'hint' : 'field-error'} role="status" data-testid="publish-result">
            {last.result.ok
              ? last.result.value.reasonName === null
                ? t('publish.sentQos0', { time: formatTime(last.at, lang, Date.now()), topic: last.request.topic })
                : t('publish.acked', { time: formatTime(last.at, lang, Date.now()), topic: last.request.topic, reason: last.result.value.reasonName })
              : describeError(last.result.error, t)}
          </p>
        )}
      </form>
    </aside>
  )
}
