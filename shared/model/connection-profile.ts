// Connection profiles for brokers the Explorer connects to, their live status and their errors, as plain data.
// Validation only; storing profiles (and encrypting their secrets) and connecting belong to the backend.
import { findTopicFilterProblem, findTopicNameProblem } from '../mqtt/topic'
import { describeProfileProblem, type ProfileProblem, type ProfileProblemCode } from './profile-problem'

/** Id of the built-in "Embedded broker" profile, which is always present and cannot be deleted. */
export const EMBEDDED_BROKER_PROFILE_ID = 'embedded-broker'

/** How the bytes travel: plain TCP, TLS, WebSocket or WebSocket over TLS. */
export type Transport = 'mqtt' | 'mqtts' | 'ws' | 'wss'

/** CONNECT's Protocol Level: 3 = MQTT 3.1, 4 = MQTT 3.1.1, 5 = MQTT 5.0. */
export type ProfileProtocolVersion = 3 | 4 | 5

/** MQTT 5.0 Will Properties [MQTT-3.1.3.2]; text fields so a profile stays JSON. Ignored for 3.1/3.1.1. */
export interface WillProperties {
  /** Will Delay Interval: how long the broker waits before publishing the will. */
  willDelayIntervalS: number | null
  /** Payload Format Indicator: true means the payload is UTF-8 text. */
  payloadFormatIndicator: boolean | null
  /** Message Expiry Interval of the will message. */
  messageExpiryIntervalS: number | null
  contentType: string | null
  responseTopic: string | null
  /** Correlation Data, as UTF-8 text. */
  correlationData: string | null
  userProperties: Array<{ key: string; value: string }>
}

/** The Will: published by the broker when the connection ends without a DISCONNECT. */
export interface ProfileWill {
  topic: string
  /** UTF-8 text. */
  payload: string
  qos: 0 | 1 | 2
  retain: boolean
  properties: WillProperties
}

/** TLS settings for mqtts and wss. PEM text, already read from the files. */
export interface ProfileTls {
  /** Extra trusted CA certificates; null trusts the system store only. */
  ca: string | null
  /** Client certificate for mutual TLS. */
  cert: string | null
  /** Client private key. Secret: encrypted at rest, left out of exports unless asked. */
  key: string | null
  /** Verify the server certificate (chain and host name). Off accepts any certificate. */
  rejectUnauthorized: boolean
  /** SNI server name; null sends the host name (never an IP address, which SNI forbids). */
  servername: string | null
}

/** Automatic reconnection after a lost connection: exponential backoff from minDelayMs to maxDelayMs. */
export interface ReconnectPolicy {
  enabled: boolean
  minDelayMs: number
  maxDelayMs: number
}

/** A subscription made every time the connection is established. */
export interface DefaultSubscription {
  filter: string
  qos: 0 | 1 | 2
  /** 5.0 No Local: do not receive our own publications. */
  noLocal: boolean
  /** 5.0 Retain As Published: keep the retain flag as the publisher set it. */
  retainAsPublished: boolean
  /** 5.0 Retain Handling: 0 send retained on subscribe, 1 only for a new subscription, 2 never. */
  retainHandling: 0 | 1 | 2
}

/** Everything needed to connect to one broker. Secrets: `password` and `tls.key`. */
export interface ConnectionProfile {
  id: string
  name: string
  transport: Transport
  /** WebSocket endpoint path (ws and wss only), e.g. '/mqtt'. */
  wsPath: string
  host: string
  port: number
  protocolVersion: ProfileProtocolVersion
  /** Random by default ({@link randomClientId}); empty asks the broker to assign one (3.1.1 and 5.0). */
  clientId: string
  username: string | null
  /** Secret: encrypted at rest, left out of exports unless asked. */
  password: string | null
  /** Clean Session (3.1/3.1.1) or Clean Start (5.0). */
  cleanStart: boolean
  /** 5.0 Session Expiry Interval; 0 ends the session with the connection. */
  sessionExpiryS: number
  /** Keep Alive; 0 turns it off. */
  keepaliveS: number
  /** 5.0 Receive Maximum: QoS 1/2 messages the broker may have in flight to us; null uses the default (65,535). */
  receiveMaximum: number | null
  /** How long to wait for the TCP/TLS handshake and the CONNACK together. */
  connectTimeoutS: number
  will: ProfileWill | null
  tls: ProfileTls
  reconnect: ReconnectPolicy
  /** Connect when the app starts. */
  autoConnect: boolean
  defaultSubscriptions: DefaultSubscription[]
}

