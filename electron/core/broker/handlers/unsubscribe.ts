// UNSUBSCRIBE: removes each filter; v5 says per filter whether it existed (0x00 / 0x11) [MQTT-3.11.3-…].
import type { IUnsubscribePacket, Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'

export function handleUnsubscribe(conn: Connection, packet: IUnsubscribePacket): void {
  const ctx = conn.ctx
  const session = conn.session!
  const codes = packet.unsubscriptions.map((filter) => {
    const existed = session.subscriptions.delete(filter)
    ctx.subscriptions.remove(session.clientId, filter)
    if (existed) ctx.persister.subscriptionDeleted(session, filter)
    return existed ? 0x00 : 0x11
  })
  // 3.1.1's UNSUBACK has no payload [MQTT-3.11.3-…]; v5 carries one reason code per filter.
  conn.send((conn.protocolVersion === 5 ? { cmd: 'unsuback', messageId: packet.messageId, granted: codes } : { cmd: 'unsuback', messageId: packet.messageId }) as Packet)
}
