// The embedded broker: client and session registry, routing, retained store, wills, session expiry,
// and listeners. Protocol details live in connection.ts and handlers/; sockets in listeners/.
import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import type { Logger } from '../support/logger'
import type { BrokerContext } from './broker-context'
import { newCounters, type BrokerCounters } from './broker-stats'
import { Connection } from './connection'
import type { BrokerObserver, BrokerPolicy, ClientInfo, DropReason } from './hooks'
import { resolveLimits, type BrokerLimits } from './limits'
import type { BrokerMessage } from './message'
import { RetainedStore } from './retained'
import type { Session, SubscriptionOptions } from './session'
import { deliver } from './session-delivery'
import { SubscriptionIndex } from './subscription-index'
import { NO_PERSISTENCE, type Persister } from './persistence/persister'
import { restoreState } from './persistence/restore'
import type { StoredState } from './persistence/session-store'

export interface BrokerOptions {
  limits?: Partial<BrokerLimits>
  persister?: Persister
  policy?: BrokerPolicy
  log: Logger
  now?: () => number
}

/** Per-client merge of every matching subscription: one delivery per client [MQTT-3.3.4-2]. */
interface Target {
  qos: 0 | 1 | 2
  retainAsPublished: boolean
  subscriptionIds: number[]
}

export class Broker implements BrokerContext {
  readonly limits: BrokerLimits
  readonly log: Logger
  readonly sessions = new Map<string, Session>()
  readonly connections = new Map<string, Connection>()
  readonly subscriptions = new SubscriptionIndex()
  readonly retained = new RetainedStore()
  readonly counters: BrokerCounters = newCounters()
  readonly startedAt: number
  /** Sockets not yet past CONNECT (they count towards maxConnections too). */
  private readonly handshaking = new Set<Connection>()
  private readonly observers = new Set<BrokerObserver>()
  /** Wills waiting for their Will Delay Interval, by client id; the timer is re-armed for delays past setTimeout's range. */
  private readonly delayedWills = new Map<string, { timer: NodeJS.Timeout; will: BrokerMessage }>()
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>()
  private clientIdSeq = 0
  private closed = false
  policy: BrokerPolicy
  persister: Persister
  readonly now: () => number

  constructor(opts: BrokerOptions) {
    this.limits = resolveLimits(opts.limits)
    this.policy = opts.policy ?? {}
    this.persister = opts.persister ?? NO_PERSISTENCE
    this.log = opts.log
    this.now = opts.now ?? Date.now
    this.startedAt = this.now()
  }

  /** Adds an observer; returns the function that removes it. */
  observe(observer: BrokerObserver): () => void {
    this.observers.add(observer)
    return () => void this.observers.delete(observer)
  }

  /** Whether some observer listens to `method` (so work only it needs can be skipped otherwise). */
  observes(method: keyof BrokerObserver): boolean {
    for (const observer of this.observers) if (observer[method] !== undefined) return true
    return false
  }

  notify<K extends keyof BrokerObserver>(method: K, ...args: Parameters<NonNullable<BrokerObserver[K]>>): void {
    if (this.observers.size === 0) return
    for (const observer of this.observers) {
      const fn = observer[method] as ((...a: unknown[]) => void) | undefined
      if (fn === undefined) continue
      try {
        fn.apply(observer, args)
      } catch (err) {
        this.log.error(`A broker observer failed in ${method}`, err)
      }
    }
  }

  /** Takes a connected socket from a listener. `address` is "ip:port". */
  accept(socket: Duplex, address: string, listener: string, certificateCommonName: string | null = null): void {
    if (this.closed) {
      socket.destroy()
      return
    }
    this.counters.connectionsTotal++
    const conn = new Connection(socket, this, address, listener, certificateCommonName)
    this.handshaking.add(conn)
    socket.once('close', () => this.handshaking.delete(conn))
  }

  attach(conn: Connection, session: Session): void {
    this.handshaking.delete(conn)
    conn.session = session
    session.disconnectedAt = null
    this.clearTimer(this.expiryTimers, session.clientId)
    this.connections.set(session.clientId, conn)
    this.persister.sessionChanged(session)
    this.notify('sessionChanged', { kind: 'connected', clientId: session.clientId, reason: 'CONNECT accepted' })
  }

