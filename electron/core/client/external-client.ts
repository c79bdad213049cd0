// One outbound connection to any broker, for one profile: MQTT.js underneath, our own reconnect backoff, status,
// messages as Uint8Array, and every packet in and out for observers. Knows nothing of IPC, the tree or storage.
import { connect as mqttConnect, type IClientOptions, type IClientPublishOptions, type MqttClient, type Packet, type IPublishPacket } from 'mqtt'
import type { ConnectionErrorInfo, ConnectionProfile, ConnectionState, ConnectionStatus, DefaultSubscription } from '../../../shared/model/connection-profile'
import { checkTopicFilter, checkTopicName } from '../../../shared/mqtt/topic'
import { CONNACK_V3, formatReasonCode, isErrorReasonCode, RC, reasonCodeName, type ReasonCodePacket } from '../../../shared/mqtt/reason-codes'
import type { MessageProperties, ReceivedMessageInfo } from '../../../shared/model/message-properties'
import { AppFailure } from '../support/app-failure'
import { describeConnackRefusal, describeConnectionError, describeConnectionLost, describeServerDisconnect, type ConnectionTarget } from './describe-connection-error'

export type { MessageProperties, ReceivedMessageInfo }


/** Options of one subscription (5.0 options are ignored by 3.1.1 brokers). */
export type SubscribeOptions = Omit<DefaultSubscription, 'filter'>

/** The broker's answer to a subscription or a QoS 1/2 publish. */
export interface AckResult {
  /** Reason code (5.0) or SUBACK return code (3.1.1); null for QoS 0 publishes. */
  reasonCode: number | null
  reasonName: string | null
}

/** One packet on the wire, for the QoS flow diagrams. `packet` is MQTT.js's object: read it, never change it. */
export interface PacketEvent {
  direction: 'in' | 'out'
  packet: Packet
  at: number
}

/** How long disconnect() waits for outstanding acknowledgements and the socket to close. */
const DISCONNECT_GRACE_MS = 2000
/** Seconds over which messagesPerSec is averaged. */
const RATE_WINDOW_S = 5
/** CONNACK refusals worth retrying: the server may take us later. Anything else needs the user to change the profile. */
const RETRYABLE_CONNACK_V5 = new Set<number>([RC.SERVER_UNAVAILABLE, RC.SERVER_BUSY, RC.CONNECTION_RATE_EXCEEDED])
/** DISCONNECTs after which reconnecting would fight another client or the administrator. */
const FINAL_DISCONNECTS = new Set<number>([RC.SESSION_TAKEN_OVER, RC.NOT_AUTHORIZED, RC.BANNED, RC.ADMINISTRATIVE_ACTION, RC.USE_ANOTHER_SERVER, RC.SERVER_MOVED])

/** Injected for tests; defaults to the real clock. */
export interface ExternalClientOptions {
  now?: () => number
}

/** An MQTT.js client for one profile. Create one per connection; `connect()` again after `disconnect()` is fine. */
export class ExternalClient {
  private client: MqttClient | null = null
  private state: ConnectionState = 'idle'
  private error: ConnectionErrorInfo | null = null
  private since: number
  private received = 0
  private readonly rateBuckets = new Array<number>(RATE_WINDOW_S).fill(0)
  private rateSecond = 0
  /** Subscriptions made at run time, renewed with the defaults when the session is new. */
  private readonly subscriptions = new Map<string, SubscribeOptions>()
  private attemptFailure: unknown = null
  private failures = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pendingConnect: { resolve(): void; reject(e: Error): void } | null = null
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>()
  private readonly messageListeners = new Set<(topic: string, payload: Uint8Array, info: ReceivedMessageInfo) => void>()
  private readonly packetListeners = new Set<(e: PacketEvent) => void>()
  private readonly now: () => number

  constructor(readonly profile: ConnectionProfile, opts: ExternalClientOptions = {}) {
    this.now = opts.now ?? Date.now
    this.since = this.now()
  }

