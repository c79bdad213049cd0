// Builds the PUBLISH packet for one delivery to one connection: version-specific properties, the
// remaining message expiry, subscription identifiers and outbound topic aliases.
import { encodePacket, type IPublishPacket, type ProtocolVersion } from '../codec/mqtt-codec'
import type { Connection } from './connection'
import { remainingExpirySeconds, type BrokerMessage, type Delivery } from './message'

/**
 * QoS 0 PUBLISH bytes shared by every subscriber that gets the same encoding: one encode per message
 * and (version family, RETAIN) instead of one per subscriber, which dominated fan-out. Only packets
 * without properties qualify (aliases and subscription identifiers differ per subscriber).
 */
const qos0Encodings = new WeakMap<BrokerMessage, Array<Buffer | undefined>>()

/** The shared encoding of a QoS 0 packet built for `message`, or undefined when it must be encoded alone. */
export function sharedQos0Encoding(packet: IPublishPacket, message: BrokerMessage, version: ProtocolVersion): Buffer | undefined {
  if (packet.properties !== undefined || packet.topic !== message.topic) return undefined
  // 3.1 and 3.1.1 encode PUBLISH identically; v5 adds a property length byte.
  const slot = (version === 5 ? 2 : 0) + (packet.retain ? 1 : 0)
  let cache = qos0Encodings.get(message)
  if (cache === undefined) qos0Encodings.set(message, (cache = []))
  return (cache[slot] ??= encodePacket(packet, version))
}

/** The packet to write; `packetId` is null for QoS 0. */
export function buildOutgoingPublish(conn: Connection, delivery: Delivery, packetId: number | null, dup: boolean, now: number): IPublishPacket {
  const { message } = delivery
  const packet: IPublishPacket = {
    cmd: 'publish',
    topic: message.topic,
    payload: message.payload,
    qos: delivery.qos,
    retain: delivery.retain,
    dup,
  }
  if (packetId !== null) packet.messageId = packetId
  if (conn.protocolVersion !== 5) return packet
  const properties: NonNullable<IPublishPacket['properties']> = {}
  const forwarded = message.properties
  if (forwarded !== null) {
    // Forwarded unaltered [MQTT-3.3.2-4], [MQTT-3.3.2-15], [MQTT-3.3.2-16], [MQTT-3.3.2-17], [MQTT-3.3.2-20].
    if (forwarded.payloadFormatIndicator !== undefined) properties.payloadFormatIndicator = forwarded.payloadFormatIndicator
    if (forwarded.contentType !== undefined) properties.contentType = forwarded.contentType
    if (forwarded.responseTopic !== undefined) properties.responseTopic = forwarded.responseTopic
    if (forwarded.correlationData !== undefined) properties.correlationData = forwarded.correlationData
    if (forwarded.userProperties !== undefined) properties.userProperties = forwarded.userProperties
  }
  // The receiver sees the time left, not the original interval [MQTT-3.3.2-6].
  const expiry = remainingExpirySeconds(message, now)
  if (expiry !== null) properties.messageExpiryInterval = expiry
  if (delivery.subscriptionIds.length === 1) properties.subscriptionIdentifier = delivery.subscriptionIds[0]!
  else if (delivery.subscriptionIds.length > 1) properties.subscriptionIdentifier = [...delivery.subscriptionIds]
  applyTopicAlias(conn, packet, properties)
  if (Object.keys(properties).length > 0) packet.properties = properties
  return packet
}

/**
 * Uses the client's Topic Alias Maximum: a topic seen before goes out as its alias with an empty name;
 * a new one gets the next free alias while there is room [MQTT-3.3.2-…]. No aliases on re-sends, whose
 * aliases the client forgot when the connection dropped.
 */
function applyTopicAlias(conn: Connection, packet: IPublishPacket, properties: NonNullable<IPublishPacket['properties']>): void {
  const max = conn.clientLimits.topicAliasMaximum
  if (max === 0 || packet.dup) return
  const known = conn.outboundAliases.get(packet.topic)
  if (known !== undefined) {
    properties.topicAlias = known
    packet.topic = ''
    return
  }
  if (conn.outboundAliases.size < max) {
    const alias = conn.outboundAliases.size + 1
    conn.outboundAliases.set(packet.topic, alias)
    properties.topicAlias = alias
  }
}