  detach(conn: Connection, publishWill: boolean): void {
    const session = conn.session
    if (session === null || this.connections.get(session.clientId) !== conn) return
    this.connections.delete(session.clientId)
    session.disconnectedAt = this.now()
    this.notify('sessionChanged', { kind: 'disconnected', clientId: session.clientId, reason: publishWill ? 'connection lost' : 'DISCONNECT' })
    const will = conn.will
    conn.will = null
    if (publishWill && will !== null) this.scheduleWill(session, will.message, will.delaySeconds)
    if (session.expiryIntervalS === 0) {
      this.discardSession(session.clientId)
      return
    }
    this.persister.sessionChanged(session)
    this.scheduleExpiry(session)
  }

  route(message: BrokerMessage, from: ClientInfo | null): number {
    if (message.retain) {
      this.retained.set(message)
      // $SYS values are rebuilt at start; storing them would rewrite dozens of rows every interval.
      if (!message.topic.startsWith('$SYS/')) {
        if (message.payload.length === 0) this.persister.retainedDeleted(message.topic)
        else this.persister.retainedPut(message)
      }
    }
    const targets = new Map<string, Target>()
    const publisher = from?.clientId ?? null
    this.subscriptions.match(message.topic, (clientId, options, shared) => {
      // No Local: not back to the publisher [MQTT-3.8.3-3 (5.0)].
      if (options.noLocal && !shared && clientId === publisher) return
      mergeTarget(targets, clientId, options)
    }, (clientId) => this.connections.has(clientId))
    let reached = 0
    for (const [clientId, target] of targets) {
      const session = this.sessions.get(clientId)
      if (session === undefined) continue
      const conn = this.connections.get(clientId) ?? null
      if (this.policy.authorizeRead !== undefined && conn !== null && !this.policy.authorizeRead(conn.info, message.topic)) {
        this.countDrop(clientId, message.topic, 'not-authorized')
        continue
      }
      const qos = Math.min(message.qos, target.qos) as 0 | 1 | 2
      // Forwarded messages carry RETAIN=0 unless Retain As Published [MQTT-3.3.1-9 (3.1.1)], [MQTT-3.3.1-12 (5.0)].
      deliver(session, conn, { message, qos, retain: target.retainAsPublished && message.retain, subscriptionIds: target.subscriptionIds }, this)
      reached++
    }
    if (reached === 0 && !message.retain) this.countDrop(null, message.topic, 'no-subscribers')
    return reached
  }

  countDrop(clientId: string | null, topic: string, reason: DropReason): void {
    this.counters.dropped[reason]++
    if (clientId !== null) {
      const session = this.sessions.get(clientId)
      if (session !== undefined) session.counters.dropped[reason]++
    }
    this.notify('messageDropped', { clientId, topic, reason })
  }

  discardSession(clientId: string): void {
    const session = this.sessions.get(clientId)
    if (session === undefined) return
    for (const filter of session.subscriptions.keys()) this.subscriptions.remove(clientId, filter)
    this.sessions.delete(clientId)
    this.persister.sessionDeleted(clientId)
    this.clearTimer(this.expiryTimers, clientId)
    // A delayed will is published when its session ends, whichever comes first [MQTT-3.1.3-9 (5.0)].
    const pendingWill = this.delayedWills.get(clientId)
    if (pendingWill !== undefined) {
      this.cancelDelayedWill(clientId)
      this.publishWill(pendingWill.will)
    }
    this.notify('sessionChanged', { kind: 'discarded', clientId })
  }

  assignClientId(): string {
    return `topicscope-${randomBytes(6).toString('hex')}-${++this.clientIdSeq}`
  }

  cancelDelayedWill(clientId: string): void {
    const pending = this.delayedWills.get(clientId)
    if (pending !== undefined) clearTimeout(pending.timer)
    this.delayedWills.delete(clientId)
  }

  /** Loads the state a SessionStore kept (before any listener opens); offline sessions get their expiry armed. */
  restore(state: StoredState): void {
    for (const session of restoreState(this, state, this.now())) this.scheduleExpiry(session)
  }

  /** Publishes a message on behalf of the broker itself ($SYS) or the app. */
  publishInternal(message: BrokerMessage): number {
    return this.route(message, null)
  }

  /** Connections still in the CONNECT handshake plus accepted ones. */
  get connectionCount(): number {
    return this.connections.size + this.handshaking.size
  }

