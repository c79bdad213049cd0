// Turns the packets of a QoS exchange (PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP) into FlowSteps for the
// sequence diagrams; other packets are not part of a message's flow.
import type { Packet } from '../codec/mqtt-codec'
import type { FlowStep } from './hooks'

const FLOW_CMDS = new Set(['publish', 'puback', 'pubrec', 'pubrel', 'pubcomp'])

/** The flow step a packet makes, or null when it is not part of a QoS exchange. */
export function flowStepOf(clientId: string, packet: Packet, direction: 'in' | 'out', at: number): FlowStep | null {
  if (!FLOW_CMDS.has(packet.cmd)) return null
  const p = packet as Packet & { messageId?: number; qos?: number; dup?: boolean; topic?: string; reasonCode?: number }
  const isPublish = packet.cmd === 'publish'
  return {
    clientId,
    direction,
    cmd: packet.cmd,
    packetId: p.messageId ?? null,
    qos: isPublish ? ((p.qos ?? 0) as 0 | 1 | 2) : null,
    dup: isPublish && p.dup === true,
    topic: isPublish ? (p.topic ?? null) : null,
    reasonCode: p.reasonCode ?? null,
    at,
  }
}
