// `-v`: one readable line per packet, in and out, e.g. "→ sensor-1 PUBLISH q1 id=7 'home/temp' (4 bytes)".
import { formatReasonCode, type ReasonCodePacket } from '../../../shared/mqtt/reason-codes'
import type { BrokerObserver, ClientInfo } from './hooks'

type AnyPacket = Readonly<Record<string, unknown>> & { cmd: string }

/** An observer that writes one line per packet through `write`. */
export function packetLogObserver(write: (line: string) => void): BrokerObserver {
  const line = (arrow: string, client: ClientInfo, packet: AnyPacket) => write(`${arrow} ${client.clientId || client.address} ${describePacket(packet, client.protocolVersion)}`)
  return {
    packetIn: (client, packet) => line('←', client, packet),
    packetOut: (client, packet) => line('→', client, packet),
    protocolError: (e) => write(`✗ ${e.clientId ?? e.address} ${e.message}`),
  }
}

/** A compact description of a packet for logs. */
export function describePacket(p: AnyPacket, version: 3 | 4 | 5): string {
  const name = p.cmd.toUpperCase()
  const id = typeof p.messageId === 'number' ? ` id=${p.messageId}` : ''
  const reason = typeof p.reasonCode === 'number' && p.reasonCode !== 0 ? ` ${formatReasonCode(p.reasonCode, p.cmd as ReasonCodePacket, version)}` : ''
  switch (p.cmd) {
    case 'connect':
      return `CONNECT v${p.protocolVersion === 3 ? '3.1' : p.protocolVersion === 4 ? '3.1.1' : '5'} id='${String(p.clientId)}' clean=${p.clean ? 1 : 0} keepalive=${String(p.keepalive)}${p.username !== undefined ? ` user='${String(p.username)}'` : ''}${p.will ? ' will' : ''}`
    case 'connack':
      return `CONNACK present=${p.sessionPresent ? 1 : 0} ${version === 5 ? formatReasonCode(Number(p.reasonCode ?? 0), 'connack', 5) : `rc=${String(p.returnCode)}`}`
    case 'publish': {
      const size = (p.payload as { length?: number } | null)?.length ?? 0
      return `PUBLISH q${String(p.qos)}${p.retain ? ' retain' : ''}${p.dup ? ' dup' : ''}${id} '${String(p.topic)}' (${size} bytes)`
    }
    case 'subscribe':
      return `SUBSCRIBE${id} ${(p.subscriptions as Array<{ topic: string; qos: number }>).map((s) => `'${s.topic}' q${s.qos}`).join(', ')}`
    case 'suback':
      return `SUBACK${id} [${(p.granted as number[]).map((g) => `0x${g.toString(16).padStart(2, '0')}`).join(', ')}]`
    case 'unsubscribe':
      return `UNSUBSCRIBE${id} ${(p.unsubscriptions as string[]).map((t) => `'${t}'`).join(', ')}`
    default:
      return `${name}${id}${reason}`
  }
}
