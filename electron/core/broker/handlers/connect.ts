// CONNECT: client identifier rules per version, authentication (possibly async), session takeover,
// clean start / session expiry, the will, keep-alive and the CONNACK with the server's limits.
import { checkTopicName } from '../../../../shared/mqtt/topic'
import type { IConnectPacket, Packet } from '../../codec/mqtt-codec'
import type { Connection } from '../connection'
import type { AuthResult } from '../hooks'
import { Session, SESSION_NEVER_EXPIRES } from '../session'
import { resumeSession } from '../session-delivery'
import { refuseConnect } from './refuse-connect'
import { toBrokerMessage } from './to-broker-message'

/** MQTT 3.1 limited client identifiers to 23 characters (3.1 spec, CONNECT payload). */
const MQTT31_MAX_CLIENT_ID_CHARS = 23
/**
 * The largest Maximum Packet Size announced in CONNACK: the largest Remaining Length (MQTT 5 §1.5.5). The default
 * limit (256 MiB) is one byte more, and paho-mqtt rejects a CONNACK announcing it; announcing less is always safe.
 */
const MAX_ANNOUNCED_PACKET_BYTES = 268_435_455

export function handleConnect(conn: Connection, packet: IConnectPacket): void | Promise<void> {
  conn.state = 'connecting'
  const ctx = conn.ctx
  const version = packet.protocolVersion as 3 | 4 | 5
  conn.info.protocolVersion = version
  const props = packet.properties ?? {}

  let clientId = packet.clientId ?? ''
  conn.info.clientId = clientId
  let assigned = false
  if (clientId === '') {
    if (version === 3) return refuseConnect(conn, 0x85, 'MQTT 3.1 requires a client identifier')
    // 3.1.1 allows an empty id only with a clean session [MQTT-3.1.3-8]; MQTT 5 assigns one [MQTT-3.1.3-6 (5.0)].
    if (version === 4 && !packet.clean) return refuseConnect(conn, 0x85, 'An empty client identifier needs CleanSession=1 [MQTT-3.1.3-8]')
    clientId = ctx.assignClientId()
    assigned = version === 5
  } else if (version === 3 && clientId.length > MQTT31_MAX_CLIENT_ID_CHARS) {
    return refuseConnect(conn, 0x85, `MQTT 3.1 client identifiers are at most ${MQTT31_MAX_CLIENT_ID_CHARS} characters`)
  }
  if (version === 5 && props.authenticationMethod !== undefined) {
    return refuseConnect(conn, 0x8c, `Unsupported authentication method '${props.authenticationMethod}'`)
  }
  if (ctx.connections.size >= ctx.limits.maxConnections && !ctx.connections.has(clientId)) {
    return refuseConnect(conn, 0x97, `Too many connections (limit ${ctx.limits.maxConnections})`)
  }
  if (packet.will) {
    const problem = checkTopicName(packet.will.topic, { maxLevels: ctx.limits.maxTopicLevels })
    if (problem !== null) return refuseConnect(conn, 0x90, `Will topic: ${problem}`)
    if ((packet.will.qos ?? 0) > ctx.limits.maximumQos) return refuseConnect(conn, 0x9b, `Will QoS ${packet.will.qos} exceeds the maximum QoS ${ctx.limits.maximumQos}`)
  }
  let keepAlive = packet.keepalive ?? 0
  let serverKeepAlive: number | null = null
  const maxKeepAlive = ctx.limits.maxKeepAliveSeconds
  if (maxKeepAlive > 0 && (keepAlive === 0 || keepAlive > maxKeepAlive)) {
    // 3.1.1 cannot be told another value: refuse as mosquitto does; v5 gets Server Keep Alive [MQTT-3.2.2-21 (5.0)].
    if (version !== 5) return refuseConnect(conn, 0x85, `Keep-alive ${keepAlive} s exceeds the broker's maximum of ${maxKeepAlive} s`)
    keepAlive = maxKeepAlive
    serverKeepAlive = maxKeepAlive
  }

  const password = packet.password === undefined ? null : Buffer.from(packet.password)
  const decision = ctx.policy.authenticate?.({
    clientId, username: packet.username ?? null, password, address: conn.info.address, listener: conn.info.listener,
    certificateCommonName: conn.info.certificateCommonName, protocolVersion: version,
  }) ?? { ok: true, username: packet.username ?? null }
  const finish = (auth: AuthResult) => accept(conn, packet, { clientId, assigned, keepAlive, serverKeepAlive, auth })
  if (decision instanceof Promise) return decision.then(finish)
  finish(decision)
}

