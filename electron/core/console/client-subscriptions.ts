// Subscriptions an administrator adds to or removes from a client's session in the console, through the
// same steps as the client's own SUBSCRIBE and UNSUBSCRIBE: the filter checked, the session and the index
// updated, the change persisted, and, for a new subscription, the retained messages sent per Retain
// Handling [MQTT-3.8.4-…]. An offline client finds them (and what they queued) when it reconnects.
import type { ClientSubscriptionRow } from '../../../shared/model/broker-client-detail'
import { checkTopicFilter, parseSharedFilter } from '../../../shared/mqtt/topic'
import type { Broker } from '../broker/broker'
import type { SubscriptionOptions } from '../broker/session'
import { deliver } from '../broker/session-delivery'
import { AppFailure } from '../support/app-failure'

export function addClientSubscription(broker: Broker, clientId: string, sub: ClientSubscriptionRow): void {
  const session = broker.sessions.get(clientId)
  if (session === undefined) throw new AppFailure('not-found', `The broker has no session for '${clientId}'.`)
  const problem = checkTopicFilter(sub.filter, { maxLevels: broker.limits.maxTopicLevels })
  if (problem !== null) throw new AppFailure('bad-request', problem)
  const shared = parseSharedFilter(sub.filter) !== null
  if (shared && sub.noLocal) throw new AppFailure('bad-request', 'No Local cannot be set on a shared subscription [MQTT-3.8.3-4].')
  const v5 = session.protocolVersion === 5
  const options: SubscriptionOptions = {
    qos: Math.min(sub.qos, broker.limits.maximumQos) as 0 | 1 | 2,
    // MQTT 3.1.1 has no subscription options: a 3.1.1 session gets the defaults, as if it had subscribed itself.
    noLocal: v5 && sub.noLocal, retainAsPublished: v5 && sub.retainAsPublished, retainHandling: v5 ? sub.retainHandling : 0,
    subscriptionId: v5 ? sub.subscriptionId : null,
  }
  const isNew = broker.subscriptions.add(clientId, sub.filter, options)
  session.subscriptions.set(sub.filter, options)
  broker.persister.subscriptionPut(session, sub.filter, options)
  broker.notify('sessionChanged', { kind: 'subscriptions-changed', clientId })
  if (shared || options.retainHandling === 2 || (options.retainHandling === 1 && !isNew)) return
  const conn = broker.connections.get(clientId) ?? null
  const now = broker.now()
  for (const message of broker.retained.match(sub.filter)) {
    if (message.expiresAt !== null && message.expiresAt <= now) continue
    const qos = Math.min(message.qos, options.qos) as 0 | 1 | 2
    deliver(session, conn, { message, qos, retain: true, subscriptionIds: options.subscriptionId === null ? [] : [options.subscriptionId] }, broker)
  }
}

export function removeClientSubscription(broker: Broker, clientId: string, filter: string): void {
  const session = broker.sessions.get(clientId)
  if (session === undefined) throw new AppFailure('not-found', `The broker has no session for '${clientId}'.`)
  if (!session.subscriptions.delete(filter)) throw new AppFailure('not-found', `'${clientId}' has no subscription '${filter}'.`)
  broker.subscriptions.remove(clientId, filter)
  broker.persister.subscriptionDeleted(session, filter)
  broker.notify('sessionChanged', { kind: 'subscriptions-changed', clientId })
}
