// Making a virtual client: id, MQTT version, clean or kept session, keep-alive, an optional will, and
// its subscriptions written one per line as "filter qos".
import { useState, type ReactElement } from 'react'
import { parseVirtualClientConfig, type VirtualClientConfig } from '../../../shared/model/lab-sim'
import { useT } from '../../i18n/use-t'
import { labSimStore } from '../../store/lab-sim-store'

/** "home/# 1" lines into subscriptions; a line without a QoS subscribes with QoS 0. */
export function parseSubscriptionLines(text: string): VirtualClientConfig['subscriptions'] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((l) => {
    const [filter = '', qos = '0'] = l.split(/\s+/)
    return { filter, qos: (qos === '1' || qos === '2' ? Number(qos) : 0) as 0 | 1 | 2 }
  })
}

/** What each protocol level is called on screen. */
export const VERSION_NAMES = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5' } as const

export function VirtualClientForm({ suggestedId }: { suggestedId: string }): ReactElement {
  const t = useT()
  const [clientId, setClientId] = useState(suggestedId)
  const [version, setVersion] = useState<3 | 4 | 5>(5)
  const [clean, setClean] = useState(true)
  const [keepAlive, setKeepAlive] = useState('60')
  const [subs, setSubs] = useState('')
  const [willTopic, setWillTopic] = useState('')
  const [willPayload, setWillPayload] = useState('')
  const [willQos, setWillQos] = useState<0 | 1 | 2>(1)
  const [willRetain, setWillRetain] = useState(false)
  const [responder, setResponder] = useState(false)
  const config = {
    clientId, protocolVersion: version, clean, sessionExpiryS: clean ? 0 : 3600, keepAliveS: Number(keepAlive),
    will: willTopic.trim() === '' ? null : { topic: willTopic.trim(), payload: willPayload, qos: willQos, retain: willRetain },
    subscriptions: parseSubscriptionLines(subs), username: null, password: null, responder,
  }
  const checked = parseVirtualClientConfig(config)
  const problem = typeof checked === 'string' ? checked : null
  return (
    <form className="lab-form" data-testid="lab-client-form" onSubmit={async (e) => {
      e.preventDefault()
      if (typeof checked !== 'string' && await labSimStore.getState().addClient(checked)) setClientId(`${suggestedId.replace(/\d+$/, '')}${Math.floor(Math.random() * 900 + 100)}`)
    }}>
      <input value={clientId} aria-label={t('explorer.form.clientId')} placeholder={t('explorer.form.clientId')} data-testid="lab-client-id" onChange={(e) => setClientId(e.target.value)} />
      <select value={String(version)} aria-label={t('lab.client.version')} data-testid="lab-client-version" onChange={(e) => setVersion(Number(e.target.value) as 3 | 4 | 5)}>
        {([5, 4, 3] as const).map((v) => <option key={v} value={String(v)}>{VERSION_NAMES[v]}</option>)}
      </select>
      <label className="lab-check"><input type="checkbox" checked={!clean} data-testid="lab-client-persistent" onChange={(e) => setClean(!e.target.checked)} /> {t('lab.client.persistent')}</label>
      <label className="lab-check">{t('lab.client.keepAlive')} <input type="number" min={0} max={65535} value={keepAlive} className="lab-small" onChange={(e) => setKeepAlive(e.target.value)} /></label>
      <textarea rows={2} value={subs} placeholder={t('lab.client.subsPlaceholder')} aria-label={t('lab.client.subs')} data-testid="lab-client-subs" onChange={(e) => setSubs(e.target.value)} />
      <input value={willTopic} placeholder={t('lab.client.willTopic')} aria-label={t('lab.client.willTopic')} data-testid="lab-client-will-topic" onChange={(e) => setWillTopic(e.target.value)} />
      {willTopic.trim() !== '' && <>
        <input value={willPayload} placeholder={t('lab.client.willPayload')} aria-label={t('lab.client.willPayload')} data-testid="lab-client-will-payload" onChange={(e) => setWillPayload(e.target.value)} />
        <select value={String(willQos)} aria-label={t('lab.client.willQos')} data-testid="lab-client-will-qos" onChange={(e) => setWillQos(Number(e.target.value) as 0 | 1 | 2)}>
          {[0, 1, 2].map((q) => <option key={q} value={String(q)}>{t('lab.client.willQosOption', { qos: String(q) })}</option>)}
        </select>
        <label className="lab-check"><input type="checkbox" checked={willRetain} data-testid="lab-client-will-retain" onChange={(e) => setWillRetain(e.target.checked)} /> {t('lab.client.willRetain')}</label>
      </>}
      <label className="lab-check"><input type="checkbox" checked={responder} onChange={(e) => setResponder(e.target.checked)} /> {t('lab.client.responder')}</label>
      {problem !== null && clientId !== '' && <p className="field-error">{problem}</p>}
      <button type="submit" className="button button-small button-primary" disabled={problem !== null} data-testid="lab-client-add">{t('lab.client.add')}</button>
    </form>
  )
}
