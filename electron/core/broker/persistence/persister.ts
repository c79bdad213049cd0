// Turns the broker's state changes into SessionStore operations and commits them in groups: every change
// of a few milliseconds goes into one transaction, and acknowledgments registered with afterDurable are
// sent only once the transaction holding their message has committed. Clean sessions are never stored.
import type { OutboundEntry } from '../inflight'
import type { BrokerMessage, Delivery } from '../message'
import type { Session, SubscriptionOptions } from '../session'
import { coalesceOps } from './coalesce-ops'
import type { PersistenceMode, SessionStore, StoreOp } from './session-store'
import { toStoredMessage } from './stored-message'

/** Called once per durable point: err is set when the commit failed (the caller refuses what waited on it). */
export type DurableCallback = (err: Error | null) => void

/** What the broker tells about changes; NO_PERSISTENCE ignores them all. */
export interface Persister {
  readonly mode: PersistenceMode
  sessionChanged(session: Session): void
  sessionDeleted(clientId: string): void
  subscriptionPut(session: Session, filter: string, options: SubscriptionOptions): void
  subscriptionDeleted(session: Session, filter: string): void
  deliveryQueued(session: Session, delivery: Delivery): void
  /** A delivery was written to the socket; `entry` is its inflight state for QoS 1/2, null for QoS 0. */
  deliverySent(session: Session, delivery: Delivery, entry: OutboundEntry | null): void
  deliveryStateChanged(session: Session, entry: OutboundEntry): void
  deliveryFinished(session: Session, entry: OutboundEntry): void
  deliveryDropped(session: Session, delivery: Delivery): void
  inboundQos2(session: Session, packetId: number, added: boolean): void
  retainedPut(message: BrokerMessage): void
  retainedDeleted(topic: string): void
  /** Runs `cb` after everything changed so far is durable (at once without persistence). */
  afterDurable(cb: DurableCallback): void
  /** Commits now (at close). */
  flush(): void
  /** Commits what waits, then deletes stored messages nothing refers to any more; returns how many rows went. */
  prune(now: number): number
  /** Registers a restored row so later changes update it instead of adding another. */
  adopt(delivery: Delivery, deliveryId: number, message: BrokerMessage, messageId: number): void
}

/** Memory only: nothing is written and acknowledgments are never delayed. */
export const NO_PERSISTENCE: Persister = {
  mode: 'none',
  sessionChanged: () => undefined,
  sessionDeleted: () => undefined,
  subscriptionPut: () => undefined,
  subscriptionDeleted: () => undefined,
  deliveryQueued: () => undefined,
  deliverySent: () => undefined,
  deliveryStateChanged: () => undefined,
  deliveryFinished: () => undefined,
  deliveryDropped: () => undefined,
  inboundQos2: () => undefined,
  retainedPut: () => undefined,
  retainedDeleted: () => undefined,
  afterDurable: (cb) => cb(null),
  flush: () => undefined,
  prune: () => 0,
  adopt: () => undefined,
}

/**
 * How long a batch gathers before it is committed (then after one more round of socket reads). Long
 * enough for a fast subscriber's PUBACKs to arrive, so their deliveries cancel out instead of being
 * written and deleted (QoS 1 persistent throughput 0.5x → 0.7x of in-memory in the bench), short enough
 * not to hold acknowledgments back noticeably; with fsync on each commit it also shares one sync.
 */
export const DEFAULT_COMMIT_INTERVAL_MS = 2

export interface StorePersisterOptions {
  mode: 'queued' | 'acknowledged'
  commitIntervalMs?: number
  lastMessageId: number
  lastDeliveryId: number
  /** Told about every failed commit (log and UI); the waiting callbacks get the error too. */
  onFailure(err: Error): void
}

