// One client as the broker console shows it (subscriptions, inflight both ways, the queue page asked for)
// and the administrator's actions on it. Reads the live broker; the actions go through the broker's own
// paths so persistence and the session's state stay consistent.
import type { ClientAction, ClientActionResult, ClientDetail, ClientDetailRequest, InflightRow, QueuedMessageRow } from '../../../shared/model/broker-client-detail'
import type { Broker } from '../broker/broker'
import { AppFailure } from '../support/app-failure'
import { rowOf } from './client-rows'

/** MQTT 5 reason code "Administrative action" for a DISCONNECT the broker sends [MQTT-3.14.2.1]. */
const ADMINISTRATIVE_ACTION = 0x98

export function clientDetail(broker: Broker, req: ClientDetailRequest): ClientDetail {
  const session = broker.sessions.get(req.clientId)
  if (session === undefined) throw new AppFailure('not-found', `The broker has no client '${req.clientId}' (it disconnected and its session ended).`)
  const client = rowOf(broker, session)
  const inflight: InflightRow[] = []
  for (const e of session.outbound.values()) {
    const m = e.delivery.message
    inflight.push({ packetId: e.packetId, direction: 'out', state: e.state, retries: e.retries, sentAt: e.sentAt, topic: m.topic, qos: e.delivery.qos, sizeBytes: m.payload.length })
  }
  for (const packetId of session.inboundQos2) {
    inflight.push({ packetId, direction: 'in', state: 'awaiting-pubrel', retries: 0, sentAt: null, topic: null, qos: 2, sizeBytes: null })
  }
  inflight.sort((a, b) => (a.direction === b.direction ? a.packetId - b.packetId : a.direction === 'out' ? -1 : 1))
  const items: QueuedMessageRow[] = []
  let position = 0
  for (const d of session.queue) {
    if (position >= req.queueOffset + req.queueLimit) break
    if (position >= req.queueOffset) {
      const m = d.message
      items.push({ position, topic: m.topic, qos: d.qos, retain: d.retain, sizeBytes: m.payload.length, receivedAt: m.receivedAt, expiresAt: m.expiresAt, publisher: m.publisher })
    }
    position++
  }
  const subscriptions = [...session.subscriptions].map(([filter, o]) => ({
    filter, qos: o.qos, noLocal: o.noLocal, retainAsPublished: o.retainAsPublished, retainHandling: o.retainHandling, subscriptionId: o.subscriptionId,
  })).sort((a, b) => a.filter.localeCompare(b.filter))
  return { client, subscriptions, inflight, queue: { items, offset: req.queueOffset, total: session.queue.length }, at: broker.now() }
}

/** Disconnects (v5: DISCONNECT 0x98), discards the session (disconnecting first) or purges the queue. */
export function clientAction(broker: Broker, clientId: string, action: ClientAction): ClientActionResult {
  const session = broker.sessions.get(clientId)
  const conn = broker.connections.get(clientId)
  if (session === undefined && conn === undefined) throw new AppFailure('not-found', `The broker has no client '${clientId}'.`)
  switch (action) {
    case 'disconnect':
      if (conn === undefined) throw new AppFailure('bad-request', `'${clientId}' is not connected.`)
      // An administrative disconnect is not the client's fault: its will is not published.
      conn.disconnect(ADMINISTRATIVE_ACTION, false)
      return { done: `Disconnected '${clientId}'.`, removed: 0 }
    case 'discard-session': {
      const removed = session?.queue.length ?? 0
      conn?.disconnect(ADMINISTRATIVE_ACTION, false)
      broker.discardSession(clientId)
      return { done: `Discarded the session of '${clientId}' (${removed} queued message(s) with it).`, removed }
    }
    case 'purge-queue': {
      if (session === undefined) throw new AppFailure('not-found', `'${clientId}' has no session.`)
      for (const d of session.queue) broker.persister.deliveryDropped(session, d)
      const removed = session.queue.clear()
      return { done: `Purged ${removed} queued message(s) of '${clientId}'.`, removed }
    }
  }
}
