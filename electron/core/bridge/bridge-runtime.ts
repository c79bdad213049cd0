// One bridge at work: an MQTT.js connection to the remote broker and one to the embedded broker, carrying
// messages along the topic rules. A message is acknowledged on the side it came from only once the other
// side has acknowledged it, so a QoS 1/2 message is never lost: while the remote is away, the local
// connection is closed and the embedded broker keeps what arrives in the bridge's persistent session
// (bounded by its queue limit, drops counted, stored when persistence is on) until the remote is back.
// Delivery is at least once: a message in flight when a link drops may arrive twice.
//
// Connections: one to the remote; two to the embedded broker, one subscribing (whose persistent session
// holds the queue) and one publishing what comes from the remote. MQTT.js handles a connection's packets
// one at a time, so a connection that waits for the other side's acknowledgment must never be the one
// that side waits on: with a single local connection, each side would wait for the other forever.
//
// Loops: the remote connection subscribes with MQTT 5 No Local, so what the bridge publishes there never
// comes back to it. A 3.1.1 remote has no No Local: what the bridge sent on a `both` rule is remembered
// briefly and the same topic and payload coming back is not forwarded again. On the embedded broker the
// bridge's own publishes carry the user property `topicscope-bridge: <id>`, and the bridge does not
// send those back out.
import { createHash } from 'node:crypto'
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import type { BridgeConfig, BridgeState, BridgeStatus } from '../../../shared/model/bridge'
import type { Session } from '../broker/session'
import type { Logger } from '../support/logger'
import { mapTopic, rulesFor, sourceFilter, type Leg } from './bridge-topics'

/** Where and as whom the bridge reaches the embedded broker (its trusted client credentials). */
export interface LocalEndpoint {
  host: string
  port: number
  username: string
  password: string
}

export interface BridgeRuntimeOptions {
  config: BridgeConfig
  /** The embedded broker's TCP listener now, or null when it does not run. */
  local(): LocalEndpoint | null
  /** The bridge's session on the embedded broker (its queue and drops), if any. */
  session(clientId: string): Session | undefined
  queuedMax(): number
  readFile(path: string): string
  log: Logger
  /** Reconnect delays to the remote: doubling from min to max. */
  backoff?: { minMs: number; maxMs: number }
  now?: () => number
}

/** The remote keeps a persistent session for a week of absence (MQTT 5 Session Expiry Interval). */
const REMOTE_SESSION_EXPIRY_S = 7 * 24 * 3600
/** The local session lasts as long as the bridge exists: 0xFFFFFFFF never expires (MQTT 5, 3.1.2.11.2). */
const LOCAL_SESSION_EXPIRY_S = 0xffff_ffff
/** Messages in flight to the bridge at once: the rest wait in its bounded session queue. */
const LOCAL_RECEIVE_MAXIMUM = 64
const ECHO_WINDOW_MS = 10_000
const MAX_ECHOES = 10_000

/** The user property that marks what a bridge published on the embedded broker. */
export const BRIDGE_MARK = 'topicscope-bridge'

/** The client id of a bridge's subscribing connection on the embedded broker (its session holds the queue). */
export function bridgeLocalClientId(id: string): string {
  return `topicscope-bridge-${id}`
}

export class BridgeRuntime {
  private remote: MqttClient | null = null
  private local: MqttClient | null = null
  /** Publishes what comes from the remote, so the subscribing connection is never waited on. */
  private localIn: MqttClient | null = null
  /** Bumped whenever the local connection is replaced: acks for an older one are dropped (it will redeliver). */
  private generation = 0
  private attempts = 0
  private retryTimer: NodeJS.Timeout | null = null
  private stopped = false
  private state: BridgeState = 'stopped'
  private since: number
  private retryAt: number | null = null
  private lastError: string | null = null
  /** refused: messages the remote answered with a refusal reason code (not retried: it would refuse again). */
  private readonly counters = { sent: 0, received: 0, reconnects: 0, refused: 0 }
  private readonly echoes = new Map<string, number>()
  private localReady: Promise<void> | null = null
  /** The short connection that makes the local session before the remote is reached (ended by stop()). */
  private prime: MqttClient | null = null
  private readonly now: () => number
  private readonly backoff: { minMs: number; maxMs: number }

