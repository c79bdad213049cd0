// The batches the SQLite store's batch log holds and its tables do not have yet, kept in memory so that
// applying them needs no decoding. Seen whole, most of a fast subscriber's work cancels out: a QoS 2
// delivery put, moved to 'awaiting PUBCOMP' and deleted in three group commits never reaches the tables.
import { coalesceOps } from './coalesce-ops'
import type { StoreOp } from './session-store'

/** What applying the backlog writes: the surviving operations and the last batch they cover. */
export interface BacklogToApply {
  ops: StoreOp[]
  /** Batches up to this seq are covered (recorded as applied in the same transaction). */
  lastSeq: number
  /** The highest ids any batch used, coalesced away or not: ids are never handed out twice. */
  lastMessageId: number
  lastDeliveryId: number
  /** Messages put by a batch that nothing refers to any more: not written, so the persister must put them again. */
  droppedMessageIds: ReadonlySet<number>
}

export class BatchBacklog {
  private batches: StoreOp[][] = []
  private lastSeq = 0
  private lastMessageId = 0
  private lastDeliveryId = 0
  /** Encoded size of the batches: about the memory they hold (payloads included). */
  private bytes = 0
  private firstAt = 0

  get isEmpty(): boolean {
    return this.batches.length === 0
  }

  /** Records a batch the log now holds as record `seq`. */
  add(seq: number, ops: readonly StoreOp[], encodedBytes: number, now: number): void {
    if (this.batches.length === 0) this.firstAt = now
    this.batches.push(ops as StoreOp[])
    this.lastSeq = seq
    this.bytes += encodedBytes
    for (const op of ops) {
      if (op.op === 'put-message' || op.op === 'put-retained') this.lastMessageId = Math.max(this.lastMessageId, op.message.id)
      else if (op.op === 'put-delivery') this.lastDeliveryId = Math.max(this.lastDeliveryId, op.delivery.id)
    }
  }

  /** True once the backlog holds more than `maxBytes`, or its oldest batch is older than `maxAgeMs`. */
  isDue(now: number, maxBytes: number, maxAgeMs: number): boolean {
    return this.batches.length > 0 && (this.bytes > maxBytes || now - this.firstAt >= maxAgeMs)
  }

  /** The whole backlog as one coalesced batch; it stays here until `clear` (applying it may fail). */
  toApply(): BacklogToApply {
    const { ops, droppedMessageIds } = coalesceOps(this.batches.flat())
    return { ops, lastSeq: this.lastSeq, lastMessageId: this.lastMessageId, lastDeliveryId: this.lastDeliveryId, droppedMessageIds }
  }

  clear(): void {
    this.batches = []
    this.bytes = 0
  }
}