  /** The current status, with the message rate computed now. */
  get status(): ConnectionStatus {
    this.rollRate(Math.floor(this.now() / 1000))
    const sum = this.rateBuckets.reduce((a, b) => a + b, 0)
    return { profileId: this.profile.id, state: this.state, error: this.error, since: this.since, messagesPerSec: sum / RATE_WINDOW_S, messagesReceived: this.received }
  }

  /** Called on every state change. Returns the unsubscribe function. */
  onStatus(cb: (s: ConnectionStatus) => void): () => void { return addListener(this.statusListeners, cb) }
  /** Called for every PUBLISH received; the payload is a fresh copy the callback may keep. */
  onMessage(cb: (topic: string, payload: Uint8Array, info: ReceivedMessageInfo) => void): () => void { return addListener(this.messageListeners, cb) }
  /** Observer of every packet sent and received (MQTT.js `packetsend` / `packetreceive`). */
  onPacket(cb: (e: PacketEvent) => void): () => void { return addListener(this.packetListeners, cb) }

  /**
   * Connects and applies the default subscriptions. Resolves once connected; rejects with an AppFailure
   * describing the first failed attempt. With reconnect on and a failure worth retrying, attempts go on
   * in the background (state 'reconnecting') until connected or `disconnect()`.
   */
  connect(): Promise<void> {
    if (this.client !== null) return Promise.reject(new AppFailure('bad-request', `'${this.profile.name}' is already connected or connecting.`))
    this.failures = 0
    this.setState('connecting', null)
    // Connected by hand once wired, so the packet observers see the CONNECT too.
    const client = mqttConnect({ ...this.mqttOptions(), manualConnect: true })
    this.client = client
    this.wire(client)
    client.connect()
    return new Promise((resolve, reject) => { this.pendingConnect = { resolve, reject } })
  }

  /** Sends DISCONNECT when connected, stops reconnecting and goes back to 'idle'. */
  async disconnect(): Promise<void> {
    const client = this.client
    this.client = null
    this.clearReconnect()
    this.settleConnect(new AppFailure('unavailable', `The connection to '${this.profile.name}' was cancelled.`))
    if (client?.connected === true) await endGracefully(client)
    else client?.end(true)
    this.setState('idle', null)
  }

  /** Subscribes now and again after every reconnect with a new session. Rejects when the broker refuses. */
  async subscribe(filter: string, opts: SubscribeOptions): Promise<AckResult> {
    const filterError = checkTopicFilter(filter)
    if (filterError !== null) throw new AppFailure('bad-request', filterError)
    const [result] = await this.sendSubscribe([{ filter, ...opts }])
    this.subscriptions.set(filter, opts)
    return result!
  }

  /** Unsubscribes and forgets the subscription. */
  async unsubscribe(filter: string): Promise<void> {
    this.subscriptions.delete(filter)
    const client = this.connectedClient()
    await new Promise<void>((resolve, reject) => client.unsubscribe(filter, (err) => (err ? reject(this.failure(err)) : resolve())))
  }

