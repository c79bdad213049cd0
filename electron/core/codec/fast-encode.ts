// Encodes the packets the broker sends most (PUBLISH without properties, CONNACK for 3.1/3.1.1, the four
// acknowledgments, PINGRESP) into one buffer each, without mqtt-packet's general generator; the rest returns null.
import type * as mqtt from 'mqtt-packet'

const ACK_TYPES: Record<string, number> = { puback: 0x40, pubrec: 0x50, pubrel: 0x62, pubcomp: 0x70 }
const PINGRESP = Buffer.from([0xd0, 0x00])

/** The bytes of `packet`, or null when mqtt-packet must encode it. */
export function encodeFast(packet: mqtt.Packet, version: 3 | 4 | 5): Buffer | null {
  const p = packet as mqtt.Packet & { messageId?: number; reasonCode?: number; properties?: object; sessionPresent?: boolean; returnCode?: number }
  const first = ACK_TYPES[p.cmd]
  if (first !== undefined) {
    if (p.properties !== undefined || p.messageId === undefined) return null
    const id = p.messageId
    const reason = p.reasonCode ?? 0
    // 3.1.1 acks carry only the packet id; v5 may drop a 0x00 reason with no properties (the short form).
    if (version !== 5 || reason === 0) return Buffer.from([first, 0x02, id >> 8, id & 0xff])
    // Otherwise reason and an empty property list, byte for byte what mqtt-packet writes.
    return Buffer.from([first, 0x04, id >> 8, id & 0xff, reason, 0x00])
  }
  if (p.cmd === 'publish') return encodePublish(packet as mqtt.IPublishPacket, version)
  if (p.cmd === 'pingresp') return PINGRESP
  if (p.cmd === 'connack' && version !== 5) return Buffer.from([0x20, 0x02, p.sessionPresent === true ? 1 : 0, p.returnCode ?? 0])
  return null
}

/** A PUBLISH without properties: fixed header, topic, packet id (QoS 1/2), an empty v5 property list, payload. */
function encodePublish(p: mqtt.IPublishPacket, version: 3 | 4 | 5): Buffer | null {
  if (p.properties !== undefined && Object.keys(p.properties).length > 0) return null
  if (typeof p.topic !== 'string' || (p.qos > 0 && p.messageId === undefined)) return null
  const payload = typeof p.payload === 'string' ? Buffer.from(p.payload) : p.payload
  const topicBytes = Buffer.byteLength(p.topic)
  const remaining = 2 + topicBytes + (p.qos > 0 ? 2 : 0) + (version === 5 ? 1 : 0) + payload.length
  const lengthBytes = remaining < 0x80 ? 1 : remaining < 0x4000 ? 2 : remaining < 0x200000 ? 3 : 4
  const out = Buffer.allocUnsafe(1 + lengthBytes + remaining)
  out[0] = 0x30 | (p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0)
  let pos = 1
  let value = remaining
  do {
    let byte = value % 0x80
    value = Math.floor(value / 0x80)
    if (value > 0) byte |= 0x80
    out[pos++] = byte
  } while (value > 0)
  out.writeUInt16BE(topicBytes, pos)
  pos += 2
  pos += out.write(p.topic, pos, 'utf8')
  if (p.qos > 0) {
    out.writeUInt16BE(p.messageId!, pos)
    pos += 2
  }
  if (version === 5) out[pos++] = 0 // property length 0
  payload.copy(out, pos)
  return out
}
