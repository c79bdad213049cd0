// The only importer of mqtt-packet: a per-socket decoder (size limit, server-side checks, errors as ProtocolError)
// and encodePacket. Holds no broker state except the protocol version learnt from the connection's CONNECT.
import * as mqtt from 'mqtt-packet'
import { PacketFramer, type Frame } from './packet-framer'
import { installParserGuards, type ParserInternals } from './parser-guards'
import { ProtocolError, REASON_CODE } from './protocol-error'
import { validatePacket } from './validate-packet'
import { decodeFast } from './fast-decode'
import { decodeFastConnect } from './fast-connect'
import { encodeFast } from './fast-encode'

/** mqtt-packet's packet types, re-exported so nothing outside codec/ imports mqtt-packet (B2). */
export type {
  IAuthPacket, IConnackPacket, IConnectPacket, IDisconnectPacket, IPingreqPacket, IPingrespPacket, IPubackPacket,
  IPubcompPacket, IPublishPacket, IPubrecPacket, IPubrelPacket, ISubackPacket, ISubscribePacket, ISubscription,
  IUnsubackPacket, IUnsubscribePacket, Packet, PacketCmd, QoS, UserProperties,
} from 'mqtt-packet'
export { ProtocolError, REASON_CODE } from './protocol-error'

/** Protocol level from CONNECT: 3 = MQTT 3.1 ("MQIsdp"), 4 = 3.1.1, 5 = 5.0. */
export type ProtocolVersion = 3 | 4 | 5

/** Options of {@link createDecoder}. */
export interface DecoderOptions {
  /** Largest packet accepted, fixed header included (the same unit as MQTT 5 Maximum Packet Size). */
  maxPacketBytes: number
  /** Called once per packet, in arrival order, synchronously inside push(). */
  onPacket(packet: mqtt.Packet): void
  /** Called at most once; after it nothing more is emitted and further input is ignored. */
  onError(error: ProtocolError): void
  /** Start in this version, for a client-side decoder that never sees a CONNECT. Default: learnt from CONNECT. */
  protocolVersion?: ProtocolVersion
}

/** One socket's decoder, from {@link createDecoder}. */
export interface PacketDecoder {
  /**
   * Feeds bytes as they arrive. Never throws because of the bytes. An exception thrown by onPacket/onError
   * propagates out of push(); the bytes after that packet stay queued and are decoded on the next push().
   */
  push(chunk: Buffer): void
  /**
   * The level of the first CONNECT (read from its header even when that CONNECT then fails, so the connection
   * can answer with a CONNACK in the client's format), `opts.protocolVersion` before it, else null.
   */
  readonly protocolVersion: ProtocolVersion | null
}

const MALFORMED = REASON_CODE.MALFORMED_PACKET

/**
 * How mqtt-packet's error messages map to reason codes, with the rule each one enforces. Anything not listed
 * is a Malformed Packet (0x81) with mqtt-packet's message as is: cut-off fields, unknown properties, reason codes
 * not defined for the packet, bad SUBACK/UNSUBACK/CONNACK contents…
 */
const ERROR_MAP: ReadonlyArray<{ match: RegExp; reasonCode: number; rule: string }> = [
  { match: /^Invalid header flag bits/, reasonCode: MALFORMED, rule: '[MQTT-2.2.2-2]' },
  { match: /^Not supported$/, reasonCode: MALFORMED, rule: '(packet type 0 is reserved)' },
  { match: /^Packet must not have both QoS bits/, reasonCode: MALFORMED, rule: '[MQTT-3.3.1-4]' },
  { match: /^Connect flag bit 0 must be 0/, reasonCode: MALFORMED, rule: '[MQTT-3.1.2-3]' },
  { match: /^Will QoS must be set to zero/, reasonCode: MALFORMED, rule: '[MQTT-3.1.2-13]' },
  { match: /^Will Retain Flag must be set to zero/, reasonCode: MALFORMED, rule: '[MQTT-3.1.2-15]' },
  { match: /^Invalid subscribe topic flag bits/, reasonCode: MALFORMED, rule: '[MQTT-3.8.3-4]' },
  { match: /^Invalid subscribe QoS/, reasonCode: MALFORMED, rule: '[MQTT-3.8.3-4]' },
  // Not a protocol we speak: v3.1.1 answers CONNACK 0x01 [MQTT-3.1.2-2], MQTT 5 answers CONNACK 0x84.
  { match: /^Invalid protocolId$/, reasonCode: REASON_CODE.UNSUPPORTED_PROTOCOL_VERSION, rule: '[MQTT-3.1.2-1]' },
  { match: /^Invalid protocol version$/, reasonCode: REASON_CODE.UNSUPPORTED_PROTOCOL_VERSION, rule: '[MQTT-3.1.2-2]' },
  // "It is a Protocol Error to send a Retain Handling value of 3".
  { match: /^Invalid retain handling/, reasonCode: REASON_CODE.PROTOCOL_ERROR, rule: '(MQTT 5 §3.8.3.1)' },
]

