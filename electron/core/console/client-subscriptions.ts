// Subscriptions an administrator adds to or removes from a client's session in the console, through the
// same steps as the client's own SUBSCRIBE and UNSUBSCRIBE: the filter checked, the session and the index
// updated, the change persisted, and, for a new subscription, the retained messages sent per Retain
// Handling [MQTT-3.8.4-…]. An offline client finds them (and what they queued) when it reconnects.
import type { ClientSubscriptionRow } from '../../../shared/model/broker-client-detail'
import { checkTopicFilter, parseSharedFilter } from '../../../shared/mqtt/topic'
import type { Broker } from '../broker/broker'
import type { ClientInfo } from '../broker/hooks'
import type { SubscriptionOptions } from '../broker/session'
import { grantSubscription, sendRetained } from '../broker/subscription-grant'
import { AppFailure } from '../support/app-failure'

export function addClientSubscription(broker: Broker, clientId: string, sub: ClientSubscriptionRow): void {
  const session = broker.sessions.get(clientId)
  if (session === undefined) throw new AppFailure('not-found', `The broker has no session for '${clientId}'.`)
  const problem = checkTopicFilter(sub.filter, { maxLevels: broker.limits.maxTopicLevels })
  if (problem !== null) throw new AppFailure('bad-request', problem)
  if (!session.subscriptions.has(sub.filter) && session.subscriptions.size >= broker.limits.maxSubscriptionsPerClient) {
    throw new AppFailure('bad-request', `'${clientId}' already has ${broker.limits.maxSubscriptionsPerClient} subscriptions, the broker's limit per client.`)
  }
  const shared = parseSharedFilter(sub.filter) !== null
  if (shared && sub.noLocal) throw new AppFailure('bad-request', 'No Local cannot be set on a shared subscription [MQTT-3.8.3-4].')
  const v5 = session.protocolVersion === 5
  const options: SubscriptionOptions = {
    qos: Math.min(sub.qos, broker.limits.maximumQos) as 0 | 1 | 2,
    // MQTT 3.1.1 has no subscription options: a 3.1.1 session gets the defaults, as if it had subscribed itself.
    noLocal: v5 && sub.noLocal, retainAsPublished: v5 && sub.retainAsPublished, retainHandling: v5 ? sub.retainHandling : 0,
    subscriptionId: v5 ? sub.subscriptionId : null,
  }
  const isNew = grantSubscription(broker, session, sub.filter, options)
  broker.notify('sessionChanged', { kind: 'subscriptions-changed', clientId })
  const conn = broker.connections.get(clientId) ?? null
  // Offline, the ACL's read check needs who the client is: its session knows its user name.
  const client: ClientInfo = conn?.info ?? { clientId, username: session.username, address: '', protocolVersion: session.protocolVersion, listener: '', certificateCommonName: null }
  sendRetained(broker, session, conn, client, sub.filter, options, isNew)
}

export function removeClientSubscription(broker: Broker, clientId: string, filter: string): void {
  const session = broker.sessions.get(clientId)
  if (session === undefined) throw new AppFailure('not-found', `The broker has no session for '${clientId}'.`)
  if (!session.subscriptions.delete(filter)) throw new AppFailure('not-found', `'${clientId}' has no subscription '${filter}'.`)
  broker.subscriptions.remove(clientId, filter)
  broker.persister.subscriptionDeleted(session, filter)
  broker.notify('sessionChanged', { kind: 'subscriptions-changed', clientId })
}
