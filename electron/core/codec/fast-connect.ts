// Decodes a plain CONNECT (no will, no MQTT 5 properties) straight from its frame into the object
// mqtt-packet would make; anything else returns null for mqtt-packet and its checks. Connection storms
// spend most of their broker time here.
import { isUtf8 } from 'node:buffer'
import type * as mqtt from 'mqtt-packet'
import type { Frame } from './packet-framer'

const USERNAME_FLAG = 0x80
const PASSWORD_FLAG = 0x40
const CLEAN_FLAG = 0x02
/** Will flag, will QoS, will retain and the reserved bit: any of them sends the frame to the general parser. */
const SLOW_FLAGS = 0x04 | 0x18 | 0x20 | 0x01

/** The CONNECT packet, or null when the general parser must decode this frame. */
export function decodeFastConnect(frame: Frame): mqtt.IConnectPacket | null {
  const b = frame.bytes
  if (b[0] !== 0x10) return null
  let pos = frame.headerBytes
  const end = b.length
  const nameLength = pos + 2 <= end ? b.readUInt16BE(pos) : -1
  let protocolId: 'MQTT' | 'MQIsdp'
  if (nameLength === 4 && b.toString('latin1', pos + 2, pos + 6) === 'MQTT') protocolId = 'MQTT'
  else if (nameLength === 6 && b.toString('latin1', pos + 2, pos + 8) === 'MQIsdp') protocolId = 'MQIsdp'
  else return null
  pos += 2 + nameLength
  if (pos + 4 > end) return null
  const version = b[pos]!
  if (!(protocolId === 'MQTT' ? version === 4 || version === 5 : version === 3)) return null
  const flags = b[pos + 1]!
  if ((flags & SLOW_FLAGS) !== 0) return null
  const hasUsername = (flags & USERNAME_FLAG) !== 0
  const hasPassword = (flags & PASSWORD_FLAG) !== 0
  if (hasPassword && !hasUsername && version !== 5) return null // [MQTT-3.1.2-22 (3.1.1)]: let the parser say so
  const keepalive = b.readUInt16BE(pos + 2)
  pos += 4
  if (version === 5) {
    if (pos >= end || b[pos] !== 0) return null // properties present
    pos += 1
  }
  const clientId = readString(b, pos, end)
  if (clientId === null) return null
  pos = clientId.next
  const packet: Record<string, unknown> = {
    cmd: 'connect', retain: false, qos: 0, dup: false, length: end - frame.headerBytes, topic: null, payload: null,
    protocolId, protocolVersion: version, clean: (flags & CLEAN_FLAG) !== 0, keepalive, clientId: clientId.text,
  }
  if (hasUsername) {
    const username = readString(b, pos, end)
    if (username === null) return null
    packet.username = username.text
    pos = username.next
  }
  if (hasPassword) {
    if (pos + 2 > end) return null
    const length = b.readUInt16BE(pos)
    if (pos + 2 + length > end) return null
    packet.password = b.subarray(pos + 2, pos + 2 + length)
    pos += 2 + length
  }
  return pos === end ? (packet as unknown as mqtt.IConnectPacket) : null
}

/** A UTF-8 string with a 2-byte length, well formed and without U+0000 [MQTT-1.5.4-1], [MQTT-1.5.4-2]. */
function readString(b: Buffer, pos: number, end: number): { text: string; next: number } | null {
  if (pos + 2 > end) return null
  const length = b.readUInt16BE(pos)
  const next = pos + 2 + length
  if (next > end) return null
  const bytes = b.subarray(pos + 2, next)
  if (bytes.includes(0) || !isUtf8(bytes)) return null
  return { text: bytes.toString('utf8'), next }
}