const PREFIX: Record<number, string> = {
  [REASON_CODE.MALFORMED_PACKET]: 'Malformed packet',
  [REASON_CODE.PROTOCOL_ERROR]: 'Protocol error',
  [REASON_CODE.UNSUPPORTED_PROTOCOL_VERSION]: 'Unsupported protocol',
}

/** Wraps an error raised by mqtt-packet (or thrown inside it) as a ProtocolError, keeping its message. */
function fromParserError(err: unknown): ProtocolError {
  const message = err instanceof Error ? err.message : String(err)
  const mapped = ERROR_MAP.find((m) => m.match.test(message))
  if (mapped === undefined) return new ProtocolError(MALFORMED, `Malformed packet: ${message}`)
  return new ProtocolError(mapped.reasonCode, `${PREFIX[mapped.reasonCode]}: ${message} ${mapped.rule}`)
}

const CONNECT_TYPE = 1
const MIN_PACKET_BYTES = 2

/** The level byte of a CONNECT frame whose protocol name we know, or null (the parser will report why). */
function peekConnectVersion(frame: Frame): ProtocolVersion | null {
  const body = frame.bytes.subarray(frame.headerBytes)
  if (body.length < 2) return null
  const nameLength = body.readUInt16BE(0)
  const name = body.toString('latin1', 2, 2 + nameLength)
  const level = (body[2 + nameLength] ?? 0) & 0x7f // 0x80 is mqtt-packet's "bridge mode" bit
  const known = name === 'MQTT' || name === 'MQIsdp'
  return known && (level === 3 || level === 4 || level === 5) ? level : null
}

/**
 * Creates the decoder for one socket. Bytes go through a framer that reads only the fixed header, so a packet
 * declared larger than `maxPacketBytes` fails with 0x95 before its body is kept; each whole packet is then parsed
 * by one mqtt-packet parser (which carries the CONNECT's version to later packets), checked by parser-guards.ts
 * and validate-packet.ts, and emitted. The first problem calls `onError` once; the decoder then stays failed.
 * A second CONNECT is a Protocol Error [MQTT-3.1.0-2] (mqtt-packet would let it switch the version).
 */