interface Accepted {
  clientId: string
  assigned: boolean
  keepAlive: number
  serverKeepAlive: number | null
  auth: AuthResult
}

function accept(conn: Connection, packet: IConnectPacket, a: Accepted): void {
  if (conn.state === 'closed') return
  if (!a.auth.ok) return refuseConnect(conn, a.auth.reasonCode, a.auth.reason)
  const ctx = conn.ctx
  const version = conn.info.protocolVersion
  const props = packet.properties ?? {}
  conn.info.clientId = a.clientId
  conn.info.username = a.auth.username

  // Session takeover: the old connection is closed first [MQTT-3.1.4-3]; v5 tells it why (0x8E).
  ctx.connections.get(a.clientId)?.disconnect(0x8e, true)

  const expiry = version === 5 ? (props.sessionExpiryInterval ?? 0) : packet.clean ? 0 : SESSION_NEVER_EXPIRES
  let session = ctx.sessions.get(a.clientId)
  if (packet.clean && session !== undefined) {
    ctx.discardSession(a.clientId) // Clean Start / CleanSession discards the old session [MQTT-3.1.2-4]
    session = undefined
  }
  // A new connection to the session within the Will Delay Interval cancels the will [MQTT-3.1.3-9 (5.0)]; with Clean
  // Start 1 the old session has just ended instead, which published it (MQTT 5 §3.1.4, non-normative comment).
  ctx.cancelDelayedWill(a.clientId)
  const sessionPresent = session !== undefined
  if (session === undefined) {
    session = new Session(a.clientId, { expiryIntervalS: expiry, protocolVersion: version, limits: ctx.limits, now: ctx.now() })
    ctx.sessions.set(a.clientId, session)
    ctx.notify('sessionChanged', { kind: 'created', clientId: a.clientId })
  } else {
    session.expiryIntervalS = expiry
    session.protocolVersion = version
    ctx.notify('sessionChanged', { kind: 'resumed', clientId: a.clientId })
  }
  session.username = a.auth.username

  if (version === 5) {
    conn.clientLimits = {
      receiveMaximum: props.receiveMaximum ?? 65_535,
      maxPacketBytes: props.maximumPacketSize ?? 0,
      topicAliasMaximum: props.topicAliasMaximum ?? 0,
    }
  }
  if (packet.will) {
    conn.will = {
      message: toBrokerMessage({ ...packet.will, qos: packet.will.qos ?? 0, retain: packet.will.retain ?? false }, { publisher: a.clientId, now: ctx.now(), version }),
      delaySeconds: version === 5 ? (packet.will.properties?.willDelayInterval ?? 0) : 0,
    }
  }

  conn.state = 'connected'
  conn.send(buildConnack(conn, sessionPresent, a))
  ctx.attach(conn, session)
  conn.startKeepAlive(a.keepAlive)
  if (sessionPresent) resumeSession(session, conn)
}

function buildConnack(conn: Connection, sessionPresent: boolean, a: Accepted): Packet {
  if (conn.info.protocolVersion !== 5) return { cmd: 'connack', sessionPresent, returnCode: 0 }
  const limits = conn.ctx.limits
  const properties: Record<string, unknown> = {
    receiveMaximum: limits.receiveMaximum,
    maximumPacketSize: Math.min(limits.maxPacketBytes, MAX_ANNOUNCED_PACKET_BYTES),
    topicAliasMaximum: limits.topicAliasMaximum,
    retainAvailable: true,
    wildcardSubscriptionAvailable: true,
    subscriptionIdentifiersAvailable: true,
    sharedSubscriptionAvailable: true,
  }
  // Only sent when below 2: absence means QoS 2 is supported [MQTT-3.2.2-9 (5.0)].
  if (limits.maximumQos < 2) properties.maximumQoS = limits.maximumQos
  if (a.assigned) properties.assignedClientIdentifier = a.clientId
  if (a.serverKeepAlive !== null) properties.serverKeepAlive = a.serverKeepAlive
  return { cmd: 'connack', sessionPresent, reasonCode: 0, properties } as Packet
}
