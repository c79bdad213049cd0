// SessionStore kept in Maps: the reference behaviour the SQLite store is tested against, and the store
// of tests that need no file. Nothing survives the process. A commit is all or nothing: every change is
// logged with its undo, and a batch that fails (a dangling reference, an unknown op) is undone.
import { isSessionExpired } from './load-rules'
import { NOTHING_FORGOTTEN } from './session-store'
import type {
  CommitOutcome, SessionStore, StoreOp, StoredDelivery, StoredMessage, StoredSession, StoredState, StoredSubscription,
} from './session-store'

/** In-memory SessionStore with the same rules as the SQLite one (including its reference checks). */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>()
  /** clientId → filter → subscription. */
  private readonly subscriptions = new Map<string, Map<string, StoredSubscription>>()
  private readonly messages = new Map<number, StoredMessage>()
  private readonly deliveries = new Map<number, StoredDelivery>()
  /** clientId → ids of its deliveries. */
  private readonly deliveriesByClient = new Map<string, Set<number>>()
  private readonly inboundQos2 = new Map<string, Set<number>>()
  private readonly retained = new Map<string, StoredMessage>()
  private lastMessageId = 0
  private lastDeliveryId = 0
  private closed = false
  /** Undo steps of the batch being applied, newest last. */
  private undo: Array<() => void> = []

  /** Applies the batch, then checks that what it put refers to stored rows; on any error undoes it all and throws. */
  commit(ops: readonly StoreOp[]): CommitOutcome {
    this.assertOpen()
    this.undo = []
    try {
      for (const op of ops) this.apply(op)
      this.checkReferences(ops)
      return NOTHING_FORGOTTEN
    } catch (err) {
      for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!()
      throw err
    } finally {
      this.undo = []
    }
  }

  /** Returns copies of everything, after deleting the sessions whose expiry passed (see isSessionExpired). */
  load(now: number): StoredState {
    this.assertOpen()
    for (const s of [...this.sessions.values()]) if (isSessionExpired(s, now)) this.deleteSession(s.clientId)
    this.undo = []
    const deliveries = [...this.deliveries.values()].sort((a, b) => a.id - b.id).map(copyDelivery)
    const referenced = new Set(deliveries.map((d) => d.messageId))
    return {
      sessions: [...this.sessions.values()].sort((a, b) => compare(a.clientId, b.clientId)).map((s) => ({ ...s })),
      subscriptions: [...this.subscriptions.values()].flatMap((m) => [...m.values()])
        .sort((a, b) => compare(a.clientId, b.clientId) || compare(a.filter, b.filter)).map((s) => ({ ...s })),
      messages: [...this.messages.values()].filter((m) => referenced.has(m.id)).sort((a, b) => a.id - b.id).map((m) => ({ ...m })),
      deliveries,
      inboundQos2: [...this.inboundQos2].flatMap(([clientId, ids]) => [...ids].map((packetId) => ({ clientId, packetId })))
        .sort((a, b) => compare(a.clientId, b.clientId) || a.packetId - b.packetId),
      retained: [...this.retained.values()].sort((a, b) => compare(a.topic, b.topic)).map((m) => ({ ...m })),
      lastMessageId: this.lastMessageId,
      lastDeliveryId: this.lastDeliveryId,
    }
  }

  /** Deletes messages no delivery refers to and retained messages whose expiry passed; returns how many went. */
  prune(now: number): number {
    this.assertOpen()
    const referenced = new Set([...this.deliveries.values()].map((d) => d.messageId))
    let count = 0
    for (const id of [...this.messages.keys()]) if (!referenced.has(id) && this.messages.delete(id)) count++
    for (const [topic, m] of [...this.retained]) if (m.expiresAt !== null && m.expiresAt <= now && this.retained.delete(topic)) count++
    return count
  }

  /** Drops everything; later calls throw, as they would on a closed database. */
  close(): void {
    this.closed = true
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the session store is closed')
  }

  private apply(op: StoreOp): void {
    switch (op.op) {
      case 'put-session': return this.set(this.sessions, op.session.clientId, { ...op.session })
      case 'delete-session': return this.deleteSession(op.clientId)
      case 'put-subscription': {
        const s = op.subscription
        return this.set(this.inner(this.subscriptions, s.clientId, () => new Map()), s.filter, { ...s })
      }
      case 'delete-subscription': return this.remove(this.subscriptions.get(op.clientId), op.filter)
      case 'put-message':
        this.raise('message', op.message.id)
        return this.set(this.messages, op.message.id, { ...op.message })
      case 'put-delivery': {
        const d = op.delivery
        const previous = this.deliveries.get(d.id)
        if (previous !== undefined && previous.clientId !== d.clientId) this.removeFromSet(this.deliveriesByClient.get(previous.clientId), d.id)
        this.addToSet(this.inner(this.deliveriesByClient, d.clientId, () => new Set()), d.id)
        this.raise('delivery', d.id)
        return this.set(this.deliveries, d.id, copyDelivery(d))
      }
      case 'delete-delivery': return this.deleteDelivery(op.id)
      case 'clear-deliveries':
        for (const id of [...(this.deliveriesByClient.get(op.clientId) ?? [])]) this.deleteDelivery(id)
        return
      case 'add-inbound-qos2': return this.addToSet(this.inner(this.inboundQos2, op.clientId, () => new Set()), op.packetId)
      case 'delete-inbound-qos2': return this.removeFromSet(this.inboundQos2.get(op.clientId), op.packetId)
      case 'put-retained':
        this.raise('message', op.message.id)
        return this.set(this.retained, op.message.topic, { ...op.message })
      case 'delete-retained': return this.remove(this.retained, op.topic)
      default: {
        const unknown: never = op
        throw new Error(`unknown store op ${JSON.stringify(unknown)}`)
      }
    }
  }

  /** What the SQLite store's deferred foreign keys check at COMMIT: rows put by the batch refer to stored rows. */
  private checkReferences(ops: readonly StoreOp[]): void {
    const missing = (what: string, parent: string) => new Error(`${what} refers to a missing ${parent}; the batch was not applied`)
    for (const op of ops) {
      if (op.op === 'put-delivery') {
        const d = this.deliveries.get(op.delivery.id)
        if (d === undefined) continue
        if (!this.sessions.has(d.clientId)) throw missing(`delivery ${d.id}`, `session '${d.clientId}'`)
        if (!this.messages.has(d.messageId)) throw missing(`delivery ${d.id}`, `message ${d.messageId}`)
      } else if (op.op === 'put-subscription') {
        const { clientId, filter } = op.subscription
        if (this.subscriptions.get(clientId)?.has(filter) === true && !this.sessions.has(clientId)) {
          throw missing(`subscription '${filter}'`, `session '${clientId}'`)
        }
      } else if (op.op === 'add-inbound-qos2') {
        if (this.inboundQos2.get(op.clientId)?.has(op.packetId) === true && !this.sessions.has(op.clientId)) {
          throw missing(`inbound QoS 2 id ${op.packetId}`, `session '${op.clientId}'`)
        }
      }
    }
  }

  private deleteSession(clientId: string): void {
    for (const filter of [...(this.subscriptions.get(clientId)?.keys() ?? [])]) this.remove(this.subscriptions.get(clientId), filter)
    for (const id of [...(this.deliveriesByClient.get(clientId) ?? [])]) this.deleteDelivery(id)
    for (const packetId of [...(this.inboundQos2.get(clientId) ?? [])]) this.removeFromSet(this.inboundQos2.get(clientId), packetId)
    this.remove(this.sessions, clientId)
  }

  private deleteDelivery(id: number): void {
    const d = this.deliveries.get(id)
    if (d === undefined) return
    this.removeFromSet(this.deliveriesByClient.get(d.clientId), id)
    this.remove(this.deliveries, id)
  }

  // The only mutators of the maps below: each logs how to undo itself. Emptied inner maps and sets stay
  // (an empty entry changes nothing that load returns), which keeps the undo log simple.

  private set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key)
    const previous = map.get(key)
    map.set(key, value)
    this.undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)))
  }

  private remove<K, V>(map: Map<K, V> | undefined, key: K): void {
    if (map === undefined || !map.has(key)) return
    const previous = map.get(key) as V
    map.delete(key)
    this.undo.push(() => map.set(key, previous))
  }

  private addToSet<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return
    set.add(value)
    this.undo.push(() => set.delete(value))
  }

  private removeFromSet<T>(set: Set<T> | undefined, value: T): void {
    if (set === undefined || !set.delete(value)) return
    this.undo.push(() => set.add(value))
  }

  private inner<K, V>(map: Map<K, V>, key: K, create: () => V): V {
    const existing = map.get(key)
    if (existing !== undefined) return existing
    const value = create()
    this.set(map, key, value)
    return value
  }

  private raise(counter: 'message' | 'delivery', id: number): void {
    const previous = counter === 'message' ? this.lastMessageId : this.lastDeliveryId
    if (id <= previous) return
    if (counter === 'message') this.lastMessageId = id
    else this.lastDeliveryId = id
    this.undo.push(() => {
      if (counter === 'message') this.lastMessageId = previous
      else this.lastDeliveryId = previous
    })
  }
}

function copyDelivery(d: StoredDelivery): StoredDelivery {
  return { ...d, subscriptionIds: [...d.subscriptionIds] }
}

/** UTF-16 code-unit order, for a stable result (only the order of deliveries is part of the contract). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