export function createDecoder(opts: DecoderOptions): PacketDecoder {
  if (!Number.isInteger(opts.maxPacketBytes) || opts.maxPacketBytes < MIN_PACKET_BYTES) {
    throw new RangeError(`maxPacketBytes must be an integer ≥ ${MIN_PACKET_BYTES}, got ${opts.maxPacketBytes}`)
  }
  let version: ProtocolVersion | null = opts.protocolVersion ?? null
  const framer = new PacketFramer(opts.maxPacketBytes)
  let connectSeen = false
  let bridgeMode: boolean | undefined
  let failed = false
  let emitted: { packet: mqtt.Packet; endPos: number } | null = null
  let parserError: ProtocolError | null = null

  // mqtt-packet's parser is made on first need: with the fast paths most connections never need it.
  let slow: { parser: mqtt.Parser; internals: ParserInternals; guards: ReturnType<typeof installParserGuards> } | null = null
  function slowParser(): NonNullable<typeof slow> {
    if (slow !== null) return slow
    const parser = mqtt.parser(version === null ? {} : { protocolVersion: version })
    const internals = parser as unknown as ParserInternals
    if (connectSeen) internals.settings = { protocolVersion: version ?? 4, bridgeMode }
    parser.on('packet', (packet: mqtt.Packet) => {
      emitted = { packet, endPos: internals._pos }
    })
    parser.on('error', (err: unknown) => {
      parserError ??= fromParserError(err)
    })
    return (slow = { parser, internals, guards: installParserGuards(internals) })
  }

  function afterConnect(packet: mqtt.IConnectPacket): void {
    connectSeen = true
    version = packet.protocolVersion ?? 4
    bridgeMode = (packet as { bridgeMode?: boolean }).bridgeMode
    // mqtt-packet keeps the CONNECT object itself as its settings; keep a copy so handlers may mutate the packet.
    if (slow !== null) slow.internals.settings = { protocolVersion: version, bridgeMode }
  }

  function decodeFrame(frame: Frame): mqtt.Packet | ProtocolError {
    const isConnect = frame.bytes[0]! >> 4 === CONNECT_TYPE
    if (isConnect && connectSeen) {
      return new ProtocolError(REASON_CODE.PROTOCOL_ERROR, 'Protocol error: a second CONNECT on this connection [MQTT-3.1.0-2]')
    }
    if (isConnect) {
      version = peekConnectVersion(frame) ?? version
      const fast = decodeFastConnect(frame)
      if (fast !== null) {
        const invalid = validatePacket(fast, version ?? 4)
        if (invalid !== null) return invalid
        afterConnect(fast)
        return fast
      }
    } else if (connectSeen) {
      const fast = decodeFast(frame, version ?? 4)
      if (fast !== null) return validatePacket(fast, version ?? 4) ?? fast
    }
    emitted = null
    parserError = null
    const { parser, guards } = slowParser()
    guards.beginFrame(frame)
    try {
      parser.parse(frame.bytes)
    } catch (err) {
      return fromParserError(err)
    }
    // Set by the 'packet' listener during parse(); the cast undoes TypeScript's narrowing to null above.
    const result = emitted as { packet: mqtt.Packet; endPos: number } | null
    const problem = guards.violation ?? parserError
    if (problem !== null) return problem
    if (result === null) return new ProtocolError(REASON_CODE.MALFORMED_PACKET, 'Malformed packet: no packet could be read')
    const { packet, endPos } = result
    const invalid = guards.endFrame(packet, endPos) ?? validatePacket(packet, version ?? 4)
    if (invalid !== null) return invalid
    if (packet.cmd === 'connect') afterConnect(packet)
    return packet
  }

  function fail(error: ProtocolError): void {
    failed = true
    framer.clear()
    opts.onError(error)
  }

  return {
    push(chunk: Buffer): void {
      if (failed) return
      framer.append(chunk)
      while (!failed) {
        let result: mqtt.Packet | ProtocolError | null
        try {
          const frame = framer.next()
          result = frame === null || frame instanceof ProtocolError ? frame : decodeFrame(frame)
        } catch (err) {
          // Only a bug in the checks above could get here; the peer still gets a clean Malformed Packet.
          result = new ProtocolError(REASON_CODE.MALFORMED_PACKET, `Malformed packet: decoder fault: ${String(err)}`)
        }
        if (result === null) return
        if (result instanceof ProtocolError) fail(result)
        else opts.onPacket(result)
      }
    },
    get protocolVersion() {
      return version
    },
  }
}

/**
 * Encodes a packet with mqtt-packet's `generate` for the connection's protocol version (CONNECT uses its own
 * `protocolVersion` field instead). MQTT 5 acknowledgements should set `reasonCode`: without it mqtt-packet
 * writes a 0x00 reason and an empty property list rather than the 2-byte short form.
 * @throws Error with mqtt-packet's message when the packet cannot be encoded (a missing messageId, a bad
 * property…): that is a bug in the caller, not in the peer.
 */
export function encodePacket(packet: mqtt.Packet, protocolVersion: ProtocolVersion): Buffer {
  return encodeFast(packet, protocolVersion) ?? mqtt.generate(packet, { protocolVersion })
}

/**
 * Runs each decode and encode path once with throwaway packets, so the first real clients do not pay for
 * mqtt-packet's lazy tables and module loading (measurable in a connection storm on a fresh broker).
 */
export function warmUpCodec(): void {
  const packets: mqtt.Packet[] = []
  const decoder = createDecoder({ maxPacketBytes: 1024, onPacket: (p) => packets.push(p), onError: () => undefined })
  decoder.push(mqtt.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'warm-up', clean: true, keepalive: 0, properties: { sessionExpiryInterval: 1 } }))
  decoder.push(mqtt.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/+', qos: 1 }] }, { protocolVersion: 5 }))
  decoder.push(mqtt.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 1, messageId: 2, retain: false, dup: false }, { protocolVersion: 5 }))
  encodePacket({ cmd: 'connack', sessionPresent: false, reasonCode: 0, properties: { receiveMaximum: 10 } }, 5)
  encodePacket({ cmd: 'suback', messageId: 1, granted: [1] }, 4)
  encodePacket({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 0, retain: false, dup: false, properties: { contentType: 'x' } }, 5)
}
