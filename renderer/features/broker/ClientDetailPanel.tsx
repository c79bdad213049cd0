// One client in the console: its actions (each confirmed), subscriptions with their options, inflight
// messages both ways with their state and retries, and its session queue message by message, a page at a
// time.
import { useState, type ReactElement } from 'react'
import type { ClientAction } from '../../../shared/model/broker-client-detail'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { clientDetailStore, QUEUE_PAGE_SIZE, useClientDetail } from '../../store/client-detail-store'
import { formatBytes, formatCount } from '../explorer/format-topic'
import { AddSubscriptionForm } from './AddSubscriptionForm'

const ACTIONS: ClientAction[] = ['disconnect', 'purge-queue', 'discard-session']

function age(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`
}

export function ClientDetailPanel(): ReactElement | null {
  const t = useT()
  const lang = useLanguage()
  const clientId = useClientDetail((s) => s.clientId)
  const detail = useClientDetail((s) => s.detail)
  const error = useClientDetail((s) => s.error)
  const offset = useClientDetail((s) => s.queueOffset)
  const [confirming, setConfirming] = useState<ClientAction | null>(null)
  const [outcome, setOutcome] = useState<string | null>(null)
  if (clientId === null) return null
  const n = (x: number): string => formatCount(x, lang)
  const act = async (action: ClientAction): Promise<void> => {
    setConfirming(null)
    const result = await clientDetailStore.getState().act(action)
    setOutcome(result.ok ? t(`broker.client.done.${action}`, { client: clientId, count: n(result.value.removed) }) : describeError(result.error, t))
  }
  return (
    <section className="panel client-detail" aria-labelledby="client-detail-title" data-testid="client-detail">
      <div className="panel-title-row">
        <h2 className="panel-title" id="client-detail-title">{t('broker.client.title', { client: clientId })}</h2>
        <button type="button" className="button button-small" onClick={() => void clientDetailStore.getState().show(null)}>{t('publish.close')}</button>
      </div>
      {error !== null && <p className="field-error" role="status" data-testid="client-detail-error">{describeError(error, t)}</p>}
      {detail !== null && (
        <>
          <div className="button-row">
            {ACTIONS.map((a) => (
              <button key={a} type="button" className="button button-small" data-testid={`client-action-${a}`}
                disabled={(a === 'disconnect' && !detail.client.connected) || (a === 'purge-queue' && detail.queue.total === 0)}
                onClick={() => setConfirming(a)}>{t(`broker.client.action.${a}`)}</button>
            ))}
          </div>
          {confirming !== null && (
            <div className="confirm-box" role="alertdialog" data-testid="client-action-confirm">
              <p>{t(`broker.client.confirm.${confirming}`, { client: clientId, count: n(detail.queue.total) })}</p>
              <div className="button-row">
                <button type="button" className="button button-danger" data-testid="client-action-yes" onClick={() => void act(confirming)}>{t(`broker.client.action.${confirming}`)}</button>
                <button type="button" className="button" onClick={() => setConfirming(null)}>{t('retained.confirm.no')}</button>
              </div>
            </div>
          )}
          {outcome !== null && <p className="hint" role="status" data-testid="client-action-result">{outcome}</p>}

          <h3 className="details-subtitle">{t('broker.client.subscriptions', { count: n(detail.subscriptions.length) })}</h3>
          <table className="data-table" data-testid="client-subscriptions">
            <thead><tr><th>{t('explorer.form.filter')}</th><th>QoS</th><th>{t('broker.client.options')}</th><th>{t('explorer.props.subscriptionIds')}</th><th /></tr></thead>
            <tbody>{detail.subscriptions.map((s) => (
              <tr key={s.filter}><td><code>{s.filter}</code></td><td>{s.qos}</td>
                <td>{[s.noLocal ? t('explorer.form.noLocal') : null, s.retainAsPublished ? t('explorer.form.retainAsPublished') : null, t(`explorer.form.retainHandling.${s.retainHandling}`)].filter((x) => x !== null).join(', ')}</td>
                <td>{s.subscriptionId ?? '—'}</td>
                <td><button type="button" className="button button-small" data-testid={`client-unsub-${s.filter}`}
                  onClick={() => void clientDetailStore.getState().unsubscribe(s.filter)}>{t('publish.props.removeUser')}</button></td></tr>
            ))}</tbody>
          </table>

          <AddSubscriptionForm v5={detail.client.protocolVersion === 5} />

          <h3 className="details-subtitle">{t('broker.client.inflight', { count: n(detail.inflight.length) })}</h3>
          {detail.inflight.length === 0 ? <p className="hint">{t('broker.client.inflightNone')}</p> : (
            <table className="data-table" data-testid="client-inflight">
              <thead><tr><th>{t('broker.client.packetId')}</th><th>{t('broker.client.direction')}</th><th>{t('broker.clients.col.state')}</th><th>{t('broker.client.retries')}</th><th>{t('broker.client.age')}</th><th>{t('publish.topic')}</th></tr></thead>
              <tbody>{detail.inflight.map((e) => (
                <tr key={`${e.direction}-${e.packetId}`}><td>{e.packetId}</td><td>{t(`broker.client.direction.${e.direction}`)}</td>
                  <td>{t(`broker.client.state.${e.state}`)}</td><td>{e.retries}</td><td>{e.sentAt === null ? '—' : age(detail.at - e.sentAt)}</td>
                  <td>{e.topic === null ? '—' : <code>{e.topic}</code>}</td></tr>
              ))}</tbody>
            </table>
          )}

          <h3 className="details-subtitle">{t('broker.client.queue', { count: n(detail.queue.total) })}</h3>
          {detail.queue.total === 0 ? <p className="hint">{t('broker.client.queueEmpty')}</p> : (
            <>
              <table className="data-table" data-testid="client-queue">
                <thead><tr><th>#</th><th>{t('publish.topic')}</th><th>QoS</th><th>{t('broker.client.size')}</th><th>{t('broker.client.age')}</th><th>{t('broker.client.expiry')}</th><th>{t('broker.client.publisher')}</th></tr></thead>
                <tbody>{detail.queue.items.map((m) => (
                  <tr key={m.position} data-testid="queue-row"><td>{m.position + 1}</td><td><code>{m.topic}</code></td><td>{m.qos}{m.retain ? ' R' : ''}</td>
                    <td>{formatBytes(m.sizeBytes, lang)}</td><td>{age(detail.at - m.receivedAt)}</td>
                    <td>{m.expiresAt === null ? t('broker.clients.never') : age(Math.max(0, m.expiresAt - detail.at))}</td>
                    <td>{m.publisher === null ? '—' : <code>{m.publisher}</code>}</td></tr>
                ))}</tbody>
              </table>
              <div className="button-row">
                <span className="hint">{t('broker.clients.count', { first: n(offset + 1), last: n(offset + detail.queue.items.length), total: n(detail.queue.total), known: n(detail.queue.total) })}</span>
                <button type="button" className="button button-small" disabled={offset === 0} onClick={() => void clientDetailStore.getState().setQueueOffset(offset - QUEUE_PAGE_SIZE)}>{t('broker.clients.previous')}</button>
                <button type="button" className="button button-small" disabled={offset + detail.queue.items.length >= detail.queue.total} onClick={() => void clientDetailStore.getState().setQueueOffset(offset + QUEUE_PAGE_SIZE)}>{t('broker.clients.next')}</button>
              </div>
            </>
          )}
        </>
      )}
    </section>
  )
}
