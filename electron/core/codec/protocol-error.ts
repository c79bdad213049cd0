// The one error type for bad bytes from a peer: carries the MQTT 5 reason code the connection should answer with.
// Raised by the codec only; the connection's fail() decides between CONNACK, DISCONNECT (v5) or a plain close (v3.1.1).

/** MQTT 5 reason codes the codec raises (MQTT 5 §2.4). v3.1.1 has no DISCONNECT: the connection just closes. */
export const REASON_CODE = {
  /** The bytes cannot be parsed as the packet they claim to be. */
  MALFORMED_PACKET: 0x81,
  /** The packet parses but breaks a protocol rule. */
  PROTOCOL_ERROR: 0x82,
  /** Bad protocol name or level in CONNECT; v3.1.1 answers with CONNACK return code 0x01 [MQTT-3.1.2-2]. */
  UNSUPPORTED_PROTOCOL_VERSION: 0x84,
  /** A PUBLISH topic name that is well formed but not allowed (wildcards). */
  TOPIC_NAME_INVALID: 0x90,
  /** A Topic Alias of 0 [MQTT-3.3.2-8]. */
  TOPIC_ALIAS_INVALID: 0x94,
  /** The declared packet size exceeds our limit. */
  PACKET_TOO_LARGE: 0x95,
} as const

/** A reason code from {@link REASON_CODE}. */
export type CodecReasonCode = (typeof REASON_CODE)[keyof typeof REASON_CODE]

/**
 * A peer sent bytes we must not accept. `reasonCode` is the MQTT 5 reason code to send (in CONNACK while the
 * CONNECT is being handled, in DISCONNECT afterwards); `message` names the rule, with its spec ID where there is one.
 */
export class ProtocolError extends Error {
  constructor(readonly reasonCode: number, message: string) {
    super(message)
    this.name = 'ProtocolError'
  }
}
