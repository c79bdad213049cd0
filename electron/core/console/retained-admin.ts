// The broker console's retained store: lists the embedded broker's retained messages (a filter and a
// page), deletes the ones the user confirmed, and keeps them so an undo puts back exactly what went (same
// payload, QoS, properties, publisher and time). Deletion and undo go through the persister, so a stored
// retained message is removed or restored on disk too. Undo records: the last five deletes.
import { randomUUID } from 'node:crypto'
import { MAX_RETAINED_LEVELS, type RetainedDeleteResult, type RetainedLevels, type RetainedPage, type RetainedQuery, type RetainedRow } from '../../../shared/model/broker-retained'
import { checkTopicFilter, parseSharedFilter } from '../../../shared/mqtt/topic'
import type { Broker } from '../broker/broker'
import type { BrokerMessage } from '../broker/message'
import { AppFailure } from '../support/app-failure'

const MAX_UNDO_RECORDS = 5
const PREVIEW_BYTES = 80
// Control characters other than tab, line feed and carriage return mean "not text".
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

export class RetainedAdmin {
  private readonly undo = new Map<string, BrokerMessage[]>()

  constructor(private readonly broker: () => Broker) {}

  list(q: RetainedQuery): RetainedPage {
    const store = this.broker().retained
    const matches = this.matching(q.filter)
    return { rows: matches.slice(q.offset, q.offset + q.limit).map(rowOf), total: matches.length, held: store.size, heldBytes: store.bytes }
  }

  /** The levels below `path` (null: the top) with the retained messages at and below each; none when empty. */
  levels(path: string | null): RetainedLevels {
    const found = this.broker().retained.levels(path, MAX_RETAINED_LEVELS)
    return { path, levels: found?.levels ?? [], total: found?.total ?? 0 }
  }

  /** Every topic the filter matches (what a delete of it would remove), sorted. */
  topics(filter: string): string[] {
    return this.matching(filter).map((m) => m.topic)
  }

  delete(topics: string[]): RetainedDeleteResult {
    const broker = this.broker()
    const removed: BrokerMessage[] = []
    for (const topic of topics) {
      const message = broker.retained.delete(topic)
      if (message === null) continue
      removed.push(message)
      if (!topic.startsWith('$SYS/')) broker.persister.retainedDeleted(topic)
    }
    const undoId = randomUUID()
    this.undo.set(undoId, removed)
    while (this.undo.size > MAX_UNDO_RECORDS) this.undo.delete(this.undo.keys().next().value as string)
    return { deleted: removed.length, undoId }
  }

  /** Puts back what a delete removed, unless a newer retained message took a topic since (that one stays). */
  restore(undoId: string): { restored: number; skipped: number } {
    const removed = this.undo.get(undoId)
    if (removed === undefined) throw new AppFailure('not-found', 'That delete can no longer be undone (too many deletes since, or already undone).')
    this.undo.delete(undoId)
    const broker = this.broker()
    let restored = 0
    for (const message of removed) {
      if (broker.retained.get(message.topic) !== undefined) continue
      broker.retained.set(message)
      if (!message.topic.startsWith('$SYS/')) broker.persister.retainedPut(message)
      restored++
    }
    return { restored, skipped: removed.length - restored }
  }

  private matching(filter: string): BrokerMessage[] {
    const retained = this.broker().retained
    const f = filter.trim()
    let out: BrokerMessage[]
    if (f === '') out = [...retained.values()]
    else if (f.includes('+') || f.includes('#')) {
      const problem = checkTopicFilter(f)
      if (problem !== null) throw new AppFailure('bad-request', problem)
      if (parseSharedFilter(f) !== null) throw new AppFailure('bad-request', 'A shared subscription ($share/…) is never sent retained messages: write the filter without it.')
      out = retained.match(f) // through the topic tree, as a subscription's retained messages are found
    } else out = [...retained.values()].filter((m) => m.topic.startsWith(f))
    return out.sort((a, b) => a.topic.localeCompare(b.topic))
  }
}

function rowOf(m: BrokerMessage): RetainedRow {
  const head = m.payload.subarray(0, PREVIEW_BYTES)
  let preview: string | null = null
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: m.payload.length > PREVIEW_BYTES })
    if (!BINARY.test(text)) preview = m.payload.length > PREVIEW_BYTES ? `${text}…` : text
  } catch {
    preview = null
  }
  return { topic: m.topic, sizeBytes: m.payload.length, qos: m.qos, publisher: m.publisher, receivedAt: m.receivedAt, expiresAt: m.expiresAt, preview }
}
