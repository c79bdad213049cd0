// What the lab shows: one client or all, a topic (MQTT filter or prefix), which packet types, and whether
// Topicscope's own connections (the Explorer, bridges) are drawn too. A change fetches the trace again
// with the filter, from the oldest packet the backend keeps.
import { useMemo, useState, type ReactElement } from 'react'
import { EMBEDDED_TRACE, type TraceEvent } from '../../../shared/model/lab-trace'
import { useT } from '../../i18n/use-t'
import { labStore, useLab } from '../../store/lab-store'

export const PACKET_TYPES = ['connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect', 'auth']
const QOS_TYPES = ['publish', 'puback', 'pubrec', 'pubrel', 'pubcomp']

export function TraceFilters({ events }: { events: readonly TraceEvent[] }): ReactElement {
  const t = useT()
  const filter = useLab((s) => s.filter)
  const ownConnection = useLab((s) => s.source !== EMBEDDED_TRACE)
  const [topic, setTopic] = useState(filter.topic ?? '')
  const seen = useMemo(() => [...new Set(events.map((e) => e.clientId))].sort(), [events])
  // The chosen client stays offered even when none of its packets is kept any more.
  const clients = filter.clientId !== null && !seen.includes(filter.clientId) ? [filter.clientId, ...seen] : seen
  const set = (changes: Partial<typeof filter>) => void labStore.getState().setFilter({ ...filter, ...changes })
  const toggle = (cmd: string) => set({ cmds: filter.cmds.includes(cmd) ? filter.cmds.filter((c) => c !== cmd) : [...filter.cmds, cmd] })
  return (
    <div className="lab-filters">
      <select value={filter.clientId ?? ''} aria-label={t('lab.filter.client')} data-testid="lab-filter-client" onChange={(e) => set({ clientId: e.target.value === '' ? null : e.target.value })}>
        <option value="">{t('lab.filter.allClients')}</option>
        {clients.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
      <form onSubmit={(e) => { e.preventDefault(); set({ topic: topic.trim() === '' ? null : topic.trim() }) }}>
        <input type="search" value={topic} placeholder={t('lab.filter.topic')} aria-label={t('lab.filter.topic')} data-testid="lab-filter-topic"
          onChange={(e) => setTopic(e.target.value)} onBlur={() => set({ topic: topic.trim() === '' ? null : topic.trim() })} />
      </form>
      <fieldset className="lab-types">
        <legend className="hint">{t('lab.filter.types')}</legend>
        <button type="button" className="button button-small" aria-pressed={filter.cmds.length === QOS_TYPES.length && QOS_TYPES.every((c) => filter.cmds.includes(c))}
          data-testid="lab-filter-qos" onClick={() => set({ cmds: QOS_TYPES })}>{t('lab.filter.qosOnly')}</button>
        <button type="button" className="button button-small" aria-pressed={filter.cmds.length === 0} onClick={() => set({ cmds: [] })}>{t('lab.filter.allTypes')}</button>
        <details className="lab-types-more">
          <summary>{t('lab.filter.choose', { count: String(filter.cmds.length) })}</summary>
          {PACKET_TYPES.map((cmd) => (
            <label key={cmd} className="lab-check"><input type="checkbox" checked={filter.cmds.includes(cmd)} data-testid={`lab-type-${cmd}`} onChange={() => toggle(cmd)} /> {cmd.toUpperCase()}</label>
          ))}
        </details>
      </fieldset>
      {!ownConnection && <label className="lab-check">
        <input type="checkbox" checked={filter.internal} data-testid="lab-filter-internal" onChange={(e) => set({ internal: e.target.checked })} /> {t('lab.filter.internal')}
      </label>}
    </div>
  )
}
