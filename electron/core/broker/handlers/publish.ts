// Inbound PUBLISH: topic alias resolution, topic and QoS checks, payload format, authorization,
// exactly-once for QoS 2 (a re-sent packet id before PUBREL is not delivered again), routing, then the ack.
import { isUtf8 } from 'node:buffer'
import { checkTopicName } from '../../../../shared/mqtt/topic'
import { ProtocolError, type IPublishPacket, type Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'
import { toBrokerMessage } from './to-broker-message'

export function handlePublish(conn: Connection, packet: IPublishPacket): void | Promise<void> {
  const ctx = conn.ctx
  const v5 = conn.protocolVersion === 5
  const session = conn.session!
  ctx.counters.messagesReceived++
  ctx.counters.publishReceived++
  session.counters.messagesIn++

  const topic = resolveTopic(conn, packet)
  if (topic === null) return
  const problem = checkTopicName(topic, { maxLevels: ctx.limits.maxTopicLevels })
  if (problem !== null) return conn.fail(new ProtocolError(v5 ? 0x90 : 0x82, `Topic Name invalid: ${problem}`))
  if (packet.qos > ctx.limits.maximumQos) {
    return conn.fail(new ProtocolError(0x9b, `QoS ${packet.qos} is not supported (maximum ${ctx.limits.maximumQos}) [MQTT-3.3.1-4 (5.0)]`))
  }
  const id = packet.messageId ?? 0
  if (packet.qos === 2 && session.inboundQos2.has(id)) {
    // Already delivered; the sender missed our PUBREC [MQTT-4.3.3-…]. Acknowledge again, deliver nothing.
    conn.send({ cmd: 'pubrec', messageId: id })
    return
  }
  // Only v5 clients are told our Receive Maximum; a 3.1.1 client cannot know it, so it is not held to it.
  if (packet.qos === 2 && v5 && session.inboundQos2.size >= ctx.limits.receiveMaximum) {
    return conn.fail(new ProtocolError(0x93, `Receive Maximum exceeded: more than ${ctx.limits.receiveMaximum} QoS 2 messages awaiting PUBREL [MQTT-3.3.4-9 (5.0)]`))
  }
  if (v5 && packet.properties?.payloadFormatIndicator === true && !isUtf8(packet.payload as Buffer)) {
    // [MQTT-3.3.2-13 (5.0)] a receiver may refuse a payload that is not the UTF-8 it claims to be.
    if (packet.qos === 0) return conn.fail(new ProtocolError(0x99, 'Payload format invalid: the payload is not valid UTF-8'))
    return acknowledge(conn, packet.qos, id, 0x99)
  }
  if (topic.startsWith('$SYS')) return refuse(conn, packet.qos, id, topic, 'clients may not publish to $SYS topics')
  const allowed = ctx.policy.authorizePublish?.(conn.info, topic) ?? true
  if (allowed instanceof Promise) {
    return allowed.then((ok) => {
      if (conn.state === 'connected') accept(conn, packet, topic, id, ok)
    })
  }
  accept(conn, packet, topic, id, allowed)
}

function accept(conn: Connection, packet: IPublishPacket, topic: string, id: number, allowed: boolean): void {
  if (!allowed) return refuse(conn, packet.qos, id, topic, 'not authorized by the ACL')
  const ctx = conn.ctx
  const message = toBrokerMessage(packet, { publisher: conn.info.clientId, now: ctx.now(), version: conn.protocolVersion, topic })
  const session = conn.session!
  if (packet.qos === 2) {
    session.inboundQos2.add(id)
    ctx.persister.inboundQos2(session, id, true)
  }
  ctx.notify('messageAccepted', conn.info, packet.qos === 0 ? null : id, message)
  const reached = ctx.route(message, conn.info)
  if (packet.qos === 0) return
  // v5 may tell the publisher nobody received it (0x10) [MQTT-3.4.2-… table 3-4].
  const code = reached === 0 && conn.protocolVersion === 5 ? 0x10 : 0x00
  // Acknowledged only once durable; acks keep their order because callbacks run in registration order.
  ctx.persister.afterDurable((err) => {
    if (conn.state !== 'connected') return
    if (err === null) return acknowledge(conn, packet.qos, id, code)
    refuseUnstored(conn, packet.qos, id, err)
  })
}

/**
 * The message could not be made durable (disk full, read-only): v5 is told with 0x97 Quota exceeded;
 * 3.1.1 has no way to refuse a PUBLISH, so the connection is closed and the client will re-send.
 */
function refuseUnstored(conn: Connection, qos: 0 | 1 | 2, id: number, err: Error): void {
  if (qos === 2) {
    conn.session!.inboundQos2.delete(id)
  }
  if (conn.protocolVersion === 5) return acknowledge(conn, qos, id, 0x97)
  conn.fail(new ProtocolError(0x80, `Cannot store the message: ${err.message}`))
}

/** Refuses quietly for 3.1.1 (which has no way to say so) and with 0x87 for v5 [MQTT-3.3.5-2]. */
function refuse(conn: Connection, qos: 0 | 1 | 2, id: number, topic: string, why: string): void {
  conn.ctx.countDrop(conn.info.clientId, topic, 'not-authorized')
  conn.ctx.log.info(`Dropped PUBLISH from ${conn.info.clientId} to '${topic}': ${why}`)
  acknowledge(conn, qos, id, conn.protocolVersion === 5 ? 0x87 : 0x00)
}

function acknowledge(conn: Connection, qos: 0 | 1 | 2, id: number, reasonCode: number): void {
  if (qos === 0) return
  const cmd = qos === 1 ? 'puback' : 'pubrec'
  const packet = conn.protocolVersion === 5 && reasonCode !== 0 ? { cmd, messageId: id, reasonCode } : { cmd, messageId: id }
  conn.send(packet as Packet)
}

/** The topic of a PUBLISH after Topic Alias handling (v5), or null when the connection was failed. */
function resolveTopic(conn: Connection, packet: IPublishPacket): string | null {
  const alias = conn.protocolVersion === 5 ? packet.properties?.topicAlias : undefined
  if (alias === undefined) {
    if (packet.topic === '') {
      conn.fail(new ProtocolError(0x82, 'Protocol error: an empty topic name needs a Topic Alias [MQTT-3.3.2-1]'))
      return null
    }
    return packet.topic
  }
  const max = conn.ctx.limits.topicAliasMaximum
  if (alias === 0 || alias > max) {
    conn.fail(new ProtocolError(0x94, `Topic Alias invalid: ${alias} is outside 1..${max} [MQTT-3.3.2-9 (5.0)]`))
    return null
  }
  if (packet.topic !== '') {
    conn.inboundAliases.set(alias, packet.topic)
    return packet.topic
  }
  const known = conn.inboundAliases.get(alias)
  if (known === undefined) {
    conn.fail(new ProtocolError(0x82, `Protocol error: Topic Alias ${alias} was never set on this connection`))
    return null
  }
  return known
}
