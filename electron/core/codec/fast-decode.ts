// Decodes the packets of the message path (PUBLISH, the four acknowledgments, PINGREQ) straight from
// their frame, producing the same objects mqtt-packet would. Anything unusual (v5 properties, odd
// lengths, bad UTF-8, reserved flags) returns null so mqtt-packet and its checks handle it and report
// the canonical error. The bench profile showed the general parser as the broker's next cost after writes.
import { isUtf8 } from 'node:buffer'
import type * as mqtt from 'mqtt-packet'
import type { Frame } from './packet-framer'

const PUBLISH = 3
const PUBACK = 4
const PUBREC = 5
const PUBREL = 6
const PUBCOMP = 7
const PINGREQ = 12
const ACK_CMDS: Record<number, 'puback' | 'pubrec' | 'pubrel' | 'pubcomp'> = { [PUBACK]: 'puback', [PUBREC]: 'pubrec', [PUBREL]: 'pubrel', [PUBCOMP]: 'pubcomp' }
/** The reason codes each acknowledgment may carry (MQTT 5 §3.4.2.1, §3.5.2.1, §3.6.2.1, §3.7.2.1). */
const PUBACK_PUBREC_CODES = new Set([0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99])
const PUBREL_PUBCOMP_CODES = new Set([0x00, 0x92])
const ACK_CODES: Record<number, Set<number>> = { [PUBACK]: PUBACK_PUBREC_CODES, [PUBREC]: PUBACK_PUBREC_CODES, [PUBREL]: PUBREL_PUBCOMP_CODES, [PUBCOMP]: PUBREL_PUBCOMP_CODES }
/** PUBREL's fixed header flags are 0b0010 [MQTT-3.6.1-1]; the other acks' are 0. */
const ACK_FLAGS: Record<number, number> = { [PUBACK]: 0, [PUBREC]: 0, [PUBREL]: 2, [PUBCOMP]: 0 }

/** The packet, or null when the general parser must decode this frame. */
export function decodeFast(frame: Frame, version: 3 | 4 | 5): mqtt.Packet | null {
  const bytes = frame.bytes
  const type = bytes[0]! >> 4
  const flags = bytes[0]! & 0x0f
  const start = frame.headerBytes
  const length = bytes.length - start
  if (type === PUBLISH) return decodePublish(bytes, flags, start, length, version)
  const ack = ACK_CMDS[type]
  if (ack !== undefined) {
    if (flags !== ACK_FLAGS[type]) return null
    // v5 may add a reason code (length 3) or properties (longer): only the short forms are fast.
    if (length !== 2 && !(version === 5 && length === 3)) return null
    const messageId = bytes.readUInt16BE(start)
    if (messageId === 0) return null
    if (length === 3 && !ACK_CODES[type]!.has(bytes[start + 2]!)) return null
    const packet: Record<string, unknown> = { cmd: ack, retain: false, qos: type === PUBREL ? 1 : 0, dup: false, length, topic: null, payload: null, messageId }
    if (version === 5) packet.reasonCode = length === 3 ? bytes[start + 2]! : 0
    return packet as unknown as mqtt.Packet
  }
  if (type === PINGREQ && flags === 0 && length === 0) {
    return { cmd: 'pingreq', retain: false, qos: 0, dup: false, length: 0, topic: null, payload: null } as unknown as mqtt.Packet
  }
  return null
}

function decodePublish(bytes: Buffer, flags: number, start: number, length: number, version: 3 | 4 | 5): mqtt.Packet | null {
  const qos = (flags >> 1) & 0x03
  if (qos === 3 || length < 2) return null
  const topicLength = bytes.readUInt16BE(start)
  let pos = start + 2 + topicLength
  if (pos > bytes.length) return null
  const topicBytes = bytes.subarray(start + 2, pos)
  // U+0000 and ill-formed UTF-8 are refused by the general path with their rule [MQTT-1.5.4-1], [MQTT-1.5.4-2].
  if (topicBytes.includes(0) || !isUtf8(topicBytes)) return null
  let messageId: number | undefined
  if (qos > 0) {
    if (pos + 2 > bytes.length) return null
    messageId = bytes.readUInt16BE(pos)
    pos += 2
  }
  if (version === 5) {
    // Only an empty property list (one 0x00 byte) is fast; anything else goes through mqtt-packet.
    if (pos >= bytes.length || bytes[pos] !== 0) return null
    pos += 1
  }
  const packet: Record<string, unknown> = {
    cmd: 'publish', retain: (flags & 0x01) !== 0, qos, dup: (flags & 0x08) !== 0, length,
    topic: topicBytes.toString('utf8'), payload: bytes.subarray(pos),
  }
  if (messageId !== undefined) packet.messageId = messageId
  return packet as unknown as mqtt.Packet
}