  /**
   * Changes limits while running: the next CONNECT, PUBLISH and queued message use them. Messages already
   * queued stay, even above a lowered queue limit; CONNACK values already sent stay with their connection.
   */
  updateLimits(changes: Partial<BrokerLimits>): void {
    Object.assign(this.limits, changes)
    const queueLimits = { maxMessages: this.limits.maxQueuedMessages, maxBytes: this.limits.maxQueuedBytes, policy: this.limits.queueDropPolicy }
    for (const session of this.sessions.values()) session.queue.setLimits(queueLimits)
  }

  /** Disconnects the clients a listener accepted (v5: DISCONNECT 0x8B, no will), before it closes. */
  disconnectListener(listener: string): number {
    let count = 0
    for (const conn of [...this.connections.values(), ...this.handshaking]) {
      if (conn.info.listener !== listener) continue
      conn.disconnect(0x8b, false)
      count++
    }
    return count
  }

  /** Closes every connection (without publishing wills) and stops all timers. */
  close(): void {
    this.closed = true
    for (const conn of [...this.connections.values(), ...this.handshaking]) conn.disconnect(0x8b, false)
    for (const timer of [...[...this.delayedWills.values()].map((d) => d.timer), ...this.expiryTimers.values()]) clearTimeout(timer)
    this.delayedWills.clear()
    this.expiryTimers.clear()
  }

  /** Will Delay Interval: wait, unless the session ends sooner; a reconnect cancels it [MQTT-3.1.3-9 (5.0)]. */
  private scheduleWill(session: Session, will: BrokerMessage, delaySeconds: number): void {
    const delayS = Math.min(delaySeconds, session.expiryIntervalS)
    if (delayS <= 0) {
      this.publishWill(will)
      return
    }
    const clientId = session.clientId
    const dueAt = this.now() + delayS * 1000
    const fire = () => {
      const pending = this.delayedWills.get(clientId)
      if (pending === undefined) return
      // Delays past setTimeout's range (about 24.8 days) re-arm instead of overflowing to 1 ms.
      const remaining = dueAt - this.now()
      if (remaining > 0) {
        pending.timer = setTimeout(fire, Math.min(remaining, MAX_TIMER_MS)).unref()
        return
      }
      this.delayedWills.delete(clientId)
      this.publishWill(will)
    }
    this.delayedWills.set(clientId, { timer: setTimeout(fire, Math.min(delayS * 1000, MAX_TIMER_MS)).unref(), will })
  }

  private publishWill(will: BrokerMessage): void {
    // The will's Message Expiry Interval is its lifetime once published, not counted from CONNECT (MQTT 5 §3.1.3.2.4).
    const now = this.now()
    const expiresAt = will.expiresAt === null ? null : now + (will.expiresAt - will.receivedAt)
    const stamped: BrokerMessage = { ...will, receivedAt: now, expiresAt }
    this.notify('willPublished', stamped)
    this.route(stamped, null)
  }

  private scheduleExpiry(session: Session): void {
    const at = session.expiresAt()
    if (at === null) return
    const clientId = session.clientId
    const fire = () => {
      const current = this.sessions.get(clientId)
      if (current !== session || current.disconnectedAt === null) return
      const remaining = (current.expiresAt() ?? 0) - this.now()
      if (remaining > 0) {
        this.expiryTimers.set(clientId, setTimeout(fire, Math.min(remaining, MAX_TIMER_MS)).unref())
        return
      }
      this.expiryTimers.delete(clientId)
      // A delayed will (min(will delay, session expiry)) fires on its own timer at the latest now.
      this.discardSession(clientId)
      this.notify('sessionChanged', { kind: 'expired', clientId })
    }
    this.expiryTimers.set(clientId, setTimeout(fire, Math.min(Math.max(0, at - this.now()), MAX_TIMER_MS)).unref())
  }

  private clearTimer(timers: Map<string, NodeJS.Timeout>, key: string): void {
    const timer = timers.get(key)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(key)
  }
}

/** setTimeout's largest delay (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1

function mergeTarget(targets: Map<string, Target>, clientId: string, options: SubscriptionOptions): void {
  const existing = targets.get(clientId)
  if (existing === undefined) {
    targets.set(clientId, { qos: options.qos, retainAsPublished: options.retainAsPublished, subscriptionIds: options.subscriptionId === null ? [] : [options.subscriptionId] })
    return
  }
  // Overlapping subscriptions: once, at the highest QoS, with every Subscription Identifier [MQTT-3.3.4-3 (5.0)].
  if (options.qos > existing.qos) existing.qos = options.qos
  existing.retainAsPublished ||= options.retainAsPublished
  if (options.subscriptionId !== null) existing.subscriptionIds.push(options.subscriptionId)
}
