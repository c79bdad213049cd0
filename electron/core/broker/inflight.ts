// Outbound QoS 1/2 state of one session: packet-id allocation and where each message stands in its
// handshake. Survives reconnects so unacknowledged messages are re-sent [MQTT-4.4.0-1].
import type { Delivery } from './message'

/** PUBLISH sent, waiting for PUBACK (QoS 1) or PUBREC (QoS 2); or PUBREL sent, waiting for PUBCOMP. */
export type OutboundState = 'awaiting-puback' | 'awaiting-pubrec' | 'awaiting-pubcomp'

export interface OutboundEntry {
  readonly packetId: number
  readonly delivery: Delivery
  state: OutboundState
  sentAt: number
  /** Times re-sent (DUP=1 or PUBREL again). */
  retries: number
}

const MAX_PACKET_ID = 0xffff

/** Packet ids and handshake states for messages the broker sends to one client. */
export class OutboundInflight {
  private readonly entries = new Map<number, OutboundEntry>()
  private lastId = 0

  get size(): number {
    return this.entries.size
  }

  /** Allocates a free packet id (1..65535, never 0 [MQTT-2.2.1-3]) and records the PUBLISH. */
  add(delivery: Delivery, now: number): OutboundEntry | null {
    if (this.entries.size >= MAX_PACKET_ID) return null
    let id = this.lastId
    do id = id === MAX_PACKET_ID ? 1 : id + 1
    while (this.entries.has(id))
    this.lastId = id
    const entry: OutboundEntry = { packetId: id, delivery, state: delivery.qos === 1 ? 'awaiting-puback' : 'awaiting-pubrec', sentAt: now, retries: 0 }
    this.entries.set(id, entry)
    return entry
  }

  get(packetId: number): OutboundEntry | undefined {
    return this.entries.get(packetId)
  }

  delete(packetId: number): boolean {
    return this.entries.delete(packetId)
  }

  /** Entries in the order they were sent (Map keeps insertion order), for resending on reconnect [MQTT-4.6.0-1]. */
  values(): IterableIterator<OutboundEntry> {
    return this.entries.values()
  }

  clear(): void {
    this.entries.clear()
  }

  /** Restores an entry (persistence): keeps its id and moves the allocator past it. */
  restore(entry: OutboundEntry): void {
    this.entries.set(entry.packetId, entry)
    this.lastId = Math.max(this.lastId, entry.packetId)
  }
}
