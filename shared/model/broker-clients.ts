// The broker console's clients table as plain data: one row per client the embedded broker knows
// (connected, or offline with a session it keeps), the query the page sends, and the page it gets back.

export type DropCounts = Record<'queue-full' | 'expired' | 'too-large' | 'no-subscribers' | 'not-authorized', number>

export interface ClientRow {
  clientId: string
  username: string | null
  /** "ip:port" while connected; null offline. */
  address: string | null
  protocolVersion: 3 | 4 | 5
  connected: boolean
  /** Session expiry 0 (MQTT 5), or CleanSession 1 (3.1.1): the session ends with the connection. */
  endsWithConnection: boolean
  /** Seconds; 0xFFFFFFFF never expires. */
  sessionExpiryS: number
  /** Seconds; 0 off; null offline. */
  keepAliveS: number | null
  /** Connected since (epoch ms) or offline since; the session's end when it expires, else null. */
  since: number
  expiresAt: number | null
  /** Outbound QoS 1/2 messages awaiting their acknowledgment, and how many may be. */
  inflight: number
  inflightMax: number
  /** Inbound QoS 2 ids awaiting PUBREL. */
  inboundQos2: number
  queued: number
  queuedMax: number
  queuedBytes: number
  subscriptions: number
  dropped: number
  droppedByReason: DropCounts
  messagesIn: number
  messagesOut: number
  bytesIn: number
  bytesOut: number
}

export type ClientSortKey = 'clientId' | 'since' | 'queued' | 'inflight' | 'messagesIn' | 'messagesOut' | 'dropped'
export const CLIENT_SORT_KEYS: readonly ClientSortKey[] = ['clientId', 'since', 'queued', 'inflight', 'messagesIn', 'messagesOut', 'dropped']

export interface ClientsQuery {
  /** Case-insensitive part of the client id, user name or address; empty matches all. */
  text: string
  state: 'all' | 'connected' | 'offline'
  sort: ClientSortKey
  descending: boolean
  offset: number
  limit: number
}

export interface ClientsPage {
  rows: ClientRow[]
  /** Rows matching the query, all pages together. */
  total: number
  /** Every client the broker knows, whatever the query. */
  known: number
  at: number
}

export const MAX_CLIENTS_PAGE = 500

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The query, or a sentence naming the first bad field. */
export function parseClientsQuery(raw: unknown): ClientsQuery | string {
  if (!isObject(raw)) return 'A clients query must be an object.'
  const { text, state, sort, descending, offset, limit } = raw
  if (typeof text !== 'string' || text.length > 1000) return 'text must be a string.'
  if (state !== 'all' && state !== 'connected' && state !== 'offline') return "state must be 'all', 'connected' or 'offline'."
  if (!CLIENT_SORT_KEYS.includes(sort as ClientSortKey)) return `sort must be one of ${CLIENT_SORT_KEYS.join(', ')}.`
  if (typeof descending !== 'boolean') return 'descending must be true or false.'
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return 'offset must be a whole number.'
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CLIENTS_PAGE) return `limit must be 1 to ${MAX_CLIENTS_PAGE}.`
  return { text, state, sort: sort as ClientSortKey, descending, offset, limit }
}
