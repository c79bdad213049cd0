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

export function VirtualClientForm({ suggestedId }: { suggestedId: string }): ReactElement {
  const t = useT()
  const [clientId, setClientId] = useState(suggestedId)
  const [version, setVersion] = useState<4 | 5>(5)
  const [clean, setClean] = useState(true)
  const [keepAlive, setKeepAlive] = useState('60')
  const [subs, setSubs] = useState('')
  const [willTopic, setWillTopic] = useState('')
  const [willPayload, setWillPayload] = useState('')
  const [responder, setResponder] = useState(false)
  const config = {
    clientId, protocolVersion: version, clean, sessionExpiryS: clean ? 0 : 3600, keepAliveS: Number(keepAlive),
    will: willTopic.trim() === '' ? null : { topic: willTopic.trim(), payload: willPayload, qos: 1 as const, retain: false },
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
      <select value={String(version)} aria-label={t('lab.client.version')} onChange={(e) => setVersion(e.target.value === '4' ? 4 : 5)}>
        <option value="5">MQTT 5</option><option value="4">MQTT 3.1.1</option>
      </select>
      <label className="lab-check"><input type="checkbox" checked={!clean} data-testid="lab-client-persistent" onChange={(e) => setClean(!e.target.checked)} /> {t('lab.client.persistent')}</label>
      <label className="lab-check">{t('lab.client.keepAlive')} <input type="number" min={0} max={65535} value={keepAlive} className="lab-small" onChange={(e) => setKeepAlive(e.target.value)} /></label>
      <textarea rows={2} value={subs} placeholder={t('lab.client.subsPlaceholder')} aria-label={t('lab.client.subs')} data-testid="lab-client-subs" onChange={(e) => setSubs(e.target.value)} />
      <input value={willTopic} placeholder={t('lab.client.willTopic')} aria-label={t('lab.client.willTopic')} data-testid="lab-client-will-topic" onChange={(e) => setWillTopic(e.target.value)} />
      {willTopic.trim() !== '' && <input value={willPayload} placeholder={t('lab.client.willPayload')} aria-label={t('lab.client.willPayload')} onChange={(e) => setWillPayload(e.target.value)} />}
      <label className="lab-check"><input type="checkbox" checked={responder} onChange={(e) => setResponder(e.target.checked)} /> {t('lab.client.responder')}</label>
      {problem !== null && clientId !== '' && <p className="field-error">{problem}</p>}
      <button type="submit" className="button button-small button-primary" disabled={problem !== null} data-testid="lab-client-add">{t('lab.client.add')}</button>
    </form>
  )
}
