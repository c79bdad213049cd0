// How a traced packet reads on an arrow: its name, packet id, QoS and flags, topic, and reason code by its
// spec name, in the protocol version of that connection.
import type { TraceEvent } from '../model/lab-trace'
import { reasonCodeName, type ReasonCodePacket } from '../mqtt/reason-codes'

const WITH_REASON = new Set<string>(['connack', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'disconnect', 'auth', 'unsuback'])

export function packetLabel(e: TraceEvent): string {
  const parts = [e.cmd.toUpperCase()]
  if (e.packetId !== null) parts.push(`#${e.packetId}`)
  if (e.cmd === 'publish') {
    parts.push(`QoS ${e.qos ?? 0}`)
    if (e.dup) parts.push('DUP')
    if (e.retain) parts.push('RETAIN')
    if (e.topic !== null) parts.push(e.topic)
    if (e.willOf !== undefined) parts.push(`(will of ${e.willOf})`)
  }
  if (e.reasonCode !== null && WITH_REASON.has(e.cmd) && !(e.reasonCode === 0 && e.cmd !== 'connack')) {
    parts.push(`· ${reasonCodeName(e.reasonCode, e.cmd as ReasonCodePacket, e.protocolVersion)}`)
  }
  if (e.cmd === 'suback' && e.granted !== null) parts.push(`· ${e.granted.map((g) => reasonCodeName(g, 'suback', e.protocolVersion)).join(', ')}`)
  if (e.fault !== null) parts.push(`[${e.fault === 'drop' ? 'lost' : e.fault}]`)
  return parts.join(' ')
}