/** The persister of the queued and acknowledged modes. */
export class StorePersister implements Persister {
  readonly mode: 'queued' | 'acknowledged'
  private batch: StoreOp[] = []
  private callbacks: DurableCallback[] = []
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null
  /**
   * True when the batch holds a QoS 1 delivery just sent to a connected subscriber: its PUBACK may arrive
   * within the commit interval and cancel the writes, so the commit waits. Otherwise it runs after the
   * current socket reads: QoS 2 handshakes need several round trips and gain nothing from waiting.
   */
  private waitForAcks = false
  private readonly messageIds = new WeakMap<BrokerMessage, number>()
  private readonly deliveryIds = new WeakMap<Delivery, number>()
  /** Messages first put in the current batch: forgotten if it fails, so they are put again later. */
  private batchMessages: BrokerMessage[] = []
  /** Every message put in the current batch (first put or again after `stored` was forgotten). */
  private batchPuts: BrokerMessage[] = []
  /**
   * Messages whose row is known to be in the store, or put in the current batch: a later use needs no
   * put. Forgotten wholesale when prune() runs (it deletes the rows no delivery refers to, such as a
   * retained message sent to one subscriber, acknowledged, and later sent to another) and when a commit
   * fails: every message is then put once more on its next use, which costs nothing for a row that exists.
   */
  private stored = new WeakSet<BrokerMessage>()
  private nextMessageId: number
  private nextDeliveryId: number

  constructor(private readonly store: SessionStore, private readonly opts: StorePersisterOptions) {
    this.mode = opts.mode
    this.nextMessageId = opts.lastMessageId
    this.nextDeliveryId = opts.lastDeliveryId
  }

  sessionChanged(session: Session): void {
    if (session.expiryIntervalS === 0) {
      // A session that ends with its connection (or was just changed to) is not kept across restarts.
      this.push({ op: 'delete-session', clientId: session.clientId })
      return
    }
    this.push({ op: 'put-session', session: {
      clientId: session.clientId, expiryIntervalS: session.expiryIntervalS, disconnectedAt: session.disconnectedAt,
      protocolVersion: session.protocolVersion, username: session.username, createdAt: session.createdAt,
    } })
  }

  sessionDeleted(clientId: string): void {
    this.push({ op: 'delete-session', clientId })
  }

  subscriptionPut(session: Session, filter: string, o: SubscriptionOptions): void {
    if (session.expiryIntervalS === 0) return
    this.push({ op: 'put-subscription', subscription: { clientId: session.clientId, filter, qos: o.qos, noLocal: o.noLocal,
      retainAsPublished: o.retainAsPublished, retainHandling: o.retainHandling, subscriptionId: o.subscriptionId } })
  }

  subscriptionDeleted(session: Session, filter: string): void {
    if (session.expiryIntervalS === 0) return
    this.push({ op: 'delete-subscription', clientId: session.clientId, filter })
  }

  deliveryQueued(session: Session, delivery: Delivery): void {
    if (session.expiryIntervalS === 0) return
    this.putDelivery(session, delivery, 'queued', null)
  }

  deliverySent(session: Session, delivery: Delivery, entry: OutboundEntry | null): void {
    if (session.expiryIntervalS === 0) return
    // Queued mode forgets a message once written; acknowledged mode keeps QoS 1/2 until acknowledged.
    if (this.mode === 'queued' || entry === null) {
      this.deleteDelivery(delivery)
      return
    }
    this.putDelivery(session, delivery, entry.state, entry.packetId)
  }

  deliveryStateChanged(session: Session, entry: OutboundEntry): void {
    if (session.expiryIntervalS === 0 || this.mode === 'queued') return
    this.putDelivery(session, entry.delivery, entry.state, entry.packetId)
  }

  deliveryFinished(_session: Session, entry: OutboundEntry): void {
    this.deleteDelivery(entry.delivery)
  }

  deliveryDropped(_session: Session, delivery: Delivery): void {
    this.deleteDelivery(delivery)
  }

  inboundQos2(session: Session, packetId: number, added: boolean): void {
    if (session.expiryIntervalS === 0) return
    this.push(added ? { op: 'add-inbound-qos2', clientId: session.clientId, packetId } : { op: 'delete-inbound-qos2', clientId: session.clientId, packetId })
  }

  retainedPut(message: BrokerMessage): void {
    this.push({ op: 'put-retained', message: toStoredMessage(message, this.idOf(message, false)) })
  }

