// Spec rules for a decoded packet that mqtt-packet does not check: pure, no state, no I/O.
// Topic filter syntax is NOT checked here: the subscribe handler answers bad filters one by one in SUBACK.
import type { IConnectPacket, IPublishPacket, Packet, ProtocolVersion } from './mqtt-codec'
import { ProtocolError, REASON_CODE } from './protocol-error'

type Cmd = Packet['cmd']

const ACK_PROPERTIES = new Set(['reasonString', 'userProperties'])

/** MQTT 5 properties each packet may carry (MQTT 5 §3.x.2.x property lists). Anything else is malformed (§2.2.2.2). */
const ALLOWED_PROPERTIES: Record<Cmd, ReadonlySet<string>> = {
  connect: new Set(['sessionExpiryInterval', 'receiveMaximum', 'maximumPacketSize', 'topicAliasMaximum',
    'requestResponseInformation', 'requestProblemInformation', 'userProperties', 'authenticationMethod', 'authenticationData']),
  connack: new Set(['sessionExpiryInterval', 'receiveMaximum', 'maximumQoS', 'retainAvailable', 'maximumPacketSize',
    'assignedClientIdentifier', 'topicAliasMaximum', 'reasonString', 'userProperties', 'wildcardSubscriptionAvailable',
    'subscriptionIdentifiersAvailable', 'sharedSubscriptionAvailable', 'serverKeepAlive', 'responseInformation',
    'serverReference', 'authenticationMethod', 'authenticationData']),
  publish: new Set(['payloadFormatIndicator', 'messageExpiryInterval', 'topicAlias', 'responseTopic', 'correlationData',
    'userProperties', 'subscriptionIdentifier', 'contentType']),
  puback: ACK_PROPERTIES,
  pubrec: ACK_PROPERTIES,
  pubrel: ACK_PROPERTIES,
  pubcomp: ACK_PROPERTIES,
  subscribe: new Set(['subscriptionIdentifier', 'userProperties']),
  suback: ACK_PROPERTIES,
  unsubscribe: new Set(['userProperties']),
  unsuback: ACK_PROPERTIES,
  pingreq: new Set(),
  pingresp: new Set(),
  disconnect: new Set(['sessionExpiryInterval', 'reasonString', 'userProperties', 'serverReference']),
  auth: new Set(['authenticationMethod', 'authenticationData', 'reasonString', 'userProperties']),
}
/** Will Properties (MQTT 5 §3.1.3.2). */
const WILL_PROPERTIES: ReadonlySet<string> = new Set(['willDelayInterval', 'payloadFormatIndicator', 'messageExpiryInterval',
  'contentType', 'responseTopic', 'correlationData', 'userProperties'])

const protocolError = (message: string) => new ProtocolError(REASON_CODE.PROTOCOL_ERROR, `Protocol error: ${message}`)
const malformed = (message: string) => new ProtocolError(REASON_CODE.MALFORMED_PACKET, `Malformed packet: ${message}`)

/**
 * Checks the rules a server must enforce beyond what mqtt-packet parses. Returns the first broken rule as a
 * ProtocolError, or null. `protocolVersion` is the connection's (CONNECT is checked against its own level).
 */
export function validatePacket(packet: Packet, protocolVersion: ProtocolVersion): ProtocolError | null {
  const version = packet.cmd === 'connect' ? packet.protocolVersion ?? 4 : protocolVersion
  const name = packet.cmd.toUpperCase()
  const byType = checkByType(packet, version)
  if (byType !== null) return byType
  const props = (packet as { properties?: Record<string, unknown> }).properties
  if (version === 5 && props !== undefined) return checkProperties(props, ALLOWED_PROPERTIES[packet.cmd], packet.cmd, name)
  return null
}

function checkByType(packet: Packet, version: ProtocolVersion): ProtocolError | null {
  switch (packet.cmd) {
    case 'connect':
      return checkConnect(packet, version)
    case 'publish':
      return checkPublish(packet, version)
    case 'subscribe':
      return checkPacketId(packet.messageId, 'SUBSCRIBE') ?? (packet.subscriptions.length === 0
        ? protocolError('SUBSCRIBE without any Topic Filter [MQTT-3.8.3-3]') : null)
    case 'unsubscribe':
      return checkPacketId(packet.messageId, 'UNSUBSCRIBE') ?? (packet.unsubscriptions.length === 0
        ? protocolError('UNSUBSCRIBE without any Topic Filter [MQTT-3.10.3-2]') : null)
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'suback':
    case 'unsuback':
      // An acknowledgement echoes an identifier that [MQTT-2.3.1-1] forbids from being 0.
      return checkPacketId(packet.messageId, packet.cmd.toUpperCase())
    default:
      return null
  }
}

