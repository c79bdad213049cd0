// MQTT reason codes: the 5.0 table (section 2.4, Table 2-6) and the 3.1.1 CONNACK/SUBACK return codes.
// Names and lookups only; deciding which code to send belongs to the broker.

/** The packets that carry a reason code (5.0) or return code (3.1.1), as mqtt-packet's `cmd`. */
export type ReasonCodePacket =
  | 'connack'
  | 'puback'
  | 'pubrec'
  | 'pubrel'
  | 'pubcomp'
  | 'suback'
  | 'unsuback'
  | 'disconnect'
  | 'auth'

/** CONNECT's Protocol Level: 3 = MQTT 3.1, 4 = MQTT 3.1.1, 5 = MQTT 5.0. */
export type ProtocolVersion = 3 | 4 | 5

/** One row of the reason code table: a code, its spec name, and the packets it is defined for. */
export interface ReasonCodeEntry {
  readonly code: number
  readonly name: string
  readonly packets: readonly ReasonCodePacket[]
}

/** Named MQTT 5.0 reason codes. 0x00 has three names depending on the packet. */
export const RC = {
  SUCCESS: 0x00,
  NORMAL_DISCONNECTION: 0x00,
  GRANTED_QOS_0: 0x00,
  GRANTED_QOS_1: 0x01,
  GRANTED_QOS_2: 0x02,
  DISCONNECT_WITH_WILL_MESSAGE: 0x04,
  NO_MATCHING_SUBSCRIBERS: 0x10,
  NO_SUBSCRIPTION_EXISTED: 0x11,
  CONTINUE_AUTHENTICATION: 0x18,
  RE_AUTHENTICATE: 0x19,
  UNSPECIFIED_ERROR: 0x80,
  MALFORMED_PACKET: 0x81,
  PROTOCOL_ERROR: 0x82,
  IMPLEMENTATION_SPECIFIC_ERROR: 0x83,
  UNSUPPORTED_PROTOCOL_VERSION: 0x84,
  CLIENT_IDENTIFIER_NOT_VALID: 0x85,
  BAD_USER_NAME_OR_PASSWORD: 0x86,
  NOT_AUTHORIZED: 0x87,
  SERVER_UNAVAILABLE: 0x88,
  SERVER_BUSY: 0x89,
  BANNED: 0x8a,
  SERVER_SHUTTING_DOWN: 0x8b,
  BAD_AUTHENTICATION_METHOD: 0x8c,
  KEEP_ALIVE_TIMEOUT: 0x8d,
  SESSION_TAKEN_OVER: 0x8e,
  TOPIC_FILTER_INVALID: 0x8f,
  TOPIC_NAME_INVALID: 0x90,
  PACKET_IDENTIFIER_IN_USE: 0x91,
  PACKET_IDENTIFIER_NOT_FOUND: 0x92,
  RECEIVE_MAXIMUM_EXCEEDED: 0x93,
  TOPIC_ALIAS_INVALID: 0x94,
  PACKET_TOO_LARGE: 0x95,
  MESSAGE_RATE_TOO_HIGH: 0x96,
  QUOTA_EXCEEDED: 0x97,
  ADMINISTRATIVE_ACTION: 0x98,
  PAYLOAD_FORMAT_INVALID: 0x99,
  RETAIN_NOT_SUPPORTED: 0x9a,
  QOS_NOT_SUPPORTED: 0x9b,
  USE_ANOTHER_SERVER: 0x9c,
  SERVER_MOVED: 0x9d,
  SHARED_SUBSCRIPTIONS_NOT_SUPPORTED: 0x9e,
  CONNECTION_RATE_EXCEEDED: 0x9f,
  MAXIMUM_CONNECT_TIME: 0xa0,
  SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED: 0xa1,
  WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED: 0xa2,
} as const

/** Any value of {@link RC}. */
export type ReasonCode = (typeof RC)[keyof typeof RC]

