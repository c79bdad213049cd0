// The lab's virtual clients: each with its state, Session Present, what ended its last connection and the
// last messages it received; publish, subscribe, disconnect cleanly, cut the network, reconnect, remove.
import { useState, type ReactElement } from 'react'
import type { VirtualClientView } from '../../../shared/model/lab-sim'
import { describeError } from '../../i18n/describe-error'
import { useT } from '../../i18n/use-t'
import { labSimStore, useLabSim } from '../../store/lab-sim-store'
import { VERSION_NAMES, VirtualClientForm } from './VirtualClientForm'

function ClientCard({ client }: { client: VirtualClientView }): ReactElement {
  const t = useT()
  const id = client.config.clientId
  const [topic, setTopic] = useState('lab/demo')
  const [payload, setPayload] = useState('hello')
  const [qos, setQos] = useState<0 | 1 | 2>(1)
  const [retain, setRetain] = useState(false)
  const [responseTopic, setResponseTopic] = useState('')
  const [correlation, setCorrelation] = useState('')
  const act = labSimStore.getState().act
  const connected = client.state === 'connected'
  return (
    <li className="lab-client" data-testid={`lab-client-${id}`} data-state={client.state}>
      <div className="lab-client-head">
        <strong>{id}</strong>
        <span className={`lab-client-state lab-client-${client.state}`}>{t(`lab.client.state.${client.state}`)}</span>
        {client.sessionPresent === true && <span className="hint">{t('lab.client.sessionPresent')}</span>}
        <span className="hint">{VERSION_NAMES[client.config.protocolVersion]} · {client.config.clean ? t('lab.client.clean') : t('lab.client.persistent')} · {t('lab.client.keepAliveShort', { s: String(client.config.keepAliveS) })}</span>
      </div>
      {client.config.subscriptions.length > 0 && <div className="hint">{client.config.subscriptions.map((s) => `${s.filter} (QoS ${s.qos})`).join(', ')}</div>}
      {client.lastEvent !== null && <div className="hint" data-testid={`lab-client-event-${id}`}>{client.lastEvent}</div>}
      <form className="lab-publish" onSubmit={(e) => {
        e.preventDefault()
        const request = { ...(responseTopic !== '' ? { responseTopic } : {}), ...(correlation !== '' ? { correlationData: correlation } : {}) }
        void act(id, { kind: 'publish', topic, payload, qos, retain, ...request })
      }}>
        <input value={topic} aria-label={t('publish.topic')} className="lab-topic" data-testid={`lab-pub-topic-${id}`} onChange={(e) => setTopic(e.target.value)} />
        <input value={payload} aria-label={t('publish.payload')} className="lab-payload" onChange={(e) => setPayload(e.target.value)} />
        <select value={String(qos)} aria-label="QoS" data-testid={`lab-pub-qos-${id}`} onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)}>
          <option value="0">QoS 0</option><option value="1">QoS 1</option><option value="2">QoS 2</option>
        </select>
        <label className="lab-check"><input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} /> {t('lab.client.retain')}</label>
        <button type="submit" className="button button-small" disabled={!connected} data-testid={`lab-publish-${id}`}>{t('lab.client.publish')}</button>
        {client.config.protocolVersion === 5 && (
          <details className="lab-request">
            <summary className="hint">{t('lab.client.request')}</summary>
            <input value={responseTopic} placeholder={t('lab.client.responseTopic')} aria-label={t('lab.client.responseTopic')} onChange={(e) => setResponseTopic(e.target.value)} />
            <input value={correlation} placeholder={t('lab.client.correlation')} aria-label={t('lab.client.correlation')} onChange={(e) => setCorrelation(e.target.value)} />
          </details>
        )}
      </form>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={!connected} data-testid={`lab-disconnect-${id}`} onClick={() => void act(id, { kind: 'disconnect' })}>{t('lab.client.disconnect')}</button>
        <button type="button" className="button button-small" disabled={!connected} data-testid={`lab-cut-${id}`} onClick={() => void act(id, { kind: 'cut' })}>{t('lab.client.cut')}</button>
        <button type="button" className="button button-small" disabled={client.state !== 'disconnected'} data-testid={`lab-reconnect-${id}`} onClick={() => void act(id, { kind: 'reconnect' })}>{t('lab.client.reconnect')}</button>
        <button type="button" className="button button-small" onClick={() => void act(id, { kind: 'remove' })}>{t('lab.client.remove')}</button>
      </div>
      <div className="hint" data-testid={`lab-received-${id}`}>
        {t('lab.client.received', { count: String(client.receivedTotal) })}{' '}
        {client.received.slice(-3).map((m, i) => <code key={`${m.at}-${i}`} className="lab-received">{m.topic} = {m.payload} (QoS {m.qos}{m.dup ? ', DUP' : ''}{m.retain ? `, ${t('lab.client.receivedRetained')}` : ''}{m.correlationData !== null ? `, ${t('lab.client.receivedCorrelation', { data: m.correlationData })}` : ''})</code>)}
      </div>
    </li>
  )
}

export function VirtualClientsPanel(): ReactElement {
  const t = useT()
  const clients = useLabSim((s) => s.sim.clients)
  const error = useLabSim((s) => s.error)
  return (
    <section className="lab-panel" aria-label={t('lab.clients.title')}>
      <h2 className="panel-title">{t('lab.clients.title')}</h2>
      <p className="hint">{t('lab.clients.about')}</p>
      {error !== null && <p className="field-error" role="status">{describeError(error, t)}</p>}
      <ul className="lab-clients">{clients.map((c) => <ClientCard key={c.config.clientId} client={c} />)}</ul>
      <VirtualClientForm suggestedId={`client-${clients.length + 1}`} />
    </section>
  )
}