  /**
   * Publishes; resolves when the message is written (QoS 0) or acknowledged (PUBACK, or PUBCOMP for
   * QoS 2), and rejects with the reason code by name when the broker refuses it.
   */
  async publish(topic: string, payload: Uint8Array, opts: { qos: 0 | 1 | 2; retain: boolean; properties?: MessageProperties }): Promise<AckResult> {
    const topicError = checkTopicName(topic)
    if (topicError !== null) throw new AppFailure('bad-request', topicError)
    const client = this.connectedClient()
    const options: IClientPublishOptions = { qos: opts.qos, retain: opts.retain }
    if (this.profile.protocolVersion === 5 && opts.properties !== undefined) options.properties = toMqttProperties(opts.properties)
    return new Promise((resolve, reject) => {
      client.publish(topic, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), options, (err, ack) => {
        const code = (ack as { reasonCode?: number } | undefined)?.reasonCode
        // MQTT.js passes the ack packet, or for a plain PUBACK the original PUBLISH.
        const cmd: ReasonCodePacket = ack?.cmd === 'pubrec' || ack?.cmd === 'pubcomp' ? ack.cmd : opts.qos === 2 ? 'pubcomp' : 'puback'
        if (err !== undefined && err !== null) {
          if (typeof code !== 'number') return reject(this.failure(err))
          return reject(new AppFailure('refused', `${formatReasonCode(code, cmd, 5)}, for the message on '${topic}'`))
        }
        if (opts.qos === 0) return resolve({ reasonCode: null, reasonName: null })
        const rc = code ?? 0
        resolve({ reasonCode: rc, reasonName: reasonCodeName(rc, cmd, this.profile.protocolVersion === 5 ? 5 : 4) })
      })
    })
  }

  private target(): ConnectionTarget {
    const p = this.profile
    return { host: p.host, port: p.port, servername: p.tls.servername, secure: p.transport === 'mqtts' || p.transport === 'wss' }
  }

  private mqttOptions(): IClientOptions {
    const p = this.profile
    const secure = p.transport === 'mqtts' || p.transport === 'wss'
    const opts: IClientOptions = {
      protocol: p.transport, host: p.host, port: p.port, protocolVersion: p.protocolVersion,
      protocolId: p.protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
      clientId: p.clientId, clean: p.cleanStart, keepalive: p.keepaliveS, connectTimeout: p.connectTimeoutS * 1000,
      // Backoff is ours (scheduleReconnect); MQTT.js only knows a fixed period. Subscriptions too (onConnack).
      reconnectPeriod: 0, resubscribe: false, queueQoSZero: false,
    }
    if (p.transport === 'ws' || p.transport === 'wss') opts.path = p.wsPath
    if (p.username !== null && p.username !== '') opts.username = p.username
    if (p.password !== null && p.password !== '') opts.password = p.password
    if (p.protocolVersion === 5) {
      opts.properties = { sessionExpiryInterval: p.sessionExpiryS }
      if (p.receiveMaximum !== null) opts.properties.receiveMaximum = p.receiveMaximum
    }
    if (p.will !== null) {
      const w = p.will
      const props = w.properties
      opts.will = { topic: w.topic, payload: Buffer.from(w.payload, 'utf8'), qos: w.qos, retain: w.retain }
      if (p.protocolVersion === 5) {
        opts.will.properties = compact({
          willDelayInterval: props.willDelayIntervalS, payloadFormatIndicator: props.payloadFormatIndicator,
          messageExpiryInterval: props.messageExpiryIntervalS, contentType: props.contentType, responseTopic: props.responseTopic,
          correlationData: props.correlationData === null ? null : Buffer.from(props.correlationData, 'utf8'),
          userProperties: props.userProperties.length > 0 ? toUserProperties(props.userProperties) : null,
        })
      }
    }
    if (secure) {
      opts.rejectUnauthorized = p.tls.rejectUnauthorized
      if (p.tls.ca !== null) opts.ca = p.tls.ca
      if (p.tls.cert !== null) opts.cert = p.tls.cert
      if (p.tls.key !== null) opts.key = p.tls.key
      if (p.tls.servername !== null) opts.servername = p.tls.servername
    }
    return opts
  }

  private wire(client: MqttClient): void {
    client.on('packetsend', (packet) => this.emitPacket('out', packet))
    client.on('packetreceive', (packet) => {
      this.emitPacket('in', packet)
      if (packet.cmd === 'connack') {
        const code = this.profile.protocolVersion === 5 ? (packet.reasonCode ?? 0) : (packet.returnCode ?? 0)
        if (code !== 0) this.attemptFailure = describeConnackRefusal(code, this.profile.protocolVersion, this.target(), packet.properties?.reasonString)
      } else if (packet.cmd === 'disconnect') {
        this.attemptFailure = describeServerDisconnect(packet.reasonCode ?? 0, this.target(), packet.properties?.reasonString)
      }
    })
    client.on('error', (err) => { this.attemptFailure ??= err })
    client.on('connect', (connack) => void this.onConnack(client, connack.sessionPresent))
    client.on('message', (topic, payload, packet) => this.emitMessage(topic, payload, packet))
    client.on('close', () => void this.onClose(client))
  }

  private async onConnack(client: MqttClient, sessionPresent: boolean): Promise<void> {
    this.failures = 0
    this.attemptFailure = null
    this.setState('connected', null)
    if (!sessionPresent) {
      const subs = new Map<string, SubscribeOptions>()
      for (const { filter, ...opts } of this.profile.defaultSubscriptions) subs.set(filter, opts)
      for (const [filter, opts] of this.subscriptions) subs.set(filter, opts)
      // A refused default subscription does not fail the connection; the tree simply stays empty for it.
      if (subs.size > 0) await this.sendSubscribe([...subs].map(([filter, o]) => ({ filter, ...o }))).catch(() => undefined)
    }
    if (this.client === client) this.settleConnect(null)
  }

  private async onClose(client: MqttClient): Promise<void> {
    if (this.client !== client) return // disconnect() already took over
    const raw = this.attemptFailure
    this.attemptFailure = null
    const wasConnected = this.state === 'connected'
    const info = raw === null ? describeConnectionLost(this.target())
      : isErrorInfo(raw) ? raw
      : await describeConnectionError(raw, this.target(), this.profile.connectTimeoutS)
    if (this.client !== client) return
    this.settleConnect(new AppFailure(info.kind === 'timeout' ? 'timeout' : 'unavailable', info.message))
    if (!this.profile.reconnect.enabled || !isRetryable(info, this.profile.protocolVersion)) {
      this.client = null
      client.end(true)
      this.setState('error', info)
      return
    }
    if (!wasConnected) this.failures++
    this.setState('reconnecting', info)
    this.scheduleReconnect(client)
  }

  private scheduleReconnect(client: MqttClient): void {
    const { minDelayMs, maxDelayMs } = this.profile.reconnect
    const delay = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(this.failures, 30))
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (this.client !== client) return
      // Keep the stores, so QoS 1/2 messages in flight are resent when the session resumes.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore })
    }, delay)
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
  }

  private sendSubscribe(subs: DefaultSubscription[]): Promise<AckResult[]> {
    const client = this.connectedClient()
    const v5 = this.profile.protocolVersion === 5
    const map: Record<string, { qos: 0 | 1 | 2; nl?: boolean; rap?: boolean; rh?: number }> = {}
    for (const s of subs) map[s.filter] = v5 ? { qos: s.qos, nl: s.noLocal, rap: s.retainAsPublished, rh: s.retainHandling } : { qos: s.qos }
    return new Promise((resolve, reject) => {
      client.subscribe(map, (err, _granted, suback) => {
        const codes = (suback as { granted?: number[] } | undefined)?.granted
        if (codes === undefined) return reject(this.failure(err ?? new Error('No SUBACK')))
        const version = v5 ? 5 : 4
        const refused = codes.findIndex((c) => isErrorReasonCode(c))
        if (refused >= 0) {
          return reject(new AppFailure('bad-request', `The broker refused the subscription to '${subs[refused]?.filter}': ${formatReasonCode(codes[refused]!, 'suback', version)}.`))
        }
        resolve(codes.map((c) => ({ reasonCode: c, reasonName: reasonCodeName(c, 'suback', version) })))
      })
    })
  }

  private connectedClient(): MqttClient {
    if (this.client === null || !this.client.connected) throw new AppFailure('not-connected', `'${this.profile.name}' is not connected.`)
    return this.client
  }

  private failure(err: Error): AppFailure {
    return err instanceof AppFailure ? err : new AppFailure('not-connected', `The request to '${this.profile.name}' failed: ${err.message}.`)
  }

  private settleConnect(err: Error | null): void {
    const pending = this.pendingConnect
    this.pendingConnect = null
    if (pending === null) return
    if (err === null) pending.resolve()
    else pending.reject(err)
  }

  private setState(state: ConnectionState, error: ConnectionErrorInfo | null): void {
    if (state === this.state && error === this.error) return
    this.state = state
    this.error = error
    this.since = this.now()
    const status = this.status
    for (const cb of this.statusListeners) safely(() => cb(status))
  }

  private emitPacket(direction: 'in' | 'out', packet: Packet): void {
    if (this.packetListeners.size === 0) return
    const event = { direction, packet, at: this.now() }
    for (const cb of this.packetListeners) safely(() => cb(event))
  }

  private emitMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const at = this.now()
    this.received++
    this.rollRate(Math.floor(at / 1000))
    this.rateBuckets[this.rateSecond % RATE_WINDOW_S]!++
    if (this.messageListeners.size === 0) return
    // A copy, not a view: a view would keep MQTT.js's whole read chunk alive and clone all of it over IPC.
    const bytes = new Uint8Array(payload)
    const info: ReceivedMessageInfo = {
      qos: packet.qos, retain: packet.retain, dup: packet.dup, packetId: packet.messageId ?? null,
      properties: packet.properties === undefined ? null : fromMqttProperties(packet.properties), receivedAt: at,
    }
    for (const cb of this.messageListeners) safely(() => cb(topic, bytes, info))
  }

  private rollRate(second: number): void {
    if (second - this.rateSecond >= RATE_WINDOW_S) this.rateBuckets.fill(0)
    else for (let s = this.rateSecond + 1; s <= second; s++) this.rateBuckets[s % RATE_WINDOW_S] = 0
    this.rateSecond = Math.max(this.rateSecond, second)
  }
}

