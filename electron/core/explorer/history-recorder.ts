// Feeds the message history store from the explorer's connections in batches (one transaction per
// flush, never one per message), bounded in memory: past the pending cap, messages are counted as
// dropped instead of queued. Also prunes the store on a timer.
import type { HistoryStore, NewHistoryMessage } from '../history/history-store'
import type { Logger } from '../support/logger'

export const HISTORY_FLUSH_INTERVAL_MS = 200
/** Messages waiting for the next flush at most (about a second at 50,000 msg/s). */
export const HISTORY_MAX_PENDING = 50_000
export const HISTORY_PRUNE_INTERVAL_MS = 60_000

export class HistoryRecorder {
  /** Messages not recorded because the pending batch was full or a write failed. */
  dropped = 0
  private pending: NewHistoryMessage[] = []
  private flushTimer: NodeJS.Timeout | null = null
  private readonly pruneTimer: NodeJS.Timeout

  constructor(readonly store: HistoryStore, private readonly log: Logger) {
    this.pruneTimer = setInterval(() => {
      try {
        this.store.prune(Date.now())
      } catch (err) {
        this.log.warn(`Pruning the message history failed: ${(err as Error).message}`)
      }
    }, HISTORY_PRUNE_INTERVAL_MS)
    this.pruneTimer.unref()
  }

  /** Queues one message for the next batch. */
  record(message: NewHistoryMessage): void {
    if (this.pending.length >= HISTORY_MAX_PENDING) {
      this.dropped++
      return
    }
    this.pending.push(message)
    if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => this.flush(), HISTORY_FLUSH_INTERVAL_MS)
      this.flushTimer.unref()
    }
  }

  /** Writes what is pending (the timer calls it; queries call it first so they see every message). */
  flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer)
    this.flushTimer = null
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    try {
      this.store.append(batch)
    } catch (err) {
      this.dropped += batch.length
      this.log.warn(`Could not record ${batch.length} message(s) in the history: ${(err as Error).message}`)
    }
  }

  close(): void {
    this.flush()
    clearInterval(this.pruneTimer)
    this.store.close()
  }
}