  constructor(private readonly opts: BridgeRuntimeOptions) {
    this.now = opts.now ?? Date.now
    this.since = this.now()
    this.backoff = opts.backoff ?? { minMs: 1000, maxMs: 60_000 }
  }

  get config(): BridgeConfig {
    return this.opts.config
  }

  start(): void {
    this.stopped = false
    this.connectRemote()
    this.primeLocalSession()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const remote = this.remote
    this.remote = null
    const prime = this.prime
    this.prime = null
    await Promise.all([this.closeLocal(), remote?.endAsync(true), prime?.endAsync(true)])
    this.setState('stopped')
  }

  /** The embedded broker moved or came back: reconnect to it if the remote is up, else make sure the session is there. */
  localEndpointChanged(): void {
    if (this.stopped) return
    if (this.remote?.connected !== true) return this.primeLocalSession()
    void this.closeLocal().then(() => this.openLocal())
  }

  status(): BridgeStatus {
    const session = this.opts.session(bridgeLocalClientId(this.config.id))
    const dropped = session === undefined ? 0 : Object.values(session.counters.dropped).reduce((a, b) => a + b, 0)
    return {
      state: this.state, lastError: this.lastError, since: this.since, retryAt: this.retryAt,
      queued: (session?.queue.length ?? 0) + (session?.outbound.size ?? 0), queuedMax: this.opts.queuedMax(),
      sent: this.counters.sent, received: this.counters.received, reconnects: this.counters.reconnects, dropped: dropped + this.counters.refused,
    }
  }

  private setState(state: BridgeState): void {
    if (state === this.state) return
    this.state = state
    this.since = this.now()
  }

  private connectRemote(): void {
    const c = this.config
    const options: IClientOptions = {
      clientId: c.clientId, clean: c.cleanSession, protocolVersion: c.protocolVersion, reconnectPeriod: 0, connectTimeout: 10_000, keepalive: 30,
      username: c.username ?? undefined, password: c.password ?? undefined, rejectUnauthorized: c.verifyCertificate,
      ...(c.protocolVersion === 5 && !c.cleanSession ? { properties: { sessionExpiryInterval: REMOTE_SESSION_EXPIRY_S } } : {}),
    }
    if (c.caFile.trim() !== '') {
      try {
        options.ca = this.opts.readFile(c.caFile)
      } catch (err) {
        this.fail(`Cannot read the CA file ${c.caFile}: ${(err as Error).message}`)
        return
      }
    }
    this.setState('connecting')
    this.retryAt = null
    const remote = mqtt.connect(c.url, options)
    this.remote = remote
    remote.handleMessage = (packet, done) => void this.fromRemote(packet, done)
    remote.on('connect', () => {
      this.attempts = 0
      this.lastError = null
      this.setState('connected')
      this.subscribe(remote, 'in', c.protocolVersion === 5)
      void this.openLocal()
    })
    remote.on('error', (err) => { this.lastError = err.message })
    remote.on('close', () => {
      if (this.remote !== remote) return
      this.remote = null
      remote.end(true)
      void this.closeLocal()
      if (this.stopped) return
      this.lastError ??= 'The remote broker closed the connection.'
      this.scheduleRetry()
    })
  }