  retainedDeleted(topic: string): void {
    this.push({ op: 'delete-retained', topic })
  }

  afterDurable(cb: DurableCallback): void {
    // Nothing waits to be written, and nobody earlier waits: what the caller did needed no write.
    if (this.batch.length === 0 && this.callbacks.length === 0) return cb(null)
    this.callbacks.push(cb)
    this.schedule()
  }

  adopt(delivery: Delivery, deliveryId: number, message: BrokerMessage, messageId: number): void {
    this.deliveryIds.set(delivery, deliveryId)
    this.messageIds.set(message, messageId)
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.timer = null
    const { ops, droppedMessageIds } = coalesceOps(this.batch)
    const callbacks = this.callbacks
    const fresh = this.batchMessages
    const puts = this.batchPuts
    this.batch = []
    this.callbacks = []
    this.batchMessages = []
    this.batchPuts = []
    this.waitForAcks = false
    // A message nothing in this batch needed was not written: a later use must put it again.
    if (droppedMessageIds.size > 0) {
      const first = new Set(fresh)
      for (const message of puts) {
        if (!droppedMessageIds.has(this.messageIds.get(message) ?? -1)) continue
        this.stored.delete(message)
        if (first.has(message)) this.messageIds.delete(message)
      }
    }
    let failure: Error | null = null
    if (ops.length > 0) {
      try {
        // Applying the batch log left out messages nothing referred to: each is put again on its next use.
        if (this.store.commit(ops).messagesForgotten) this.stored = new WeakSet()
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err))
        for (const message of fresh) this.messageIds.delete(message)
        this.stored = new WeakSet()
        this.opts.onFailure(failure)
      }
    }
    for (const cb of callbacks) cb(failure)
  }

  prune(now: number): number {
    // The batch may use a message without putting it (it is in `stored`): commit it before rows can go.
    this.flush()
    this.stored = new WeakSet()
    return this.store.prune(now)
  }

  private putDelivery(session: Session, delivery: Delivery, state: 'queued' | OutboundEntry['state'], packetId: number | null): void {
    if (state === 'awaiting-puback') this.waitForAcks = true
    let id = this.deliveryIds.get(delivery)
    const fresh = id === undefined
    if (id === undefined) this.deliveryIds.set(delivery, (id = ++this.nextDeliveryId))
    const messageId = this.idOf(delivery.message, true)
    this.push({ op: 'put-delivery', fresh, delivery: {
      id, clientId: session.clientId, messageId, qos: delivery.qos, retain: delivery.retain,
      subscriptionIds: [...delivery.subscriptionIds], state, packetId,
    } })
  }

  private deleteDelivery(delivery: Delivery): void {
    const id = this.deliveryIds.get(delivery)
    if (id === undefined) return
    this.deliveryIds.delete(delivery)
    this.push({ op: 'delete-delivery', id })
  }

  /** The message's stored id; with `put`, a first use also stores the message in this batch. */
  private idOf(message: BrokerMessage, put: boolean): number {
    const known = this.messageIds.get(message)
    if (!put) return known ?? ++this.nextMessageId
    if (known !== undefined && this.stored.has(message)) return known
    const id = known ?? ++this.nextMessageId
    if (known === undefined) {
      this.messageIds.set(message, id)
      this.batchMessages.push(message)
    }
    this.stored.add(message)
    this.batchPuts.push(message)
    this.push({ op: 'put-message', message: toStoredMessage(message, id) })
    return id
  }

  private push(op: StoreOp): void {
    this.batch.push(op)
    this.schedule()
  }

  private schedule(): void {
    if (this.timer !== null) return
    const interval = this.opts.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS
    if (!this.waitForAcks || interval === 0) {
      this.timer = setImmediate(() => this.flush())
      return
    }
    // setImmediate runs after the pending socket reads, so acknowledgments already on their way join
    // this batch and cancel their deliveries' writes instead of adding deletes.
    this.timer = setTimeout(() => {
      this.timer = setImmediate(() => this.flush())
    }, interval)
  }
}