function isErrorInfo(x: unknown): x is ConnectionErrorInfo {
  return typeof x === 'object' && x !== null && 'kind' in x && 'message' in x && !(x instanceof Error)
}

function isRetryable(info: ConnectionErrorInfo, version: 3 | 4 | 5): boolean {
  if (info.kind === 'tls') return false // a certificate does not fix itself; retrying only hides the message
  if (info.kind === 'connack') return version === 5 ? RETRYABLE_CONNACK_V5.has(info.reasonCode ?? 0) : info.reasonCode === CONNACK_V3.SERVER_UNAVAILABLE
  if (info.kind === 'disconnect' && info.reasonCode !== undefined) return !FINAL_DISCONNECTS.has(info.reasonCode)
  return true
}

/** Sends DISCONNECT and waits for the socket to close; a broker that holds QoS acks back cannot stall us past the grace time. */
function endGracefully(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { client.stream?.destroy(); resolve() }, DISCONNECT_GRACE_MS)
    client.end(false, {}, () => { clearTimeout(timer); resolve() })
  })
}

function addListener<T>(set: Set<T>, cb: T): () => void {
  set.add(cb)
  return () => void set.delete(cb)
}

/** Observers must not break the connection (house style B5: each observer call is wrapped). */
function safely(fn: () => void): void {
  try { fn() } catch { /* an observer's bug is its own; the connection carries on */ }
}

