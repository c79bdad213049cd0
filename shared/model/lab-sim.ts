// The QoS lab's virtual clients (real MQTT connections over loopback to the embedded broker, made and
// driven from the lab) and its fault rules (what the broker does to chosen packets), as the page sees
// and sends them.
import { checkTopicFilter, checkTopicName } from '../mqtt/topic'

export interface VirtualWill {
  topic: string
  payload: string
  qos: 0 | 1 | 2
  retain: boolean
}

export interface VirtualClientConfig {
  clientId: string
  /** 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0. */
  protocolVersion: 3 | 4 | 5
  /** Clean start / clean session: off keeps the session (and queues messages) while disconnected. */
  clean: boolean
  /** MQTT 5 Session Expiry Interval for a kept session (a 3.1.1 session without clean lasts until cleaned). */
  sessionExpiryS: number
  keepAliveS: number
  will: VirtualWill | null
  subscriptions: Array<{ filter: string; qos: 0 | 1 | 2 }>
  username: string | null
  password: string | null
  /** Answers each message that carries a Response Topic (MQTT 5) with "reply to <payload>", with its Correlation Data. */
  responder: boolean
}

export type VirtualClientState = 'connecting' | 'connected' | 'disconnected'

export interface ReceivedByVirtual {
  topic: string
  payload: string
  qos: 0 | 1 | 2
  dup: boolean
  retain: boolean
  at: number
  /** MQTT 5 request/response: where to answer, and the request's id, as text. */
  responseTopic: string | null
  correlationData: string | null
}

export interface VirtualClientView {
  config: Omit<VirtualClientConfig, 'password'>
  state: VirtualClientState
  /** Why the last connection ended or failed, in English (a CONNACK refusal, a cut, a keep-alive timeout). */
  lastEvent: string | null
  /** The CONNACK's Session Present of the last connection. */
  sessionPresent: boolean | null
  /** The last messages it received, newest last (at most MAX_RECEIVED_SHOWN), and how many in all. */
  received: ReceivedByVirtual[]
  receivedTotal: number
}

export const MAX_RECEIVED_SHOWN = 50
export const MAX_VIRTUAL_CLIENTS = 12

export type VirtualClientAction =
  | { kind: 'publish'; topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean; responseTopic?: string; correlationData?: string }
  | { kind: 'subscribe'; filter: string; qos: 0 | 1 | 2 }
  | { kind: 'unsubscribe'; filter: string }
  /** A clean DISCONNECT: no will. */
  | { kind: 'disconnect' }
  /** The network goes away without a DISCONNECT: the broker publishes the will. */
  | { kind: 'cut' }
  | { kind: 'reconnect' }
  | { kind: 'remove' }

export type FaultAction = 'drop-next' | 'drop-all' | 'delay' | 'duplicate' | 'cut-after' | 'hold' | 'refuse-connect'

/** One fault rule: what the broker does to matching packets, on either side of the connection. */
export interface FaultRule {
  id: string
  /** A client id, or '*' for every client. */
  clientId: string
  /** in: packets the broker receives from the client; out: packets it sends to the client. */
  direction: 'in' | 'out'
  /** mqtt-packet's command name, or '*' for every packet. */
  cmd: string
  action: FaultAction
  /** For 'delay'. */
  delayMs: number
  /** Matches so far (a 'drop-next' rule goes after its first). */
  hits: number
}

export interface HeldPacket {
  id: number
  clientId: string
  direction: 'in' | 'out'
  cmd: string
  packetId: number | null
  since: number
}

