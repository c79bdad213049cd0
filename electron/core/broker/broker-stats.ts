// Broker-wide counters and their 1/5/15-minute load averages, in the style of mosquitto's $SYS tree.
import { DROP_REASONS, type DropReason } from './hooks'

/** Monotonic counters since start. */
export interface BrokerCounters {
  messagesReceived: number
  messagesSent: number
  bytesReceived: number
  bytesSent: number
  publishReceived: number
  publishSent: number
  connectionsTotal: number
  dropped: Record<DropReason, number>
}

/** Per-minute rate smoothed over 1, 5 and 15 minutes (exponentially, like a Unix load average). */
export class LoadAverage {
  readonly averages = { '1min': 0, '5min': 0, '15min': 0 }
  private last: number | null = null
  private lastAt = 0

  /** Feeds the counter's current value at time `now` (ms). */
  sample(value: number, now: number): void {
    if (this.last === null) {
      this.last = value
      this.lastAt = now
      return
    }
    const dtMs = now - this.lastAt
    if (dtMs <= 0) return
    const perMinute = ((value - this.last) * 60_000) / dtMs
    for (const [key, minutes] of [['1min', 1], ['5min', 5], ['15min', 15]] as const) {
      const decay = Math.exp(-dtMs / (minutes * 60_000))
      this.averages[key] = this.averages[key] * decay + perMinute * (1 - decay)
    }
    this.last = value
    this.lastAt = now
  }
}

/** A fresh set of counters. */
export function newCounters(): BrokerCounters {
  return {
    messagesReceived: 0, messagesSent: 0, bytesReceived: 0, bytesSent: 0, publishReceived: 0, publishSent: 0,
    connectionsTotal: 0,
    dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>,
  }
}