type MqttUserProperties = Record<string, string | string[]>

function toUserProperties(pairs: Array<{ key: string; value: string }>): MqttUserProperties {
  const out: MqttUserProperties = {}
  for (const { key, value } of pairs) {
    const prev = out[key]
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

function toMqttProperties(p: MessageProperties): NonNullable<IClientPublishOptions['properties']> {
  return compact({
    payloadFormatIndicator: p.payloadFormatIndicator, messageExpiryInterval: p.messageExpiryIntervalS, contentType: p.contentType, responseTopic: p.responseTopic,
    correlationData: p.correlationData === undefined ? undefined : Buffer.from(p.correlationData),
    userProperties: p.userProperties === undefined ? undefined : toUserProperties(p.userProperties),
  })
}

function fromMqttProperties(p: NonNullable<IPublishPacket['properties']>): MessageProperties {
  const ids = p.subscriptionIdentifier
  return compact({
    payloadFormatIndicator: p.payloadFormatIndicator, messageExpiryIntervalS: p.messageExpiryInterval, contentType: p.contentType, responseTopic: p.responseTopic,
    correlationData: p.correlationData === undefined ? undefined : new Uint8Array(p.correlationData),
    userProperties: p.userProperties === undefined ? undefined
      : Object.entries(p.userProperties).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ key, value: String(value) }))),
    subscriptionIds: ids === undefined ? undefined : Array.isArray(ids) ? ids : [ids],
  })
}

/** The same object without its null and undefined fields (MQTT.js encodes every present key). */
function compact<T extends object>(o: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> }
}
