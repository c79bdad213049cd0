// Encodes the small fixed-shape packets the broker sends most (CONNACK for 3.1/3.1.1, the four
// acknowledgments, PINGRESP) without mqtt-packet's general generator; the rest returns null.
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
  if (p.cmd === 'pingresp') return PINGRESP
  if (p.cmd === 'connack' && version !== 5) return Buffer.from([0x20, 0x02, p.sessionPresent === true ? 1 : 0, p.returnCode ?? 0])
  return null
}