/** MQTT 3.1.1 CONNACK return codes (Table 3.1); 3.1 uses the same six. */
export const CONNACK_V3 = {
  ACCEPTED: 0,
  UNACCEPTABLE_PROTOCOL_VERSION: 1,
  IDENTIFIER_REJECTED: 2,
  SERVER_UNAVAILABLE: 3,
  BAD_USER_NAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const

/** MQTT 3.1.1 SUBACK return code for a refused subscription (section 3.9.3). */
export const SUBACK_V3_FAILURE = 0x80

/** The first failure code: 0x80 and above mean failure in 5.0 (section 2.4) and in a 3.1.1 SUBACK. */
export const FIRST_ERROR_REASON_CODE = 0x80

const ACKS: readonly ReasonCodePacket[] = ['puback', 'pubrec']
const GENERAL_ERROR: readonly ReasonCodePacket[] = ['connack', ...ACKS, 'suback', 'unsuback', 'disconnect']
const CONNACK_DISCONNECT: readonly ReasonCodePacket[] = ['connack', 'disconnect']

/** MQTT 5.0 section 2.4, Table 2-6: every reason code, its name, and where it may appear. */
export const REASON_CODES_V5: readonly ReasonCodeEntry[] = [
  { code: 0x00, name: 'Success', packets: ['connack', ...ACKS, 'pubrel', 'pubcomp', 'unsuback', 'auth'] },
  { code: 0x00, name: 'Normal disconnection', packets: ['disconnect'] },
  { code: 0x00, name: 'Granted QoS 0', packets: ['suback'] },
  { code: 0x01, name: 'Granted QoS 1', packets: ['suback'] },
  { code: 0x02, name: 'Granted QoS 2', packets: ['suback'] },
  { code: 0x04, name: 'Disconnect with Will Message', packets: ['disconnect'] },
  { code: 0x10, name: 'No matching subscribers', packets: ACKS },
  { code: 0x11, name: 'No subscription existed', packets: ['unsuback'] },
  { code: 0x18, name: 'Continue authentication', packets: ['auth'] },
  { code: 0x19, name: 'Re-authenticate', packets: ['auth'] },
  { code: 0x80, name: 'Unspecified error', packets: GENERAL_ERROR },
  { code: 0x81, name: 'Malformed Packet', packets: CONNACK_DISCONNECT },
  { code: 0x82, name: 'Protocol Error', packets: CONNACK_DISCONNECT },
  { code: 0x83, name: 'Implementation specific error', packets: GENERAL_ERROR },
  { code: 0x84, name: 'Unsupported Protocol Version', packets: ['connack'] },
  { code: 0x85, name: 'Client Identifier not valid', packets: ['connack'] },
  { code: 0x86, name: 'Bad User Name or Password', packets: ['connack'] },
  { code: 0x87, name: 'Not authorized', packets: GENERAL_ERROR },
  { code: 0x88, name: 'Server unavailable', packets: ['connack'] },
  { code: 0x89, name: 'Server busy', packets: CONNACK_DISCONNECT },
  { code: 0x8a, name: 'Banned', packets: ['connack'] },
  { code: 0x8b, name: 'Server shutting down', packets: ['disconnect'] },
  { code: 0x8c, name: 'Bad authentication method', packets: CONNACK_DISCONNECT },
  { code: 0x8d, name: 'Keep Alive timeout', packets: ['disconnect'] },
  { code: 0x8e, name: 'Session taken over', packets: ['disconnect'] },
  { code: 0x8f, name: 'Topic Filter invalid', packets: ['suback', 'unsuback', 'disconnect'] },
  { code: 0x90, name: 'Topic Name invalid', packets: ['connack', ...ACKS, 'disconnect'] },
  { code: 0x91, name: 'Packet Identifier in use', packets: [...ACKS, 'suback', 'unsuback'] },
  { code: 0x92, name: 'Packet Identifier not found', packets: ['pubrel', 'pubcomp'] },
  { code: 0x93, name: 'Receive Maximum exceeded', packets: ['disconnect'] },
  { code: 0x94, name: 'Topic Alias invalid', packets: ['disconnect'] },
  { code: 0x95, name: 'Packet too large', packets: CONNACK_DISCONNECT },
  { code: 0x96, name: 'Message rate too high', packets: ['disconnect'] },
  { code: 0x97, name: 'Quota exceeded', packets: ['connack', ...ACKS, 'suback', 'disconnect'] },
  { code: 0x98, name: 'Administrative action', packets: ['disconnect'] },
  { code: 0x99, name: 'Payload format invalid', packets: ['connack', ...ACKS, 'disconnect'] },
  { code: 0x9a, name: 'Retain not supported', packets: CONNACK_DISCONNECT },
  { code: 0x9b, name: 'QoS not supported', packets: CONNACK_DISCONNECT },
  { code: 0x9c, name: 'Use another server', packets: CONNACK_DISCONNECT },
  { code: 0x9d, name: 'Server moved', packets: CONNACK_DISCONNECT },
  { code: 0x9e, name: 'Shared Subscriptions not supported', packets: ['suback', 'disconnect'] },
  { code: 0x9f, name: 'Connection rate exceeded', packets: CONNACK_DISCONNECT },
  { code: 0xa0, name: 'Maximum connect time', packets: ['disconnect'] },
  { code: 0xa1, name: 'Subscription Identifiers not supported', packets: ['suback', 'disconnect'] },
  { code: 0xa2, name: 'Wildcard Subscriptions not supported', packets: ['suback', 'disconnect'] },
]

/**
 * MQTT 3.1.1 return codes: CONNACK (Table 3.1) and SUBACK (section 3.9.3). Other 3.1.1 packets
 * carry no code. MQTT 3.1 has the same CONNACK codes; its SUBACK has no 0x80, but brokers send
 * one to 3.1 clients too, so it is named for them as well.
 */
export const RETURN_CODES_V3: readonly ReasonCodeEntry[] = [
  { code: 0x00, name: 'Connection Accepted', packets: ['connack'] },
  { code: 0x01, name: 'Connection Refused, unacceptable protocol version', packets: ['connack'] },
  { code: 0x02, name: 'Connection Refused, identifier rejected', packets: ['connack'] },
  { code: 0x03, name: 'Connection Refused, Server unavailable', packets: ['connack'] },
  { code: 0x04, name: 'Connection Refused, bad user name or password', packets: ['connack'] },
  { code: 0x05, name: 'Connection Refused, not authorized', packets: ['connack'] },
  { code: 0x00, name: 'Success - Maximum QoS 0', packets: ['suback'] },
  { code: 0x01, name: 'Success - Maximum QoS 1', packets: ['suback'] },
  { code: 0x02, name: 'Success - Maximum QoS 2', packets: ['suback'] },
  { code: SUBACK_V3_FAILURE, name: 'Failure', packets: ['suback'] },
]

function index(entries: readonly ReasonCodeEntry[]): Map<string, string> {
  const byPacketAndCode = new Map<string, string>()
  for (const entry of entries) {
    for (const packet of entry.packets) byPacketAndCode.set(`${packet}:${entry.code}`, entry.name)
  }
  return byPacketAndCode
}

const V5_NAMES = index(REASON_CODES_V5)
const V3_NAMES = index(RETURN_CODES_V3)

function lookup(code: number, packet: ReasonCodePacket, protocolVersion: ProtocolVersion): string | undefined {
  return (protocolVersion === 5 ? V5_NAMES : V3_NAMES).get(`${packet}:${code}`)
}

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`
}

/** Whether the spec defines `code` for `packet` in that protocol version. */
export function isReasonCodeValid(code: number, packet: ReasonCodePacket, protocolVersion: ProtocolVersion): boolean {
  return lookup(code, packet, protocolVersion) !== undefined
}

/**
 * The spec name of `code` in `packet`, e.g. 0x00 is 'Success' in a PUBACK, 'Normal disconnection' in
 * a DISCONNECT and 'Granted QoS 0' in a SUBACK. A code the spec does not define for that packet
 * and version (including any code in a 3.1.1 PUBACK) gives `Unknown (0xNN)`.
 */
export function reasonCodeName(code: number, packet: ReasonCodePacket, protocolVersion: ProtocolVersion): string {
  return lookup(code, packet, protocolVersion) ?? `Unknown (${hex(code)})`
}

/** Hex code and name for logs and the UI: "0x87 Not authorized", or "0xAB Unknown". */
export function formatReasonCode(code: number, packet: ReasonCodePacket, protocolVersion: ProtocolVersion): string {
  return `${hex(code)} ${lookup(code, packet, protocolVersion) ?? 'Unknown'}`
}

/**
 * Whether `code` reports a failure: 0x80 and above (5.0 section 2.4; 3.1.1 SUBACK 0x80).
 * A 3.1.1 CONNACK refuses with 1–5 instead: test `returnCode !== 0` there.
 */
export function isErrorReasonCode(code: number): boolean {
  return code >= FIRST_ERROR_REASON_CODE
}

/**
 * The 3.1.1 CONNACK return code to send a 3.1/3.1.1 client that the broker refuses for the given
 * 5.0 CONNACK reason code, or null when the connection must close without a CONNACK.
 * - 0x84 → 1, 0x85 → 2, 0x86 → 4, 0x87 → 5: the direct equivalents.
 * - 0x8C (Bad authentication method) → 4: the only credentials a 3.1.1 client has are its user
 *   name and password. 0x8A (Banned) → 5: this client may not connect.
 * - 0x81, 0x82, 0x95 → null: a CONNECT that breaks the rules closes the connection without a
 *   CONNACK [MQTT-3.1.4-1], as does any refusal no return code fits [MQTT-3.2.2-6].
 * - Everything else (0x80, 0x83, 0x88, 0x89, quotas, 0x9C/0x9D redirects…) → 3, Server unavailable:
 *   a server-side refusal the client can retry later, the least misleading of the six.
 */
export function toV3ConnackReturnCode(code: number): number | null {
  switch (code) {
    case RC.SUCCESS:
      return CONNACK_V3.ACCEPTED
    case RC.UNSUPPORTED_PROTOCOL_VERSION:
      return CONNACK_V3.UNACCEPTABLE_PROTOCOL_VERSION
    case RC.CLIENT_IDENTIFIER_NOT_VALID:
      return CONNACK_V3.IDENTIFIER_REJECTED
    case RC.BAD_USER_NAME_OR_PASSWORD:
    case RC.BAD_AUTHENTICATION_METHOD:
      return CONNACK_V3.BAD_USER_NAME_OR_PASSWORD
    case RC.NOT_AUTHORIZED:
    case RC.BANNED:
      return CONNACK_V3.NOT_AUTHORIZED
    case RC.MALFORMED_PACKET:
    case RC.PROTOCOL_ERROR:
    case RC.PACKET_TOO_LARGE:
      return null
    default:
      return CONNACK_V3.SERVER_UNAVAILABLE
  }
}
