// Clears retained messages on a connection and keeps what it cleared, so an undo can publish it again.
// A retained message is cleared by a retained PUBLISH with an empty payload [MQTT-3.3.1-6]; it is sent at
// QoS 1 so the broker's PUBACK says it took it. What undo republishes comes from the history store (the
// message with its QoS and MQTT 5 properties); a topic whose message the history no longer holds is
// cleared but not undoable, and the result says how many are.
import { randomUUID } from 'node:crypto'
import type { ClearRetainedResult, TopicFailure, UndoClearResult } from '../../../shared/model/retained'
import type { MessageProperties } from '../../../shared/model/message-properties'
import { AppFailure } from '../support/app-failure'
import type { HistoryRecorder } from './history-recorder'

/** What publishing needs from a connection. */
export interface RetainedPublisher {
  publish(topic: string, payload: Uint8Array, opts: { qos: 0 | 1 | 2; retain: boolean; properties?: MessageProperties }): Promise<unknown>
}

interface ClearedMessage {
  topic: string
  payload: Uint8Array
  qos: 0 | 1 | 2
  properties: MessageProperties | null
}

interface UndoRecord {
  connectionId: string
  messages: ClearedMessage[]
  bytes: number
}

/** Undo records kept (the newest ones), and the payload bytes one may hold. */
const MAX_UNDO_RECORDS = 5
const MAX_UNDO_BYTES = 64 * 1024 * 1024

export class RetainedClearing {
  private readonly records = new Map<string, UndoRecord>()

  constructor(private readonly history: HistoryRecorder | null) {}

  /** Clears each topic; failures are listed, not thrown. Adds what it cleared to `undoId` (or a new record). */
  async clear(connectionId: string, client: RetainedPublisher, topics: string[], undoId: string | null): Promise<ClearRetainedResult> {
    const id = undoId ?? randomUUID()
    let record = this.records.get(id)
    if (record === undefined) {
      if (undoId !== null) throw new AppFailure('not-found', 'That clear can no longer be undone (too many clears since).')
      record = { connectionId, messages: [], bytes: 0 }
      this.remember(id, record)
    }
    const cleared: string[] = []
    const failed: TopicFailure[] = []
    for (const topic of topics) {
      const before = this.lastRetained(connectionId, topic)
      try {
        await client.publish(topic, new Uint8Array(0), { qos: 1, retain: true })
      } catch (err) {
        failed.push({ topic, reason: (err as Error).message })
        continue
      }
      cleared.push(topic)
      if (before !== null && record.bytes + before.payload.byteLength <= MAX_UNDO_BYTES) {
        record.messages.push(before)
        record.bytes += before.payload.byteLength
      }
    }
    return { cleared, failed, undoId: id, undoable: record.messages.length }
  }

  /** Publishes every message of the record again, retained; the record is spent either way. */
  async undo(undoId: string, client: (connectionId: string) => RetainedPublisher): Promise<UndoClearResult> {
    const record = this.records.get(undoId)
    if (record === undefined) throw new AppFailure('not-found', 'That clear can no longer be undone (too many clears since, or already undone).')
    this.records.delete(undoId)
    const target = client(record.connectionId)
    let restored = 0
    const failed: TopicFailure[] = []
    for (const m of record.messages) {
      try {
        await target.publish(m.topic, m.payload, { qos: m.qos, retain: true, ...(m.properties === null ? {} : { properties: m.properties }) })
        restored++
      } catch (err) {
        failed.push({ topic: m.topic, reason: (err as Error).message })
      }
    }
    return { restored, failed }
  }

  /** The newest message the history holds for the topic, if it was a non-empty retained one. */
  private lastRetained(connectionId: string, topic: string): ClearedMessage | null {
    if (this.history === null) return null
    this.history.flush() // what arrived in the last few ms too
    const store = this.history.store
    const [last] = store.page({ connectionId, topic, limit: 1 }).messages
    if (last === undefined || !last.retain || last.payloadSize === 0) return null
    const whole = last.truncated ? store.get(last.id) : last
    if (whole === null || whole.truncated) return null // cut when stored: it cannot be brought back as it was
    return { topic, payload: whole.payload, qos: whole.qos, properties: whole.properties }
  }

  private remember(id: string, record: UndoRecord): void {
    this.records.set(id, record)
    while (this.records.size > MAX_UNDO_RECORDS) this.records.delete(this.records.keys().next().value as string)
  }
}
