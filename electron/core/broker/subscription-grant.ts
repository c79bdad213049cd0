// One subscription taken into a session, and the retained messages it brings: shared by a client's own
// SUBSCRIBE and by the console adding a subscription for it, so both follow the same rules.
import { parseSharedFilter } from '../../../shared/mqtt/topic'
import type { BrokerContext } from './broker-context'
import type { Connection } from './connection'
import type { ClientInfo } from './hooks'
import type { Session, SubscriptionOptions } from './session'
import { deliver } from './session-delivery'

/** Adds (or replaces [MQTT-3.8.4-3]) the subscription, persisted; true when the filter is new for the session. */
export function grantSubscription(ctx: BrokerContext, session: Session, filter: string, options: SubscriptionOptions): boolean {
  const isNew = ctx.subscriptions.add(session.clientId, filter, options)
  session.subscriptions.set(filter, options)
  ctx.persister.subscriptionPut(session, filter, options)
  return isNew
}

/**
 * Retained messages for a new subscription: Retain Handling 0 always, 1 only if new, 2 never; none for
 * shared ones [MQTT-3.8.4-… (5.0) 3.3.1.3]; each one the client may read (mosquitto checks read access per
 * delivered topic). `conn` is null for an offline session, which finds them queued.
 */
export function sendRetained(ctx: BrokerContext, session: Session, conn: Connection | null, client: ClientInfo, filter: string, options: SubscriptionOptions, isNew: boolean): void {
  if (parseSharedFilter(filter) !== null) return
  if (options.retainHandling === 2 || (options.retainHandling === 1 && !isNew)) return
  const now = ctx.now()
  for (const message of ctx.retained.match(filter)) {
    if (message.expiresAt !== null && message.expiresAt <= now) continue
    if (ctx.policy.authorizeRead !== undefined && !ctx.policy.authorizeRead(client, message.topic)) continue
    const qos = Math.min(message.qos, options.qos) as 0 | 1 | 2
    // Retained messages sent because of a subscription keep RETAIN=1 [MQTT-3.3.1-8 (3.1.1: -8)].
    deliver(session, conn, { message, qos, retain: true, subscriptionIds: options.subscriptionId === null ? [] : [options.subscriptionId] }, ctx)
  }
}
