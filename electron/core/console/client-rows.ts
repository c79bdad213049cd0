// The broker console's clients, read from the live broker: every session it keeps (connected or not) and
// every connection, as ClientRow, then filtered, sorted and cut to a page. Reads only; costs O(clients) per
// query, which the page asks for at most once a second.
import type { ClientRow, ClientsPage, ClientsQuery } from '../../../shared/model/broker-clients'
import type { Broker } from '../broker/broker'
import type { Session } from '../broker/session'

/** One row per client: each session, with its connection's facts when it is connected. */
export function clientRows(broker: Broker): ClientRow[] {
  const rows: ClientRow[] = []
  for (const session of broker.sessions.values()) rows.push(rowOf(broker, session))
  return rows
}

/** One session's row (the detail view needs only its client's). */
export function rowOf(broker: Broker, s: Session): ClientRow {
  const conn = broker.connections.get(s.clientId)
  const connected = conn !== undefined && s.disconnectedAt === null
  const dropped = Object.values(s.counters.dropped).reduce((a, b) => a + b, 0)
  return {
    clientId: s.clientId,
    username: s.username,
    address: connected ? conn.info.address : null,
    protocolVersion: s.protocolVersion,
    connected,
    endsWithConnection: s.expiryIntervalS === 0,
    sessionExpiryS: s.expiryIntervalS,
    keepAliveS: connected ? conn.keepAliveSeconds : null,
    since: connected ? conn.connectedAt : s.disconnectedAt ?? s.createdAt,
    expiresAt: s.expiresAt(),
    inflight: s.outbound.size,
    inflightMax: connected ? conn.sendWindow : broker.limits.maxInflightMessages,
    inboundQos2: s.inboundQos2.size,
    queued: s.queue.length,
    queuedMax: broker.limits.maxQueuedMessages,
    queuedBytes: s.queue.byteSize,
    subscriptions: s.subscriptions.size,
    dropped,
    droppedByReason: { ...s.counters.dropped },
    messagesIn: s.counters.messagesIn,
    messagesOut: s.counters.messagesOut,
    bytesIn: s.counters.bytesIn,
    bytesOut: s.counters.bytesOut,
  }
}

/** The page of rows the query asks for (ties are broken by client id, so pages never overlap). */
export function queryClients(rows: readonly ClientRow[], q: ClientsQuery, at: number): ClientsPage {
  const needle = q.text.trim().toLowerCase()
  const matching = rows.filter((r) =>
    (q.state === 'all' || (q.state === 'connected') === r.connected) &&
    (needle === '' || r.clientId.toLowerCase().includes(needle) || (r.username ?? '').toLowerCase().includes(needle) || (r.address ?? '').includes(needle)))
  const sign = q.descending ? -1 : 1
  const byKey = (a: ClientRow, b: ClientRow): number => {
    const x = a[q.sort]
    const y = b[q.sort]
    return typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number)
  }
  matching.sort((a, b) => sign * byKey(a, b) || a.clientId.localeCompare(b.clientId))
  return { rows: matching.slice(q.offset, q.offset + q.limit), total: matching.length, known: rows.length, at }
}
