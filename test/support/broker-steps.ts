// Small, generic steps for broker socket tests, built on rawClient: connect, subscribe, publish with the
// whole QoS handshake, collect and acknowledge deliveries, and `settle` — a PINGREQ round trip that proves
// the broker has handled everything sent before it, so "nothing arrived" is asserted without sleeping.
// Every step waits for the broker's answer with rawClient's timeout; none of them sleeps.
import { afterEach } from 'vitest'
import type { BrokerMessage } from '../../electron/core/broker/message'
import type { BrokerOptions } from '../../electron/core/broker/broker'
import type { BrokerLimits } from '../../electron/core/broker/limits'
import { rawClient, type RawClient } from './raw-client'
import { startTestBroker, type TestBroker } from './test-broker'

export type QoS = 0 | 1 | 2
export type ProtocolLevel = 3 | 4 | 5
/** A packet as rawClient hands it over (mqtt-packet's object, `length` = Remaining Length). */
export type ReceivedPacket = Awaited<ReturnType<RawClient['next']>>

/** A rawClient that completed CONNECT, with what it connected as. */
export type Client = RawClient & { clientId: string; version: ProtocolLevel; connack: ReceivedPacket }

/**
 * Registers an afterEach that closes the broker of the current test, and returns the function that starts
 * it: one broker per test, started inside the test with the limits that test needs.
 */
export function brokerPerTest(): (limits?: Partial<BrokerLimits>, opts?: Partial<BrokerOptions>) => Promise<TestBroker> {
  let current: TestBroker | null = null
  afterEach(async () => {
    const tb = current
    current = null
    if (tb !== null) await tb.close()
  })
  return async (limits = {}, opts = {}) => {
    if (current !== null) throw new Error('brokerPerTest: one broker per test')
    current = await startTestBroker({ ...opts, limits })
    return current
  }
}

export interface ConnectOptions {
  /** 3 = MQTT 3.1, 4 = 3.1.1 (default), 5 = 5.0. */
  version?: ProtocolLevel
  /** CleanSession (3.1.1) / Clean Start (5.0); default true. */
  clean?: boolean
  /** v5 Session Expiry Interval in seconds (a v5 session outlives its connection only when > 0). */
  sessionExpiry?: number
  /** v5 Receive Maximum: QoS 1/2 deliveries the broker may leave unacknowledged. */
  receiveMaximum?: number
  /** Further v5 CONNECT properties. */
  properties?: Record<string, unknown>
  keepalive?: number
}

/** Connects and requires a successful CONNACK (throws with the CONNACK otherwise). */
export async function connect(port: number, clientId: string, opts: ConnectOptions = {}): Promise<Client> {
  const version = opts.version ?? 4
  const client = await rawClient(port, version)
  // Small back-to-back writes (PUBLISH then PINGREQ) would otherwise wait ~40 ms for a delayed ACK (Nagle).
  client.socket.setNoDelay(true)
  const properties: Record<string, unknown> = { ...opts.properties }
  if (opts.sessionExpiry !== undefined) properties.sessionExpiryInterval = opts.sessionExpiry
  if (opts.receiveMaximum !== undefined) properties.receiveMaximum = opts.receiveMaximum
  client.send({
    cmd: 'connect', protocolId: version === 3 ? 'MQIsdp' : 'MQTT', protocolVersion: version, clientId,
    clean: opts.clean ?? true, keepalive: opts.keepalive ?? 0,
    ...(version === 5 && Object.keys(properties).length > 0 ? { properties } : {}),
  })
  const connack = await client.next('connack')
  const code = version === 5 ? connack.reasonCode : connack.returnCode
  if (code !== 0) {
    client.end()
    throw new Error(`CONNECT of '${clientId}' refused: ${JSON.stringify(connack)}`)
  }
  return Object.assign(client, { clientId, version, connack })
}

