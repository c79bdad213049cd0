// The QoS lab's packet trace: every control packet between a client and the embedded broker, in order,
// with the message flow and the leg each PUBLISH exchange belongs to, so a sequence diagram can group a
// message's whole life (publisher → broker, then broker → each subscriber) from real packets.

/** c2b: client to broker; b2c: broker to client. */
export type TraceDirection = 'c2b' | 'b2c'

export interface TraceEvent {
  /** Increases by one per event, over the whole run; gaps mean events dropped by the bound. */
  seq: number
  /** Epoch milliseconds with a fraction (sub-millisecond order on loopback). */
  at: number
  clientId: string
  /** One of Topicscope's own connections (the Explorer, a bridge), hidden by default. */
  internal: boolean
  dir: TraceDirection
  /** mqtt-packet's command name: connect, connack, publish, puback, pubrec, pubrel, pubcomp, subscribe, … */
  cmd: string
  packetId: number | null
  qos: 0 | 1 | 2 | null
  dup: boolean
  retain: boolean
  topic: string | null
  /** MQTT 5 reason code, or a 3.1.1 return code (CONNACK, SUBACK); null when the packet has none. */
  reasonCode: number | null
  /** SUBACK's granted QoS or reason codes, one per filter. */
  granted: number[] | null
  /** PUBLISH payload bytes, or the packet's bytes for the others. */
  bytes: number
  /** The application message this packet carries or acknowledges (null: not part of one, or unknown). */
  flowId: number | null
  /** The exchange for one message on one connection (a PUBLISH with its acknowledgments). */
  legId: number | null
  /** The protocol version of the connection (for reason code names). */
  protocolVersion: 3 | 4 | 5
  /** What a QoS lab fault rule did to this packet: drop, duplicate, cut-after, "delay N ms", held. */
  fault: string | null
  /** On a will's deliveries: the client whose will the broker published. */
  willOf?: string
}

export interface TraceFilter {
  clientId: string | null
  /** An MQTT filter or a topic prefix on PUBLISH topics; packets of the same flow are kept with them. */
  topic: string | null
  /** Packet types to keep; empty: all. */
  cmds: string[]
  /** Keep Topicscope's own connections (off by default: their $SYS traffic is noise in a lesson). */
  internal: boolean
}

/** Whose packets: the embedded broker's (every client), or one of the app's connections to another broker. */
export const EMBEDDED_TRACE = 'embedded'

export interface TracePageRequest {
  /** EMBEDDED_TRACE, or an Explorer connection id (seen from this side: only its own packets). */
  source: string
  /** Events after this seq (0: from the oldest kept). */
  afterSeq: number
  limit: number
  filter: TraceFilter
}

export interface TracePage {
  events: TraceEvent[]
  /** The last seq recorded (the next page asks for events after it once it has caught up). */
  lastSeq: number
  /** Events dropped by the bound since the trace started, and the bound itself. */
  dropped: number
  capacity: number
  /** Whether the page stopped at `limit` with more to come. */
  more: boolean
  /** Since when packets are recorded (the lab records while it is open); null: not recording. */
  recordingSince: number | null
  /** The packets of one of the app's connections, as that client sent and received them: the broker's other clients are not visible. */
  seenFromThisSide: boolean
}

export const MAX_TRACE_PAGE = 1000
export const DEFAULT_TRACE_FILTER: TraceFilter = { clientId: null, topic: null, cmds: [], internal: false }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseTracePageRequest(raw: unknown): TracePageRequest | string {
  if (!isObject(raw)) return 'A trace request must be an object.'
  const { afterSeq, limit, filter, source } = raw
  if (typeof source !== 'string' || source === '' || source.length > 200) return 'A trace request needs a source.'
  if (typeof afterSeq !== 'number' || !Number.isInteger(afterSeq) || afterSeq < 0) return 'afterSeq must be a whole number.'
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_TRACE_PAGE) return `limit must be 1 to ${MAX_TRACE_PAGE}.`
  if (!isObject(filter)) return 'A trace request needs a filter.'
  const { clientId, topic, cmds, internal } = filter
  if (clientId !== null && typeof clientId !== 'string') return 'filter.clientId must be a string or null.'
  if (topic !== null && typeof topic !== 'string') return 'filter.topic must be a string or null.'
  if (!Array.isArray(cmds) || !cmds.every((c) => typeof c === 'string')) return 'filter.cmds must be a list of packet types.'
  if (typeof internal !== 'boolean') return 'filter.internal must be true or false.'
  return { source, afterSeq, limit, filter: { clientId: clientId === '' ? null : clientId, topic: topic === '' ? null : topic, cmds, internal } }
}