/** Why a connection failed or ended, for the status line and the error panel. */
export interface ConnectionErrorInfo {
  kind: 'refused' | 'dns' | 'timeout' | 'tls' | 'connack' | 'disconnect' | 'protocol' | 'other'
  /** One or two human sentences, e.g. "Nothing is listening on 10.0.0.5:1883." */
  message: string
  /** The CONNACK or DISCONNECT reason code (5.0) or return code (3.1/3.1.1). */
  reasonCode?: number
  /** The spec name of {@link reasonCode}. */
  reasonName?: string
  /** The server certificate, for TLS failures when it could be read. */
  certificate?: CertificateSummary
}

/** What a user needs to judge a server certificate. */
export interface CertificateSummary {
  /** e.g. "CN=localhost, O=Example" */
  subject: string
  issuer: string
  /** As the certificate states them, e.g. "Jan  1 00:00:00 2025 GMT". */
  validFrom: string
  validTo: string
  /** SHA-256 of the DER certificate: uppercase hex pairs joined by ':'. */
  fingerprint256: string
}

/** Lifecycle of one connection. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error'

/** Live status of one connection, as the connection list shows it. */
export interface ConnectionStatus {
  profileId: string
  state: ConnectionState
  /** The last failure; kept while reconnecting, cleared on a successful connection. */
  error: ConnectionErrorInfo | null
  /** Epoch ms of the last state change. */
  since: number
  /** Average over the last few seconds. */
  messagesPerSec: number
  /** Since the client was created. */
  messagesReceived: number
}

const CLIENT_ID_PREFIX = 'topicscope_'
const CLIENT_ID_RANDOM_CHARS = 8
/** MQTT 3.1 allows client ids of 1 to 23 characters [MQTT 3.1 section 3.1]. */
const MQTT31_MAX_CLIENT_ID_CHARS = 23
const MAX_UINT16 = 65_535
const MAX_UINT32 = 4_294_967_295
/** setTimeout's largest delay (2^31 − 1 ms); longer backoffs would fire at once. */
const MAX_TIMER_MS = 2_147_483_647

/** A random client id such as 'topicscope_3f9a0c1e' (23 characters, so MQTT 3.1 accepts it too). Not a secret. */
export function randomClientId(): string {
  let suffix = ''
  for (let i = 0; i < CLIENT_ID_RANDOM_CHARS; i++) suffix += Math.floor(Math.random() * 16).toString(16)
  return CLIENT_ID_PREFIX + suffix
}

/** A profile with the usual defaults (mqtt://localhost:1883, MQTT 5.0, random client id), overridden by `fields`. */
export function createProfile(fields: Partial<ConnectionProfile> & Pick<ConnectionProfile, 'id'>): ConnectionProfile {
  return {
    name: 'New connection',
    transport: 'mqtt',
    wsPath: '/mqtt',
    host: 'localhost',
    port: 1883,
    protocolVersion: 5,
    clientId: randomClientId(),
    username: null,
    password: null,
    cleanStart: true,
    sessionExpiryS: 0,
    keepaliveS: 60,
    receiveMaximum: null,
    connectTimeoutS: 10,
    will: null,
    tls: { ca: null, cert: null, key: null, rejectUnauthorized: true, servername: null },
    reconnect: { enabled: true, minDelayMs: 1000, maxDelayMs: 30_000 },
    autoConnect: false,
    defaultSubscriptions: [],
    ...fields,
  }
}

