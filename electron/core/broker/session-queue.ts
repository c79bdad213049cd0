// A session's queue of deliveries waiting for the client (offline, or inflight window full), bounded in
// count and bytes, with the user's drop policy. Never grows past its limits: drops are reported.
import type { Delivery } from './message'
import type { QueueDropPolicy } from './limits'

/** A ring buffer: O(1) push and shift without the array re-indexing that `shift()` costs. */
export class SessionQueue {
  private items: Array<Delivery | undefined>
  private head = 0
  private count = 0
  private bytes = 0

  constructor(private limits: { maxMessages: number; maxBytes: number; policy: QueueDropPolicy }) {
    this.items = new Array(Math.min(16, Math.max(1, limits.maxMessages)))
  }

  /** New limits apply to the next push; what already waits stays, even above a lowered limit. */
  setLimits(limits: { maxMessages: number; maxBytes: number; policy: QueueDropPolicy }): void {
    this.limits = limits
  }

  get length(): number {
    return this.count
  }

  /** Payload bytes held. */
  get byteSize(): number {
    return this.bytes
  }

  /**
   * Adds a delivery; returns every delivery dropped to make room (drop-oldest may evict several under a byte
   * limit), or the new one itself (drop-newest, or a message larger than the byte limit on its own).
   */
  push(delivery: Delivery): Delivery[] {
    const size = delivery.message.payload.length
    // It can never fit: drop it rather than evicting everything that waits and then dropping it anyway.
    if (this.limits.maxBytes > 0 && size > this.limits.maxBytes) return [delivery]
    const dropped: Delivery[] = []
    while (this.count > 0 && this.isFullFor(size)) {
      if (this.limits.policy === 'drop-newest') return [delivery]
      dropped.push(this.shift()!)
    }
    if (this.isFullFor(size)) return [delivery] // maxMessages 0: nothing is ever queued
    if (this.count === this.items.length) this.grow()
    this.items[(this.head + this.count) % this.items.length] = delivery
    this.count++
    this.bytes += size
    return dropped
  }

  /** The oldest delivery, without removing it. */
  peek(): Delivery | undefined {
    return this.count === 0 ? undefined : this.items[this.head]
  }

  /** Removes and returns the oldest delivery. */
  shift(): Delivery | null {
    if (this.count === 0) return null
    const item = this.items[this.head]!
    this.items[this.head] = undefined
    this.head = (this.head + 1) % this.items.length
    this.count--
    this.bytes -= item.message.payload.length
    return item
  }

  /** Removes everything; returns how many deliveries were removed. */
  clear(): number {
    const n = this.count
    this.items = new Array(16)
    this.head = 0
    this.count = 0
    this.bytes = 0
    return n
  }

  /** Deliveries oldest first (for the session inspector and persistence). */
  *[Symbol.iterator](): IterableIterator<Delivery> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) % this.items.length]!
  }

  private isFullFor(size: number): boolean {
    if (this.count >= this.limits.maxMessages) return true
    return this.limits.maxBytes > 0 && this.bytes + size > this.limits.maxBytes
  }

  private grow(): void {
    const next = new Array<Delivery | undefined>(Math.min(this.items.length * 2, Math.max(this.limits.maxMessages, 16)))
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length]
    this.items = next
    this.head = 0
  }
}
