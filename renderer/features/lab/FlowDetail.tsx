// One message's whole life from the trace: its publisher's leg and each delivery, with the time of each
// step, re-sends, the end-to-end latency, and why a delivery's QoS is lower than the publish QoS.
import type { ReactElement } from 'react'
import { downgradeOf, type FlowSummary } from '../../../shared/lab/trace-flows'
import { useT } from '../../i18n/use-t'

const ms = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)} ms`)

/**
 * `seenFrom`: the broker's address when the trace is one connection's own (seen from this side): a flow is
 * then one exchange, sent to that broker or received from it, and the broker's routing cannot be timed.
 */
export function FlowDetail({ flow, seenFrom = null }: { flow: FlowSummary; seenFrom?: string | null }): ReactElement {
  const t = useT()
  const received = seenFrom !== null && flow.publisher === null ? flow.legs[0] : undefined
  return (
    <div className="lab-flow" data-testid="lab-flow">
      <p>
        <strong>{flow.topic ?? '?'}</strong>{' '}
        {received !== undefined ? t('lab.flow.receivedFrom', { url: seenFrom!, qos: String(received.qos) })
          : flow.publisher === null ? (flow.willOf !== null ? t('lab.flow.will', { client: flow.willOf }) : t('lab.flow.fromBroker'))
          : t(seenFrom !== null ? 'lab.flow.sentTo' : 'lab.flow.from', { client: flow.publisher, qos: String(flow.publishQos ?? '?'), url: seenFrom ?? '' })}
      </p>
      {seenFrom === null && <p className="hint">{t('lab.flow.latency', { delivered: ms(flow.deliveredAfterMs), completed: ms(flow.completedAfterMs) })}</p>}
      <ul>
        {flow.legs.map((leg) => {
          const lowered = downgradeOf(flow, leg)
          return (
            <li key={leg.legId} data-testid="lab-flow-leg">
              {t(leg.role === 'publish' ? 'lab.flow.legPublish' : 'lab.flow.legDeliver', { client: leg.clientId, qos: String(leg.qos) })}
              {' · '}{leg.completedAt === null ? t('lab.flow.open') : t('lab.flow.after', { ms: ms(leg.completedAt - leg.startedAt) })}
              {leg.resent > 0 && <> · {t('lab.flow.resent', { count: String(leg.resent) })}</>}
              {lowered !== null && <div className="hint" data-testid="lab-flow-lowered">{t('lab.flow.lowered', { from: String(lowered.from), to: String(lowered.to) })}</div>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
