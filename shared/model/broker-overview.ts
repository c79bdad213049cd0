// The broker console's overview: the live figures, drops by reason, and one sample per second of the
// last 15 minutes for the plots.
import type { DropCounts } from './broker-clients'

/** Samples kept: one per second for 15 minutes. */
export const OVERVIEW_SAMPLES = 900

export interface OverviewSample {
  at: number
  clientsConnected: number
  offlineSessions: number
  messagesInPerSec: number
  messagesOutPerSec: number
  bytesInPerSec: number
  bytesOutPerSec: number
  retained: number
  subscriptions: number
}

export interface BrokerOverview {
  startedAt: number
  now: OverviewSample
  /** Oldest first; at most OVERVIEW_SAMPLES. */
  samples: OverviewSample[]
  /** Since the broker started. */
  dropped: DropCounts
  messagesReceived: number
  messagesSent: number
}