export interface LabSimState {
  clients: VirtualClientView[]
  faults: FaultRule[]
  /** Packets waiting for the user in step mode (a 'hold' rule), oldest first. */
  held: HeldPacket[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isQos = (v: unknown): v is 0 | 1 | 2 => v === 0 || v === 1 || v === 2
const FAULT_ACTIONS: readonly FaultAction[] = ['drop-next', 'drop-all', 'delay', 'duplicate', 'cut-after', 'hold', 'refuse-connect']
const CLIENT_ID = /^[\x21-\x7e]{1,64}$/

export function parseVirtualClientConfig(raw: unknown): VirtualClientConfig | string {
  if (!isObject(raw)) return 'A virtual client must be an object.'
  const r = raw as Partial<VirtualClientConfig>
  if (typeof r.clientId !== 'string' || !CLIENT_ID.test(r.clientId)) return 'A client id is 1 to 64 visible ASCII characters.'
  if (r.protocolVersion !== 3 && r.protocolVersion !== 4 && r.protocolVersion !== 5) return 'protocolVersion must be 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5.'
  if (typeof r.clean !== 'boolean') return 'clean must be true or false.'
  if (typeof r.sessionExpiryS !== 'number' || !Number.isInteger(r.sessionExpiryS) || r.sessionExpiryS < 0 || r.sessionExpiryS > 0xffff_ffff) return 'sessionExpiryS must be a whole number of seconds.'
  if (typeof r.keepAliveS !== 'number' || !Number.isInteger(r.keepAliveS) || r.keepAliveS < 0 || r.keepAliveS > 65_535) return 'keepAliveS must be 0 to 65535 seconds.'
  if (r.username !== null && typeof r.username !== 'string') return 'username must be a string or null.'
  if (r.password !== null && typeof r.password !== 'string') return 'password must be a string or null.'
  let will: VirtualWill | null = null
  if (r.will !== null) {
    const w = r.will as Partial<VirtualWill> | undefined
    if (!isObject(w) || typeof w.topic !== 'string' || typeof w.payload !== 'string' || !isQos(w.qos) || typeof w.retain !== 'boolean') return 'A will needs a topic, a payload, a QoS and retain.'
    const problem = checkTopicName(w.topic)
    if (problem !== null) return `Will topic: ${problem}`
    will = { topic: w.topic, payload: w.payload, qos: w.qos, retain: w.retain }
  }
  if (!Array.isArray(r.subscriptions) || r.subscriptions.length > 20) return 'subscriptions must be a list of at most 20.'
  const subscriptions: VirtualClientConfig['subscriptions'] = []
  for (const s of r.subscriptions) {
    if (!isObject(s) || typeof s.filter !== 'string' || !isQos(s.qos)) return 'Each subscription needs a filter and a QoS.'
    const problem = checkTopicFilter(s.filter)
    if (problem !== null) return `${s.filter}: ${problem}`
    subscriptions.push({ filter: s.filter, qos: s.qos })
  }
  if (r.responder !== undefined && typeof r.responder !== 'boolean') return 'responder must be true or false.'
  return { clientId: r.clientId, protocolVersion: r.protocolVersion, clean: r.clean, sessionExpiryS: r.sessionExpiryS, keepAliveS: r.keepAliveS, will, subscriptions,
    username: r.username === '' ? null : r.username ?? null, password: r.password === '' ? null : r.password ?? null, responder: r.responder ?? false }
}

export function parseVirtualClientAction(raw: unknown): { clientId: string; action: VirtualClientAction } | string {
  if (!isObject(raw) || typeof raw.clientId !== 'string' || !isObject(raw.action)) return 'An action needs a client id and what to do.'
  const a = raw.action as Record<string, unknown>
  switch (a.kind) {
    case 'publish': {
      if (typeof a.topic !== 'string' || typeof a.payload !== 'string' || !isQos(a.qos) || typeof a.retain !== 'boolean') return 'A publish needs a topic, a payload, a QoS and retain.'
      const problem = checkTopicName(a.topic)
      if (problem !== null) return `Topic: ${problem}`
      if (a.payload.length > 1024 * 1024) return 'A lab payload is at most 1 MB.'
      if (a.responseTopic !== undefined && (typeof a.responseTopic !== 'string' || checkTopicName(a.responseTopic) !== null)) return 'The response topic must be a valid topic name.'
      if (a.correlationData !== undefined && (typeof a.correlationData !== 'string' || a.correlationData.length > 1024)) return 'The correlation data is text of at most 1024 characters.'
      const request = { ...(a.responseTopic !== undefined ? { responseTopic: a.responseTopic as string } : {}), ...(a.correlationData !== undefined ? { correlationData: a.correlationData as string } : {}) }
      return { clientId: raw.clientId, action: { kind: 'publish', topic: a.topic, payload: a.payload, qos: a.qos, retain: a.retain, ...request } }
    }
    case 'subscribe': {
      if (typeof a.filter !== 'string' || !isQos(a.qos)) return 'A subscribe needs a filter and a QoS.'
      const problem = checkTopicFilter(a.filter)
      if (problem !== null) return `${a.filter}: ${problem}`
      return { clientId: raw.clientId, action: { kind: 'subscribe', filter: a.filter, qos: a.qos } }
    }
    case 'unsubscribe':
      if (typeof a.filter !== 'string' || a.filter === '') return 'An unsubscribe needs a filter.'
      return { clientId: raw.clientId, action: { kind: 'unsubscribe', filter: a.filter } }
    case 'disconnect':
    case 'cut':
    case 'reconnect':
    case 'remove':
      return { clientId: raw.clientId, action: { kind: a.kind } }
    default:
      return 'Unknown action: use publish, subscribe, unsubscribe, disconnect, cut, reconnect or remove.'
  }
}

export function parseFaultRule(raw: unknown): Omit<FaultRule, 'id' | 'hits'> | string {
  if (!isObject(raw)) return 'A fault rule must be an object.'
  const { clientId, direction, cmd, action, delayMs } = raw
  if (typeof clientId !== 'string' || clientId === '') return 'A fault rule needs a client id (or * for all).'
  if (direction !== 'in' && direction !== 'out') return "direction must be 'in' or 'out'."
  if (typeof cmd !== 'string' || cmd === '') return 'A fault rule needs a packet type (or * for all).'
  if (!(FAULT_ACTIONS as readonly unknown[]).includes(action)) return `action must be one of ${FAULT_ACTIONS.join(', ')}.`
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) return 'delayMs must be 0 to 600000.'
  if (action === 'refuse-connect' && (direction !== 'in' || (cmd !== 'connect' && cmd !== '*'))) return 'Refusing the CONNACK applies to CONNECT packets coming in.'
  return { clientId, direction, cmd, action: action as FaultAction, delayMs }
}
