// Acknowledgments from the client: PUBACK and PUBCOMP end an outbound message's handshake (making room
// in the inflight window), PUBREC moves QoS 2 on to PUBREL, and PUBREL releases an inbound QoS 2 id.
import type { IPubackPacket, IPubcompPacket, IPubrecPacket, IPubrelPacket, Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'
import type { OutboundState } from '../inflight'
import { pumpSession } from '../session-delivery'

export function handlePuback(conn: Connection, packet: IPubackPacket): void {
  finishOutbound(conn, packet.messageId ?? 0, 'awaiting-puback')
}

/** PUBACK (QoS 1) and PUBCOMP (QoS 2) end a message's handshake and free its inflight slot. */
function finishOutbound(conn: Connection, id: number, expected: OutboundState): void {
  const session = conn.session!
  const entry = session.outbound.get(id)
  // An unknown id is ignored: it may be a late duplicate of an ack already processed.
  if (entry === undefined || entry.state !== expected) return
  session.outbound.delete(id)
  conn.ctx.persister.deliveryFinished(session, entry)
  pumpSession(session, conn)
}

export function handlePubrec(conn: Connection, packet: IPubrecPacket): void {
  const session = conn.session!
  const id = packet.messageId ?? 0
  const entry = session.outbound.get(id)
  if (entry === undefined) {
    // v5: say the id is unknown [MQTT-3.6.2 table]; 3.1.1 answers PUBREL anyway so the client can finish.
    conn.send((conn.protocolVersion === 5 ? { cmd: 'pubrel', messageId: id, reasonCode: 0x92 } : { cmd: 'pubrel', messageId: id }) as Packet)
    return
  }
  if ((packet.reasonCode ?? 0) >= 0x80) {
    // The receiver refused the message: its QoS 2 flow ends here [MQTT-4.3.3-… (5.0)].
    session.outbound.delete(id)
    conn.ctx.persister.deliveryFinished(session, entry)
    pumpSession(session, conn)
    return
  }
  entry.state = 'awaiting-pubcomp'
  conn.ctx.persister.deliveryStateChanged(session, entry)
  // PUBREL only once 'awaiting-pubcomp' is durable: after a crash the broker must not re-send a PUBLISH the
  // subscriber has already released, or it would be delivered twice.
  conn.ctx.persister.afterDurable(() => {
    if (conn.state === 'connected') conn.send({ cmd: 'pubrel', messageId: id })
  })
}

export function handlePubrel(conn: Connection, packet: IPubrelPacket): void {
  const id = packet.messageId ?? 0
  const session = conn.session!
  const known = session.inboundQos2.delete(id)
  if (known) conn.ctx.persister.inboundQos2(session, id, false)
  const reply = !known && conn.protocolVersion === 5 ? { cmd: 'pubcomp', messageId: id, reasonCode: 0x92 } : { cmd: 'pubcomp', messageId: id }
  // Released only once durable: a crash before that must not let the same id be taken for a new message.
  // A clean session stores nothing, and PUBCOMP has no order to keep with other acks [MQTT-4.6.0-…]: send now.
  if (session.expiryIntervalS === 0) {
    conn.send(reply as Packet)
    return
  }
  conn.ctx.persister.afterDurable(() => {
    if (conn.state === 'connected') conn.send(reply as Packet)
  })
}

export function handlePubcomp(conn: Connection, packet: IPubcompPacket): void {
  finishOutbound(conn, packet.messageId ?? 0, 'awaiting-pubcomp')
}