/** [MQTT-2.3.1-1] (MQTT 5 [MQTT-2.2.1-3]): Packet Identifiers are non-zero. */
function checkPacketId(messageId: number | undefined, name: string): ProtocolError | null {
  return messageId === 0 ? protocolError(`${name} with Packet Identifier 0 [MQTT-2.3.1-1]`) : null
}

function checkConnect(packet: IConnectPacket, version: ProtocolVersion): ProtocolError | null {
  // MQIsdp is MQTT 3.1 (level 3); MQTT is 3.1.1 (level 4) or 5 [MQTT-3.1.2-1] [MQTT-3.1.2-2].
  const expected = packet.protocolId === 'MQIsdp' ? [3] : [4, 5]
  if (!expected.includes(version)) {
    return new ProtocolError(REASON_CODE.UNSUPPORTED_PROTOCOL_VERSION,
      `Unsupported protocol: name '${packet.protocolId}' with level ${version} (MQIsdp is level 3, MQTT is 4 or 5) [MQTT-3.1.2-2]`)
  }
  if (packet.will !== undefined && (packet.will.qos as number) === 3) {
    return malformed('CONNECT Will QoS is 3 [MQTT-3.1.2-14]')
  }
  if (version < 5 && packet.password !== undefined && packet.username === undefined) {
    return malformed('CONNECT has a Password but no User Name [MQTT-3.1.2-22]')
  }
  if (version === 5) {
    const props = packet.properties
    if (props?.authenticationData !== undefined && props.authenticationMethod === undefined) {
      return protocolError('CONNECT has Authentication Data without an Authentication Method (MQTT 5 §3.1.2.11.10)')
    }
    const willProps = packet.will?.properties as Record<string, unknown> | undefined
    if (willProps !== undefined) return checkProperties(willProps, WILL_PROPERTIES, 'will', 'the Will')
  }
  return null
}

function checkPublish(packet: IPublishPacket, version: ProtocolVersion): ProtocolError | null {
  if (packet.qos === 0 && packet.dup) return protocolError('PUBLISH with QoS 0 has DUP set [MQTT-3.3.1-2]')
  if (packet.qos > 0) {
    const badId = checkPacketId(packet.messageId, `PUBLISH QoS ${packet.qos}`)
    if (badId !== null) return badId
  }
  if (packet.topic.includes('+') || packet.topic.includes('#')) {
    return new ProtocolError(REASON_CODE.TOPIC_NAME_INVALID,
      `Topic Name invalid: '${packet.topic}' contains a wildcard, which a PUBLISH must not [MQTT-3.3.2-2]`)
  }
  if (packet.topic === '' && (version < 5 || packet.properties?.topicAlias === undefined)) {
    // MQTT 5 allows an empty name only with a Topic Alias (§3.3.2.3.4); the handler resolves the alias.
    return protocolError('PUBLISH with an empty Topic Name [MQTT-4.7.3-1]')
  }
  return null
}

/** Allowed identifiers, at most once each (MQTT 5 §2.2.2.2), and the values the spec rules out. */
function checkProperties(props: Record<string, unknown>, allowed: ReadonlySet<string>, cmd: string, where: string)
  : ProtocolError | null {
  for (const [key, value] of Object.entries(props)) {
    if (!allowed.has(key)) return malformed(`property ${key} is not allowed in ${where} (MQTT 5 §2.2.2.2)`)
    // mqtt-packet turns a repeated property into an array; only these may repeat.
    const repeatable = key === 'userProperties' || (key === 'subscriptionIdentifier' && cmd === 'publish')
    if (Array.isArray(value) && !repeatable) return protocolError(`property ${key} appears more than once in ${where} (MQTT 5 §2.2.2.2)`)
    const values: unknown[] = Array.isArray(value) ? value : [value]
    if (key === 'topicAlias' && value === 0) {
      return new ProtocolError(REASON_CODE.TOPIC_ALIAS_INVALID, 'Topic Alias invalid: a Topic Alias of 0 [MQTT-3.3.2-8]')
    }
    if (key === 'subscriptionIdentifier' && values.includes(0)) {
      return protocolError(`Subscription Identifier 0 in ${where} (MQTT 5 §3.8.2.1.2)`)
    }
    if (key === 'receiveMaximum' && value === 0) return protocolError(`Receive Maximum 0 in ${where} (MQTT 5 §3.1.2.11.3)`)
    if (key === 'maximumPacketSize' && value === 0) return protocolError(`Maximum Packet Size 0 in ${where} (MQTT 5 §3.1.2.11.4)`)
  }
  return null
}
