// The broker console's subscriptions: every filter with its subscribers (shared groups with their
// members), and the answer to "who would receive a message on topic X?".

export interface SubscriberRow {
  clientId: string
  connected: boolean
  qos: 0 | 1 | 2
  noLocal: boolean
  retainAsPublished: boolean
  retainHandling: 0 | 1 | 2
  subscriptionId: number | null
}

export interface SubscriptionEntry {
  /** The filter matched against topics (without "$share/group/"). */
  filter: string
  /** The shared group, for "$share/group/filter" subscriptions; null for ordinary ones. */
  group: string | null
  subscribers: SubscriberRow[]
}

export interface SubscriptionsQuery {
  /** Part of the filter, the group or a subscriber's client id; empty matches all. */
  text: string
  offset: number
  limit: number
}

export interface SubscriptionsPage {
  entries: SubscriptionEntry[]
  total: number
  /** Subscriptions (client, filter pairs) the broker holds in all. */
  subscriptions: number
}

export interface WhoReceives {
  topic: string
  /** Ordinary subscriptions whose filter matches: each of these clients gets a copy (noLocal aside). */
  direct: Array<{ clientId: string; filter: string; qos: 0 | 1 | 2; noLocal: boolean; connected: boolean }>
  /** Shared groups whose filter matches: one member of each gets it. */
  shared: Array<{ group: string; filter: string; members: string[] }>
}

export const MAX_SUBSCRIPTIONS_PAGE = 500

export function parseSubscriptionsQuery(raw: unknown): SubscriptionsQuery | string {
  const r = raw as Partial<SubscriptionsQuery> | null
  if (typeof r !== 'object' || r === null || typeof r.text !== 'string' || r.text.length > 1000) return 'A subscriptions query needs a text (empty for all).'
  if (typeof r.offset !== 'number' || !Number.isInteger(r.offset) || r.offset < 0) return 'offset must be a whole number.'
  if (typeof r.limit !== 'number' || !Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_SUBSCRIPTIONS_PAGE) return `limit must be 1 to ${MAX_SUBSCRIPTIONS_PAGE}.`
  return { text: r.text, offset: r.offset, limit: r.limit }
}
