// The broker console's subscriptions, read from the sessions (each knows its filters and options): grouped
// by filter, shared groups apart, paged; and which clients a message on a topic would reach. The tester
// uses the reference matcher and never the live index, whose shared-group round robin it must not move.
import type { SubscriptionEntry, SubscriptionsPage, SubscriptionsQuery, WhoReceives } from '../../../shared/model/broker-subscriptions'
import { checkTopicName, matchesFilter, parseSharedFilter } from '../../../shared/mqtt/topic'
import type { Broker } from '../broker/broker'
import { AppFailure } from '../support/app-failure'

function entries(broker: Broker): SubscriptionEntry[] {
  const byKey = new Map<string, SubscriptionEntry>()
  for (const session of broker.sessions.values()) {
    const connected = broker.connections.has(session.clientId) && session.disconnectedAt === null
    for (const [full, o] of session.subscriptions) {
      const shared = parseSharedFilter(full)
      const filter = shared?.filter ?? full
      const group = shared?.group ?? null
      const key = `${group ?? ''}\u0000${filter}`
      let entry = byKey.get(key)
      if (entry === undefined) byKey.set(key, (entry = { filter, group, subscribers: [] }))
      entry.subscribers.push({ clientId: session.clientId, connected, qos: o.qos, noLocal: o.noLocal, retainAsPublished: o.retainAsPublished, retainHandling: o.retainHandling, subscriptionId: o.subscriptionId })
    }
  }
  const list = [...byKey.values()]
  for (const e of list) e.subscribers.sort((a, b) => a.clientId.localeCompare(b.clientId))
  return list.sort((a, b) => a.filter.localeCompare(b.filter) || (a.group ?? '').localeCompare(b.group ?? ''))
}

export function listSubscriptions(broker: Broker, q: SubscriptionsQuery): SubscriptionsPage {
  const all = entries(broker)
  const needle = q.text.trim().toLowerCase()
  const matching = needle === '' ? all : all.filter((e) =>
    e.filter.toLowerCase().includes(needle) || (e.group ?? '').toLowerCase().includes(needle) || e.subscribers.some((s) => s.clientId.toLowerCase().includes(needle)))
  const subscriptions = all.reduce((n, e) => n + e.subscribers.length, 0)
  return { entries: matching.slice(q.offset, q.offset + q.limit), total: matching.length, subscriptions }
}

export function whoReceives(broker: Broker, topic: string): WhoReceives {
  const problem = checkTopicName(topic)
  if (problem !== null) throw new AppFailure('bad-request', problem)
  const result: WhoReceives = { topic, direct: [], shared: [] }
  for (const e of entries(broker)) {
    if (!matchesFilter(e.filter, topic)) continue
    if (e.group === null) {
      for (const s of e.subscribers) result.direct.push({ clientId: s.clientId, filter: e.filter, qos: s.qos, noLocal: s.noLocal, connected: s.connected })
    } else {
      result.shared.push({ group: e.group, filter: e.filter, members: e.subscribers.map((s) => s.clientId) })
    }
  }
  return result
}