const isInt = (n: unknown, min: number, max: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
const isQos = (n: unknown): boolean => n === 0 || n === 1 || n === 2

/**
 * Checks a profile before it is saved or used.
 * @returns null when it can be used, else one sentence saying which field is wrong and how.
 */
export function validateProfile(p: ConnectionProfile): string | null {
  const problem = findProfileProblem(p)
  return problem === null ? null : describeProfileProblem(problem)
}

/** What is wrong with a profile, as data (see profile-problem.ts), or null when it can be used. */
export function findProfileProblem(p: ConnectionProfile): ProfileProblem | null {
  const is = (code: ProfileProblemCode, params?: ProfileProblem['params']): ProfileProblem => (params === undefined ? { code } : { code, params })
  if (p.name.trim() === '') return is('no-name')
  if (!['mqtt', 'mqtts', 'ws', 'wss'].includes(p.transport)) return is('bad-transport', { transport: String(p.transport) })
  if (p.host.trim() === '') return is('no-host')
  if (/[\s/]/.test(p.host)) return is('bad-host', { host: p.host })
  if (!isInt(p.port, 1, MAX_UINT16)) return is('bad-port', { max: MAX_UINT16 })
  if ((p.transport === 'ws' || p.transport === 'wss') && !p.wsPath.startsWith('/')) return is('bad-ws-path')
  if (p.protocolVersion !== 3 && p.protocolVersion !== 4 && p.protocolVersion !== 5) return is('bad-version')
  const clientIdProblem = checkClientId(p)
  if (clientIdProblem !== null) return is(clientIdProblem)
  if (p.password !== null && p.password !== '' && (p.username === null || p.username === '') && p.protocolVersion !== 5) {
    return is('password-without-user') // [MQTT-3.1.2-22]
  }
  if (!isInt(p.keepaliveS, 0, MAX_UINT16)) return is('bad-keepalive', { max: MAX_UINT16 })
  if (!isInt(p.sessionExpiryS, 0, MAX_UINT32)) return is('bad-session-expiry', { max: MAX_UINT32 })
  if (p.receiveMaximum !== null && !isInt(p.receiveMaximum, 1, MAX_UINT16)) return is('bad-receive-maximum', { max: MAX_UINT16 })
  if (!isInt(p.connectTimeoutS, 1, 3600)) return is('bad-connect-timeout')
  if (p.will !== null) {
    const topic = findTopicNameProblem(p.will.topic)
    if (topic !== null) return { code: 'will-topic', topic }
    if (!isQos(p.will.qos)) return is('will-qos')
    const delay = p.will.properties.willDelayIntervalS
    if (delay !== null && !isInt(delay, 0, MAX_UINT32)) return is('will-delay', { max: MAX_UINT32 })
  }
  if ((p.tls.cert === null) !== (p.tls.key === null)) return is('tls-pair')
  const { enabled, minDelayMs, maxDelayMs } = p.reconnect
  if (enabled && (!isInt(minDelayMs, 1, MAX_TIMER_MS) || !isInt(maxDelayMs, minDelayMs, MAX_TIMER_MS))) return is('reconnect-delays')
  for (const [i, sub] of p.defaultSubscriptions.entries()) {
    const topic = findTopicFilterProblem(sub.filter)
    if (topic !== null) return { code: 'sub-filter', params: { n: i + 1 }, topic }
    if (!isQos(sub.qos)) return is('sub-qos', { n: i + 1 })
    if (sub.retainHandling !== 0 && sub.retainHandling !== 1 && sub.retainHandling !== 2) return is('sub-retain-handling', { n: i + 1 })
  }
  return null
}

function checkClientId(p: ConnectionProfile): ProfileProblemCode | null {
  if (p.clientId === '') {
    if (p.protocolVersion === 3) return 'client-id-31-empty'
    // [MQTT-3.1.3-7]: a zero-byte client id needs CleanSession = 1 in 3.1.1.
    if (p.protocolVersion === 4 && !p.cleanStart) return 'client-id-empty-session'
    return null
  }
  if (p.protocolVersion === 3 && p.clientId.length > MQTT31_MAX_CLIENT_ID_CHARS) return 'client-id-31-long'
  if (p.clientId.length > MAX_UINT16) return 'client-id-long'
  return null
}