/** Sends DISCONNECT (normal, v5 reason 0x00) and waits until the broker has closed the socket. */
export async function disconnect(client: Client): Promise<void> {
  client.send(client.version === 5 ? { cmd: 'disconnect', reasonCode: 0 } : { cmd: 'disconnect' })
  await client.closed
}

/** Connects a new client, round-trips a PINGREQ and disconnects: the broker is still serving. */
export async function stillServes(port: number, version: ProtocolLevel = 4): Promise<void> {
  const client = await connect(port, `fresh-${Math.random().toString(36).slice(2)}`, { version })
  await settle(client)
  await disconnect(client)
}

const packetIds = new WeakMap<RawClient, number>()

/** The next packet id for packets this client sends (1..65535, never 0). */
export function nextPacketId(client: RawClient): number {
  const id = ((packetIds.get(client) ?? 0) % 0xffff) + 1
  packetIds.set(client, id)
  return id
}

/** One entry of a SUBSCRIBE: a filter alone (QoS from the call), or with its own options (v5: nl/rap/rh). */
export type SubscriptionRequest = string | { topic: string; qos?: QoS; nl?: boolean; rap?: boolean; rh?: 0 | 1 | 2 }

/**
 * Sends one SUBSCRIBE with every filter given and returns the SUBACK's codes in order (granted QoS or a
 * failure code). Throws if the SUBACK does not echo the packet id [MQTT-3.8.4-2].
 */
export async function subscribe(client: RawClient, filters: SubscriptionRequest | SubscriptionRequest[], opts: { qos?: QoS; subscriptionId?: number } = {}): Promise<number[]> {
  const messageId = nextPacketId(client)
  const subscriptions = (Array.isArray(filters) ? filters : [filters]).map((f) => (typeof f === 'string' ? { topic: f, qos: opts.qos ?? 0 } : { qos: opts.qos ?? 0, ...f }))
  client.send({
    cmd: 'subscribe', messageId, subscriptions,
    ...(opts.subscriptionId !== undefined ? { properties: { subscriptionIdentifier: opts.subscriptionId } } : {}),
  })
  const suback = await client.next('suback')
  if (suback.messageId !== messageId) throw new Error(`SUBACK for packet id ${String(suback.messageId)}, expected ${messageId}`)
  return suback.granted as number[]
}

/** Sends one UNSUBSCRIBE and returns the UNSUBACK (v5: `granted` holds a reason code per filter). */
export async function unsubscribe(client: RawClient, filters: string | string[]): Promise<ReceivedPacket> {
  const messageId = nextPacketId(client)
  client.send({ cmd: 'unsubscribe', messageId, unsubscriptions: Array.isArray(filters) ? filters : [filters] })
  const unsuback = await client.next('unsuback')
  if (unsuback.messageId !== messageId) throw new Error(`UNSUBACK for packet id ${String(unsuback.messageId)}, expected ${messageId}`)
  return unsuback
}

export interface PublishOptions {
  qos?: QoS
  retain?: boolean
  dup?: boolean
  /** Defaults to the client's next packet id for QoS 1/2. */
  messageId?: number
  /** v5 PUBLISH properties (messageExpiryInterval, userProperties…). */
  properties?: Record<string, unknown>
}

/** Writes a PUBLISH without waiting for anything; returns its packet id (undefined for QoS 0). */
export function sendPublish(client: RawClient, topic: string, payload: string | Buffer, opts: PublishOptions = {}): number | undefined {
  const qos = opts.qos ?? 0
  const messageId = qos > 0 ? opts.messageId ?? nextPacketId(client) : undefined
  client.send({
    cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: opts.retain ?? false, dup: opts.dup ?? false,
    ...(messageId !== undefined ? { messageId } : {}), ...(opts.properties ? { properties: opts.properties } : {}),
  })
  return messageId
}

/**
 * Publishes and completes the QoS handshake: QoS 0 returns null once the broker has handled the packet
 * (a PINGREQ round trip); QoS 1 returns the PUBACK; QoS 2 returns the PUBREC after PUBREL/PUBCOMP.
 */
