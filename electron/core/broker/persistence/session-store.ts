// The broker's durable state behind one interface: sessions, subscriptions, deliveries (queued and
// inflight), inbound QoS 2 ids and retained messages. The broker keeps its live state in memory and
// writes every change here as an operation; `commit` applies a batch atomically (group commit), so a
// PUBACK can wait for exactly the transaction that made its message durable.
import type { DropReason } from '../hooks'

import type { Durability, PersistenceMode } from '../../../../shared/model/persistence'

export type { Durability, PersistenceMode }

/** A message as stored: payload and the MQTT 5 properties that travel with it. */
export interface StoredMessage {
  /** Assigned by the broker (unique per store, increasing); deliveries refer to it. */
  id: number
  topic: string
  payload: Uint8Array
  qos: 0 | 1 | 2
  retain: boolean
  /** MQTT 5 properties forwarded with the message, as JSON text (Uint8Array fields base64 under a "$b64" key). */
  propertiesJson: string | null
  publisher: string | null
  receivedAt: number
  expiresAt: number | null
}

export interface StoredSession {
  clientId: string
  /** Seconds; 0xFFFFFFFF = never. */
  expiryIntervalS: number
  /** null while connected (at a crash, the broker treats those as disconnected at restart). */
  disconnectedAt: number | null
  protocolVersion: 3 | 4 | 5
  username: string | null
  createdAt: number
}

export interface StoredSubscription {
  clientId: string
  /** Full filter, "$share/group/…" included. */
  filter: string
  qos: 0 | 1 | 2
  noLocal: boolean
  retainAsPublished: boolean
  retainHandling: 0 | 1 | 2
  subscriptionId: number | null
}

/** Where a delivery stands: waiting in the queue, or sent and awaiting its acknowledgment. */
export type DeliveryState = 'queued' | 'awaiting-puback' | 'awaiting-pubrec' | 'awaiting-pubcomp'

export interface StoredDelivery {
  /** Assigned by the broker (unique per store, increasing = queue order). */
  id: number
  clientId: string
  messageId: number
  qos: 0 | 1 | 2
  retain: boolean
  subscriptionIds: number[]
  state: DeliveryState
  /** Set once sent (state other than 'queued'). */
  packetId: number | null
}

export interface StoredRetained {
  /** The message (its topic is the retained topic). */
  message: StoredMessage
}

/** One change; a batch of them is committed atomically. */
export type StoreOp =
  | { op: 'put-session'; session: StoredSession }
  | { op: 'delete-session'; clientId: string } // also its subscriptions, deliveries and inbound QoS 2 ids
  | { op: 'put-subscription'; subscription: StoredSubscription }
  | { op: 'delete-subscription'; clientId: string; filter: string }
  | { op: 'put-message'; message: StoredMessage }
  // Insert or state change. `fresh`: no commit ever held this id, so it is inserted without looking first.
  | { op: 'put-delivery'; delivery: StoredDelivery; fresh?: boolean }
  | { op: 'delete-delivery'; id: number }
  | { op: 'clear-deliveries'; clientId: string } // a purged queue and inflight
  | { op: 'add-inbound-qos2'; clientId: string; packetId: number }
  | { op: 'delete-inbound-qos2'; clientId: string; packetId: number }
  | { op: 'put-retained'; message: StoredMessage }
  | { op: 'delete-retained'; topic: string }

/** Everything needed to rebuild the broker at start. */
export interface StoredState {
  sessions: StoredSession[]
  subscriptions: StoredSubscription[]
  /** Messages referenced by deliveries (retained ones come with `retained`). */
  messages: StoredMessage[]
  /** In id order (queue order per client). */
  deliveries: StoredDelivery[]
  inboundQos2: Array<{ clientId: string; packetId: number }>
  retained: StoredMessage[]
  /** The highest message and delivery ids ever used, so new ids never collide after a restart. */
  lastMessageId: number
  lastDeliveryId: number
}

/** What opening a store found, for the UI and the log. */
export interface StoreOpenReport {
  /** The database was unreadable or corrupt and was moved aside to this path (the store starts empty). */
  movedAsideTo: string | null
  /** Why it was moved aside, in English. */
  reason: string | null
  /** The schema version found before migrations (null for a new file). */
  migratedFrom: number | null
  /** The batch log was damaged before its end: its readable batches were applied, the file moved aside. */
  batchLogDamage: { reason: string; movedTo: string } | null
}

/** What a commit tells the persister. */
export interface CommitOutcome {
  /**
   * Messages put by earlier commits were left out of the tables because nothing referred to them any
   * more: a message used again must be put again.
   */
  messagesForgotten: boolean
}

/** A commit that left nothing out. */
export const NOTHING_FORGOTTEN: CommitOutcome = Object.freeze({ messagesForgotten: false })

/** A durable (or in-memory) home for the broker's state. Methods throw on I/O failure; the broker turns that into refusals. */
export interface SessionStore {
  /** Loads everything, dropping sessions whose expiry passed while the broker was down (and their data). */
  load(now: number): StoredState
  /** Makes the batch durable in one transaction: all of it or none of it. */
  commit(ops: readonly StoreOp[]): CommitOutcome
  /** Deletes messages no delivery or retained entry refers to, and expired ones; returns how many went. */
  prune(now: number): number
  close(): void
}

/** Re-exported for the broker's drop counters. */
export type { DropReason }
