// Per-clientId state that outlives connections: subscriptions, the outbound inflight window, the queue
// of waiting deliveries, inbound QoS 2 ids awaiting PUBREL, expiry and drop counters.
import type { DropReason } from './hooks'
import { OutboundInflight } from './inflight'
import type { BrokerLimits } from './limits'
import { SessionQueue } from './session-queue'

/** Options of one subscription, as granted [MQTT-3.8.3-…]. */
export interface SubscriptionOptions {
  qos: 0 | 1 | 2
  noLocal: boolean
  retainAsPublished: boolean
  retainHandling: 0 | 1 | 2
  subscriptionId: number | null
}

/** Traffic counters of one session, shown in the broker console. */
export interface SessionCounters {
  messagesIn: number
  messagesOut: number
  bytesIn: number
  bytesOut: number
  dropped: Record<DropReason, number>
}

/** Session Expiry Interval meaning "never" [MQTT-3.1.2-…]. */
export const SESSION_NEVER_EXPIRES = 0xffffffff

export class Session {
  /** Full filters (including "$share/group/") → options. */
  readonly subscriptions = new Map<string, SubscriptionOptions>()
  readonly outbound = new OutboundInflight()
  /** Inbound QoS 2 packet ids received, not yet released by PUBREL: a re-sent PUBLISH with one is not delivered again [MQTT-4.3.3-…]. */
  readonly inboundQos2 = new Set<number>()
  readonly queue: SessionQueue
  readonly counters: SessionCounters = {
    messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0,
    dropped: { 'queue-full': 0, expired: 0, 'too-large': 0, 'no-subscribers': 0, 'not-authorized': 0 },
  }
  /** Seconds; 0 = ends with the connection; SESSION_NEVER_EXPIRES = kept forever. */
  expiryIntervalS: number
  /** When the last connection ended (epoch ms), or null while connected. */
  disconnectedAt: number | null = null
  protocolVersion: 3 | 4 | 5
  username: string | null = null
  readonly createdAt: number

  constructor(readonly clientId: string, opts: { expiryIntervalS: number; protocolVersion: 3 | 4 | 5; limits: BrokerLimits; now: number }) {
    this.expiryIntervalS = opts.expiryIntervalS
    this.protocolVersion = opts.protocolVersion
    this.createdAt = opts.now
    this.queue = new SessionQueue({ maxMessages: opts.limits.maxQueuedMessages, maxBytes: opts.limits.maxQueuedBytes, policy: opts.limits.queueDropPolicy })
  }

  /** When an offline session ends (epoch ms), or null if it never does or is connected. */
  expiresAt(): number | null {
    if (this.disconnectedAt === null || this.expiryIntervalS === SESSION_NEVER_EXPIRES) return null
    return this.disconnectedAt + this.expiryIntervalS * 1000
  }
}
