// Every client of the embedded broker, a page at a time: filter by text and state, sort by a column, and
// per client its connection, session, inflight and queue figures (n/max), drops and traffic. An offline
// session shows when it will expire.
import type { ReactElement } from 'react'
import type { ClientRow, ClientSortKey } from '../../../shared/model/broker-clients'
import { describeError } from '../../i18n/describe-error'
import { useLanguage, useT } from '../../i18n/use-t'
import { clientDetailStore } from '../../store/client-detail-store'
import { clientsStore, useClients } from '../../store/clients-store'
import { formatBytes, formatCount, formatTime } from '../explorer/format-topic'
import { DROP_REASON_KEYS } from './drop-reasons'

const NEVER = 0xffffffff

function SortHeader({ label, sortKey }: { label: string; sortKey: ClientSortKey }): ReactElement {
  const query = useClients((s) => s.query)
  const active = query.sort === sortKey
  const next = active ? !query.descending : sortKey !== 'clientId'
  return (
    <th aria-sort={active ? (query.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" data-testid={`clients-sort-${sortKey}`}
        onClick={() => void clientsStore.getState().setQuery({ sort: sortKey, descending: next })}>
        {label}{active ? (query.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  )
}

function Row({ row, now }: { row: ClientRow; now: number }): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const n = (x: number): string => formatCount(x, lang)
  const expiry = row.sessionExpiryS === NEVER ? t('broker.clients.never') : row.endsWithConnection ? t('broker.clients.withConnection') : `${n(row.sessionExpiryS)} s`
  return (
    <tr data-testid={`client-row-${row.clientId}`} className={row.connected ? 'is-online' : 'is-offline'}>
      <td>
        <button type="button" className="link-button" data-testid={`client-open-${row.clientId}`} onClick={() => void clientDetailStore.getState().show(row.clientId)}>
          <code>{row.clientId}</code>
        </button>
        {row.username !== null && <div className="hint">{row.username}</div>}
      </td>
      <td>
        {row.connected ? t('broker.clients.online', { since: formatTime(row.since, lang, now) }) : t('broker.clients.offline', { since: formatTime(row.since, lang, now) })}
        {row.expiresAt !== null && <div className="hint">{t('broker.clients.expiresIn', { seconds: n(Math.max(0, Math.round((row.expiresAt - now) / 1000))) })}</div>}
        {row.address !== null && <div className="hint"><code>{row.address}</code></div>}
      </td>
      <td>{row.protocolVersion === 5 ? '5.0' : row.protocolVersion === 4 ? '3.1.1' : '3.1'}</td>
      <td>{expiry}{row.keepAliveS !== null && <div className="hint">{t('broker.clients.keepAlive', { seconds: row.keepAliveS })}</div>}</td>
      <td data-testid={`client-inflight-${row.clientId}`}>{n(row.inflight)}/{n(row.inflightMax)}{row.inboundQos2 > 0 && <div className="hint">{t('broker.clients.awaitingPubrel', { count: n(row.inboundQos2) })}</div>}</td>
      <td data-testid={`client-queued-${row.clientId}`}>{n(row.queued)}/{n(row.queuedMax)}<div className="hint">{formatBytes(row.queuedBytes, lang)}</div></td>
      <td title={DROP_REASON_KEYS.filter(([r]) => row.droppedByReason[r] > 0).map(([r, key]) => `${t(key)}: ${n(row.droppedByReason[r])}`).join(', ')}>{n(row.dropped)}</td>
      <td>{n(row.messagesIn)} / {n(row.messagesOut)}<div className="hint">{formatBytes(row.bytesIn, lang)} / {formatBytes(row.bytesOut, lang)}</div></td>
      <td>{n(row.subscriptions)}</td>
    </tr>
  )
}

export function ClientsTable(): ReactElement {
  const t = useT()
  const lang = useLanguage()
  const query = useClients((s) => s.query)
  const page = useClients((s) => s.page)
  const error = useClients((s) => s.error)
  const set = (patch: Parameters<ReturnType<typeof clientsStore.getState>['setQuery']>[0]): void => void clientsStore.getState().setQuery(patch)
  const first = page === null || page.total === 0 ? 0 : query.offset + 1
  const last = page === null ? 0 : query.offset + page.rows.length
  return (
    <div className="clients">
      <div className="clients-controls">
        <input type="search" placeholder={t('broker.clients.filter')} aria-label={t('broker.clients.filter')} value={query.text}
          data-testid="clients-filter" onChange={(e) => set({ text: e.target.value })} />
        <select aria-label={t('broker.clients.state')} value={query.state} data-testid="clients-state"
          onChange={(e) => set({ state: e.target.value as 'all' | 'connected' | 'offline' })}>
          <option value="all">{t('broker.clients.state.all')}</option>
          <option value="connected">{t('broker.clients.state.connected')}</option>
          <option value="offline">{t('broker.clients.state.offline')}</option>
        </select>
        <span className="hint" data-testid="clients-count">
          {page === null ? '' : t('broker.clients.count', { first: formatCount(first, lang), last: formatCount(last, lang), total: formatCount(page.total, lang), known: formatCount(page.known, lang) })}
        </span>
        <button type="button" className="button button-small" disabled={query.offset === 0} onClick={() => set({ offset: Math.max(0, query.offset - query.limit) })}>{t('broker.clients.previous')}</button>
        <button type="button" className="button button-small" disabled={page === null || last >= page.total} onClick={() => set({ offset: query.offset + query.limit })}>{t('broker.clients.next')}</button>
      </div>
      {error !== null && <p className="field-error" role="status" data-testid="clients-error">{describeError(error, t)}</p>}
      <div className="table-scroll">
        <table className="data-table" data-testid="clients-table">
          <thead>
            <tr>
              <SortHeader label={t('broker.clients.col.client')} sortKey="clientId" />
              <SortHeader label={t('broker.clients.col.state')} sortKey="since" />
              <th>{t('broker.clients.col.protocol')}</th>
              <th>{t('broker.clients.col.session')}</th>
              <SortHeader label={t('broker.clients.col.inflight')} sortKey="inflight" />
              <SortHeader label={t('broker.clients.col.queued')} sortKey="queued" />
              <SortHeader label={t('broker.clients.col.dropped')} sortKey="dropped" />
              <SortHeader label={t('broker.clients.col.traffic')} sortKey="messagesIn" />
              <th>{t('broker.clients.col.subscriptions')}</th>
            </tr>
          </thead>
          <tbody>{page?.rows.map((row) => <Row key={row.clientId} row={row} now={page.at} />)}</tbody>
        </table>
      </div>
      {page !== null && page.total === 0 && <p className="hint">{t(page.known === 0 ? 'broker.clients.none' : 'broker.clients.noMatch')}</p>}
    </div>
  )
}