export async function publish(client: RawClient, topic: string, payload: string | Buffer, opts: PublishOptions = {}): Promise<ReceivedPacket | null> {
  const messageId = sendPublish(client, topic, payload, opts)
  if (messageId === undefined) {
    await settle(client)
    return null
  }
  if (opts.qos === 1) return expectAck(client, 'puback', messageId)
  const pubrec = await expectAck(client, 'pubrec', messageId)
  if ((pubrec.reasonCode as number | undefined ?? 0) < 0x80) {
    client.send({ cmd: 'pubrel', messageId })
    await expectAck(client, 'pubcomp', messageId)
  }
  return pubrec
}

/** The next `cmd` packet, which must carry `messageId`. */
export async function expectAck(client: RawClient, cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp', messageId: number): Promise<ReceivedPacket> {
  const ack = await client.next(cmd)
  if (ack.messageId !== messageId) throw new Error(`${cmd.toUpperCase()} for packet id ${String(ack.messageId)}, expected ${messageId}`)
  return ack
}

/** The next `n` PUBLISH packets, in arrival order (each waits with rawClient's timeout). */
export async function collect(client: RawClient, n: number, timeoutMs?: number): Promise<ReceivedPacket[]> {
  const out: ReceivedPacket[] = []
  for (let i = 0; i < n; i++) out.push(await client.next('publish', timeoutMs))
  return out
}

/** Acknowledges a delivery as a well-behaved client: QoS 1 PUBACK; QoS 2 PUBREC, wait for PUBREL, PUBCOMP. */
export async function acknowledge(client: RawClient, delivery: ReceivedPacket): Promise<void> {
  const messageId = delivery.messageId as number
  if (delivery.qos === 1) client.send({ cmd: 'puback', messageId })
  if (delivery.qos !== 2) return
  client.send({ cmd: 'pubrec', messageId })
  await expectAck(client, 'pubrel', messageId)
  client.send({ cmd: 'pubcomp', messageId })
}

/**
 * PINGREQ/PINGRESP round trips through each client, in the order given. The broker handles a connection's
 * packets in order and routes synchronously, so after `settle(publisher, subscriber)` every delivery the
 * publisher's packets caused has reached the subscriber's `received` (TCP keeps it ahead of the PINGRESP).
 */
export async function settle(...clients: RawClient[]): Promise<void> {
  for (const client of clients) {
    client.send({ cmd: 'pingreq' })
    await client.next('pingresp')
  }
}

/** Removes and returns the PUBLISH packets received and not yet taken (call after `settle`). */
export function takePublishes(client: RawClient): ReceivedPacket[] {
  const taken = client.received.filter((p) => p.cmd === 'publish')
  for (const p of taken) client.received.splice(client.received.indexOf(p), 1)
  return taken
}

/** The payloads as UTF-8 text. */
export function payloads(packets: ReceivedPacket[]): string[] {
  return packets.map((p) => Buffer.from(p.payload as Buffer).toString('utf8'))
}

/** A delivery's v5 Subscription Identifiers as an array (mqtt-packet gives a number for one, an array for several). */
export function subscriptionIds(packet: ReceivedPacket): number[] {
  const ids = (packet.properties as { subscriptionIdentifier?: number | number[] } | undefined)?.subscriptionIdentifier
  return ids === undefined ? [] : Array.isArray(ids) ? ids : [ids]
}

/** A message as the broker itself publishes it (for `broker.publishInternal`, e.g. $SYS topics). */
export function internalMessage(topic: string, payload: string, opts: { qos?: QoS; retain?: boolean } = {}): BrokerMessage {
  return { topic, payload: Buffer.from(payload), qos: opts.qos ?? 0, retain: opts.retain ?? false, properties: null, publisher: null, receivedAt: Date.now(), expiresAt: null }
}
