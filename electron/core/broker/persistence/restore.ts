// Rebuilds the broker's live state from what a SessionStore loaded at start: sessions (offline until
// their clients return), subscriptions, queues, inflight messages to re-send with DUP=1, inbound QoS 2
// ids and retained messages.
import type { BrokerLimits } from '../limits'
import type { BrokerMessage, Delivery } from '../message'
import type { RetainedStore } from '../retained'
import { Session } from '../session'
import type { SubscriptionIndex } from '../subscription-index'
import type { Persister } from './persister'
import type { StoredState } from './session-store'
import { fromStoredMessage } from './stored-message'

export interface RestoreTarget {
  limits: BrokerLimits
  sessions: Map<string, Session>
  subscriptions: SubscriptionIndex
  retained: RetainedStore
  persister: Persister
}

/** Fills `target` from `state`; returns the restored sessions so the caller can arm their expiry. */
export function restoreState(target: RestoreTarget, state: StoredState, now: number): Session[] {
  const restored: Session[] = []
  for (const s of state.sessions) {
    const session = new Session(s.clientId, { expiryIntervalS: s.expiryIntervalS, protocolVersion: s.protocolVersion, limits: target.limits, now: s.createdAt })
    // A session connected at a crash lost its connection then: it is offline from now on.
    session.disconnectedAt = s.disconnectedAt ?? now
    session.username = s.username
    target.sessions.set(s.clientId, session)
    restored.push(session)
  }
  for (const sub of state.subscriptions) {
    const session = target.sessions.get(sub.clientId)
    if (session === undefined) continue
    const options = { qos: sub.qos, noLocal: sub.noLocal, retainAsPublished: sub.retainAsPublished, retainHandling: sub.retainHandling, subscriptionId: sub.subscriptionId }
    session.subscriptions.set(sub.filter, options)
    target.subscriptions.add(sub.clientId, sub.filter, options)
  }
  const messages = new Map<number, BrokerMessage>()
  for (const row of state.messages) messages.set(row.id, fromStoredMessage(row))
  for (const d of state.deliveries) {
    const session = target.sessions.get(d.clientId)
    const message = messages.get(d.messageId)
    if (session === undefined || message === undefined) continue
    const delivery: Delivery = { message, qos: d.qos, retain: d.retain, subscriptionIds: d.subscriptionIds }
    target.persister.adopt(delivery, d.id, message, d.messageId)
    if (d.state === 'queued' || d.packetId === null) {
      for (const dropped of session.queue.push(delivery)) if (dropped !== delivery) target.persister.deliveryDropped(session, dropped)
    } else {
      session.outbound.restore({ packetId: d.packetId, delivery, state: d.state, sentAt: now, retries: 0 })
    }
  }
  for (const { clientId, packetId } of state.inboundQos2) target.sessions.get(clientId)?.inboundQos2.add(packetId)
  for (const row of state.retained) target.retained.set(fromStoredMessage(row))
  return restored
}