  private fail(reason: string): void {
    this.lastError = reason
    this.opts.log.warn(`Bridge '${this.config.name}': ${reason}`)
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** Math.min(this.attempts, 20))
    this.attempts++
    this.counters.reconnects++
    this.retryAt = this.now() + delay
    this.setState('waiting')
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (!this.stopped) this.connectRemote()
    }, delay)
    this.retryTimer.unref()
  }

  /**
   * Subscribes to what a leg carries. Over MQTT 5 with Retain As Published, so a retained message keeps
   * its flag on the other side, and on the remote with No Local.
   */
  private subscribe(client: MqttClient, leg: Leg, v5: boolean, then: () => void = () => undefined): void {
    const qos = new Map<string, 0 | 1 | 2>()
    for (const rule of rulesFor(this.config.topics, leg)) {
      const filter = sourceFilter(rule, leg)
      qos.set(filter, Math.max(qos.get(filter) ?? 0, rule.qos) as 0 | 1 | 2)
    }
    if (leg === 'out') {
      // The local session outlives edits of the rules: filters no rule needs any more go, or they would fill its queue.
      const stale = [...(this.opts.session(bridgeLocalClientId(this.config.id))?.subscriptions.keys() ?? [])].filter((f) => !qos.has(f))
      if (stale.length > 0) client.unsubscribe(stale)
    }
    if (qos.size === 0) return then()
    const subscriptions = Object.fromEntries([...qos].map(([filter, q]) => [filter, v5 ? { qos: q, nl: leg === 'in', rap: true } : { qos: q }]))
    client.subscribe(subscriptions, (err) => {
      if (err) this.lastError = `Subscribing on the ${leg === 'in' ? 'remote' : 'embedded'} broker failed: ${err.message}`
      then()
    })
  }

  /**
   * Makes the bridge's session on the embedded broker, with its subscriptions, before the remote is ever
   * reached: from then on what the rules take waits there. The short connection acknowledges nothing, so
   * what it is sent stays in the session for the real one.
   */
  private primeLocalSession(): void {
    const endpoint = this.opts.local()
    if (endpoint === null || this.remote?.connected === true || this.prime !== null) return
    const prime = mqtt.connect(`mqtt://${endpoint.host}:${endpoint.port}`, {
      protocolVersion: 5, keepalive: 0, reconnectPeriod: 0, username: endpoint.username, password: endpoint.password,
      clientId: bridgeLocalClientId(this.config.id), clean: false,
      properties: { sessionExpiryInterval: LOCAL_SESSION_EXPIRY_S, receiveMaximum: 1 },
    })
    this.prime = prime
    const end = (): void => {
      if (this.prime === prime) this.prime = null
      void prime.endAsync(true)
    }
    // No PUBACK for what the session already holds (done with an error), but MQTT.js goes on reading, so
    // the SUBACK that ends this connection is not stuck behind those messages.
    prime.handleMessage = (_packet, done) => done(new Error('priming the session only'))
    prime.on('connect', () => this.subscribe(prime, 'out', true, end))
    prime.on('error', end)
  }

  private openLocal(): Promise<void> {
    // Stopped, or the remote went, while an earlier close was under way: no local leg without a remote.
    if (this.stopped || this.remote?.connected !== true) return Promise.resolve()
    // Two connections with the bridge's client id would take the session from each other.
    for (const old of [this.local, this.localIn]) void old?.endAsync(true)
    const endpoint = this.opts.local()
    if (endpoint === null) {
      this.lastError = 'The embedded broker is not running: messages wait on the remote.'
      return Promise.resolve()
    }
    const generation = ++this.generation
    const url = `mqtt://${endpoint.host}:${endpoint.port}`
    const base = { protocolVersion: 5 as const, keepalive: 0, reconnectPeriod: 1000, username: endpoint.username, password: endpoint.password }
    const local = mqtt.connect(url, {
      ...base, clientId: bridgeLocalClientId(this.config.id), clean: false,
      properties: { sessionExpiryInterval: LOCAL_SESSION_EXPIRY_S, receiveMaximum: LOCAL_RECEIVE_MAXIMUM },
    })
    const localIn = mqtt.connect(url, { ...base, clientId: `${bridgeLocalClientId(this.config.id)}-in`, clean: true })
    this.local = local
    this.localIn = localIn
    local.handleMessage = (packet, done) => void this.toRemote(generation, packet, done)
    this.localReady = new Promise((resolve) => localIn.once('connect', () => resolve()))
    local.on('connect', () => this.subscribe(local, 'out', true))
    for (const c of [local, localIn]) c.on('error', (err) => { this.lastError = `Embedded broker: ${err.message}` })
    return this.localReady
  }

  private async closeLocal(): Promise<void> {
    this.generation++
    const clients = [this.local, this.localIn]
    this.local = null
    this.localIn = null
    this.localReady = null
    await Promise.all(clients.map((c) => c?.endAsync(true)))
  }

  /** Embedded broker → remote; acknowledged locally once the remote has it. */
  private toRemote(generation: number, packet: IPublishPacket, done: (err?: Error) => void): void {
    const remote = this.remote
    // What this bridge brought in from the remote does not go back out.
    if (packet.properties?.userProperties?.[BRIDGE_MARK] === this.config.id) return done()
    const mapped = mapTopic(this.config.topics, 'out', packet.topic)
    if (mapped === null) return done()
    // Every path ends in done(): MQTT.js reads nothing more from this connection until it is called. With an
    // error it sends no PUBACK, so the embedded broker sends the message again on the next connection.
    if (remote === null) return done(new Error('the remote is not connected'))
    const payload = packet.payload as Buffer
    if (mapped.rule.direction === 'both' && this.config.protocolVersion !== 5) this.remember(mapped.topic, payload)
    const qos = Math.min(packet.qos, mapped.rule.qos) as 0 | 1 | 2
    remote.publish(mapped.topic, payload, { qos, retain: packet.retain, ...this.carried(packet, this.config.protocolVersion === 5) }, (err) => {
      if (err !== undefined && err !== null) {
        this.lastError = `Publishing to the remote failed: ${err.message}`
        // A refusal (a reason code such as 0x87 Not authorized) would come again on every try: it is counted
        // and let go. Anything else (the connection went) leaves the message to be sent again.
        const refused = typeof (err as { code?: unknown }).code === 'number' && (err as { code: number }).code >= 0x80
        if (refused) this.counters.refused++
        if (qos > 0 && generation === this.generation) done(refused ? undefined : err) // QoS 0 was done at once
        return
      }
      this.counters.sent++
      if (qos > 0 && generation === this.generation) done()
    })
    if (qos === 0) done()
  }

  /** Remote → embedded broker; acknowledged to the remote once the embedded broker has it. */
  private async fromRemote(packet: IPublishPacket, done: (err?: Error) => void): Promise<void> {
    const payload = packet.payload as Buffer
    if (this.config.protocolVersion !== 5 && this.isEcho(packet.topic, payload)) return done()
    const mapped = mapTopic(this.config.topics, 'in', packet.topic)
    if (mapped === null) return done()
    await this.localReady
    const local = this.localIn
    if (local === null) return done(new Error('the embedded broker is not connected')) // no PUBACK: the remote sends it again
    const { properties } = this.carried(packet, true)
    const marked = { ...properties, userProperties: { ...properties?.userProperties, [BRIDGE_MARK]: this.config.id } }
    local.publish(mapped.topic, payload, { qos: packet.qos, retain: packet.retain, properties: marked }, (err) => {
      if (err !== undefined && err !== null) {
        this.lastError = `Publishing on the embedded broker failed: ${err.message}`
        if (packet.qos > 0) done(err) // no PUBACK to the remote, which sends it again; the next messages go on
        return
      }
      this.counters.received++
      if (packet.qos > 0) done()
    })
    if (packet.qos === 0) done()
  }

  /** The MQTT 5 properties a bridged message keeps (the others belong to one connection). */
  private carried(packet: IPublishPacket, v5: boolean): { properties?: IPublishPacket['properties'] } {
    const p = packet.properties
    if (!v5 || p === undefined) return {}
    const { payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic, correlationData, userProperties } = p
    return { properties: { payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic, correlationData, userProperties } }
  }

  private echoKey(topic: string, payload: Buffer): string {
    return `${topic}\u0000${createHash('sha1').update(payload).digest('base64')}`
  }

  private remember(topic: string, payload: Buffer): void {
    if (this.echoes.size >= MAX_ECHOES) this.echoes.delete(this.echoes.keys().next().value as string)
    this.echoes.set(this.echoKey(topic, payload), this.now() + ECHO_WINDOW_MS)
  }

  private isEcho(topic: string, payload: Buffer): boolean {
    if (this.echoes.size === 0) return false
    const key = this.echoKey(topic, payload)
    const until = this.echoes.get(key)
    if (until === undefined) return false
    this.echoes.delete(key)
    return until >= this.now()
  }
}
