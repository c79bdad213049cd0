// Byte-level checks mqtt-packet skips, done by wrapping two readers of its parser (v9 parser.js) and by reading
// where its cursor stopped. Needs one whole packet per parse() call (packet-framer.ts). Does not import mqtt-packet.
import { isUtf8 } from 'node:buffer'
import type { Frame } from './packet-framer'
import { ProtocolError, REASON_CODE } from './protocol-error'

/**
 * The internals of mqtt-packet's Parser this file relies on. `_pos` is the read offset inside the packet body;
 * `settings` holds the protocol version (mqtt-packet replaces it with the CONNECT packet object itself).
 */
export interface ParserInternals {
  _pos: number
  settings: { protocolVersion?: number; bridgeMode?: boolean }
  _parseString(): string | null
  _parseProperties(): Record<string, unknown> | false
}

/** Packet types whose properties may be left out entirely when the Remaining Length is below 2 (MQTT 5 §3.14.2.2.1, §3.15.2.2.1). */
const PROPERTIES_OPTIONAL = new Set([14 /* DISCONNECT */, 15 /* AUTH */])
/** Packet types whose last field (the payload) simply runs to the end of the packet. */
const OPEN_ENDED = new Set(['publish'])
const HAS_PACKET_ID = new Set(['publish', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe', 'suback', 'unsubscribe', 'unsuback'])

/** Checks installed on one parser; `beginFrame` before each `parse()`, `endFrame` on the packet it emitted. */
export interface ParserGuards {
  beginFrame(frame: Frame): void
  /** The first problem found while parsing the current frame, if any (checked before mqtt-packet's own error). */
  readonly violation: ProtocolError | null
  /**
   * Structural checks on the packet mqtt-packet emitted for the current frame. `endPos` is the parser's `_pos`
   * read inside the 'packet' event (mqtt-packet resets it to 0 right after emitting).
   */
  endFrame(packet: { cmd: string; length?: number; messageId?: number; qos?: number }, endPos: number): ProtocolError | null
}

const malformed = (message: string) => new ProtocolError(REASON_CODE.MALFORMED_PACKET, `Malformed packet: ${message}`)

/** Reads a Variable Byte Integer at `at`; null when it is cut off or longer than 4 bytes. */
function readVarInt(buf: Buffer, at: number): { value: number; bytes: number } | null {
  let value = 0
  let multiplier = 1
  for (let i = 0; i < 4 && at + i < buf.length; i++) {
    const byte = buf[at + i]!
    value += (byte & 0x7f) * multiplier
    if ((byte & 0x80) === 0) return { value, bytes: i + 1 }
    multiplier *= 0x80
  }
  return null
}

/**
 * Wraps `_parseString` and `_parseProperties` on this parser instance (not the prototype):
 * - strings must be well-formed UTF-8 without U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2] (v3.1.1 [MQTT-1.5.3-1]
 *   [MQTT-1.5.3-2]); mqtt-packet decodes with replacement characters and never complains;
 * - properties must end exactly where their Property Length says (MQTT 5 §2.2.2); mqtt-packet stores -1/null
 *   for a value cut short and reads past the declared end when a value overruns it.
 * Throws at creation if mqtt-packet no longer has these methods, so an upgrade cannot silently drop the checks.
 */
export function installParserGuards(parser: ParserInternals): ParserGuards {
  if (typeof parser._parseString !== 'function' || typeof parser._parseProperties !== 'function') {
    throw new Error('mqtt-packet internals changed: _parseString/_parseProperties not found (see parser-guards.ts)')
  }
  const parseString = parser._parseString
  const parseProperties = parser._parseProperties
  let bytes: Buffer = Buffer.alloc(0)
  let bodyStart = 0
  let violation: ProtocolError | null = null

  parser._parseString = () => {
    const start = parser._pos
    const text = parseString.call(parser)
    if (text !== null && violation === null) {
      const at = bodyStart + start
      if (text.includes('\u0000')) {
        violation = malformed(`the UTF-8 string at byte ${at} contains U+0000 [MQTT-1.5.4-2]`)
      } else if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(at + 2, bodyStart + parser._pos))) {
        // U+FFFD may be sent on purpose (EF BF BD); only the raw bytes tell a real one from a replacement.
        violation = malformed(`the UTF-8 string at byte ${at} is not well-formed UTF-8 [MQTT-1.5.4-1]`)
      }
    }
    return text
  }

  parser._parseProperties = () => {
    const start = parser._pos
    const result = parseProperties.call(parser)
    if (result === false || violation !== null) return result // false: mqtt-packet has reported an error
    const at = bodyStart + start
    const declared = readVarInt(bytes, at)
    if (declared === null) {
      const omitted = at >= bytes.length && PROPERTIES_OPTIONAL.has(bytes[0]! >> 4)
      if (!omitted) violation = malformed(`the Property Length at byte ${at} is missing or cut off (MQTT 5 §2.2.2.1)`)
    } else if (parser._pos !== start + declared.bytes + declared.value) {
      violation = malformed(`the properties at byte ${at} do not fill exactly their Property Length of ${declared.value} (MQTT 5 §2.2.2)`)
    }
    return result
  }

  return {
    beginFrame(frame) {
      bytes = frame.bytes
      bodyStart = frame.headerBytes
      violation = null
    },
    get violation() {
      return violation
    },
    endFrame(packet, endPos) {
      const name = packet.cmd.toUpperCase()
      const needsId = HAS_PACKET_ID.has(packet.cmd) && (packet.cmd !== 'publish' || (packet.qos ?? 0) > 0)
      // mqtt-packet returns -1 for a Packet Identifier cut off by the end of the packet instead of failing.
      if (needsId && packet.messageId === -1) return malformed(`${name} ends before its Packet Identifier`)
      const leftover = (packet.length ?? 0) - endPos
      if (!OPEN_ENDED.has(packet.cmd) && leftover > 0) {
        return malformed(`${leftover} unexpected byte(s) after the last field of ${name}`)
      }
      return null
    },
  }
}
