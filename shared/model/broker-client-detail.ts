// One client in the broker console: its subscriptions with their options, its inflight messages both
// ways, its session queue message by message (paged), and the actions an administrator may take.
import type { ClientRow } from './broker-clients'

export interface ClientSubscriptionRow {
  filter: string
  qos: 0 | 1 | 2
  noLocal: boolean
  retainAsPublished: boolean
  retainHandling: 0 | 1 | 2
  subscriptionId: number | null
}

export interface InflightRow {
  packetId: number
  /** 'out': the broker sent it and waits for the client; 'in': the client sent a QoS 2 message the broker waits to release. */
  direction: 'out' | 'in'
  state: 'awaiting-puback' | 'awaiting-pubrec' | 'awaiting-pubcomp' | 'awaiting-pubrel'
  retries: number
  /** When it was (last) sent; null for inbound ids (the broker keeps only the id). */
  sentAt: number | null
  topic: string | null
  qos: 0 | 1 | 2 | null
  sizeBytes: number | null
}

export interface QueuedMessageRow {
  /** Position in the queue, 0 = next to be sent. */
  position: number
  topic: string
  qos: 0 | 1 | 2
  retain: boolean
  sizeBytes: number
  receivedAt: number
  expiresAt: number | null
  publisher: string | null
}

export interface ClientDetail {
  client: ClientRow
  subscriptions: ClientSubscriptionRow[]
  inflight: InflightRow[]
  queue: { items: QueuedMessageRow[]; offset: number; total: number }
  at: number
}

export const MAX_QUEUE_PAGE = 500

export interface ClientDetailRequest {
  clientId: string
  queueOffset: number
  queueLimit: number
}

export type ClientAction = 'disconnect' | 'discard-session' | 'purge-queue'
export const CLIENT_ACTIONS: readonly ClientAction[] = ['disconnect', 'discard-session', 'purge-queue']

export interface ClientActionResult {
  /** What was done, in English (the page has its own sentence per action). */
  done: string
  /** Queued messages removed (purge, discard). */
  removed: number
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isClientId = (v: unknown): v is string => typeof v === 'string' && v.length <= 65_535

export function parseClientDetailRequest(raw: unknown): ClientDetailRequest | string {
  if (!isObject(raw) || !isClientId(raw.clientId)) return 'A client id is required.'
  const { queueOffset, queueLimit } = raw
  if (typeof queueOffset !== 'number' || !Number.isInteger(queueOffset) || queueOffset < 0) return 'queueOffset must be a whole number.'
  if (typeof queueLimit !== 'number' || !Number.isInteger(queueLimit) || queueLimit < 1 || queueLimit > MAX_QUEUE_PAGE) return `queueLimit must be 1 to ${MAX_QUEUE_PAGE}.`
  return { clientId: raw.clientId, queueOffset, queueLimit }
}

export function parseClientActionRequest(raw: unknown): { clientId: string; action: ClientAction } | string {
  if (!isObject(raw) || !isClientId(raw.clientId)) return 'A client id is required.'
  if (!CLIENT_ACTIONS.includes(raw.action as ClientAction)) return `action must be one of ${CLIENT_ACTIONS.join(', ')}.`
  return { clientId: raw.clientId, action: raw.action as ClientAction }
}

export function parseClientSubscribe(raw: unknown): { clientId: string; subscription: ClientSubscriptionRow } | string {
  if (!isObject(raw) || !isClientId(raw.clientId)) return 'A client id is required.'
  const s = raw.subscription
  if (!isObject(s) || typeof s.filter !== 'string' || s.filter.length > 65_535) return 'A subscription needs a filter.'
  if (s.qos !== 0 && s.qos !== 1 && s.qos !== 2) return 'QoS must be 0, 1 or 2.'
  if (s.retainHandling !== 0 && s.retainHandling !== 1 && s.retainHandling !== 2) return 'Retain handling must be 0, 1 or 2.'
  if (typeof s.noLocal !== 'boolean' || typeof s.retainAsPublished !== 'boolean') return 'No Local and Retain As Published must be true or false.'
  const id = s.subscriptionId
  if (id !== null && (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 268_435_455)) return 'A subscription id must be 1 to 268435455 [MQTT-3.8.2.1.2].'
  return { clientId: raw.clientId, subscription: { filter: s.filter, qos: s.qos, noLocal: s.noLocal, retainAsPublished: s.retainAsPublished, retainHandling: s.retainHandling, subscriptionId: id } }
}
