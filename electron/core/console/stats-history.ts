// One sample of the broker's figures per second, the last OVERVIEW_SAMPLES of them (15 minutes), for the
// console's plots. Rates come from the difference of the broker's counters between two samples. Bounded:
// a fixed ring of samples, whatever the traffic.
import { OVERVIEW_SAMPLES, type BrokerOverview, type OverviewSample } from '../../../shared/model/broker-overview'
import type { Broker } from '../broker/broker'

interface Totals {
  at: number
  messagesIn: number
  messagesOut: number
  bytesIn: number
  bytesOut: number
}

export class StatsHistory {
  private readonly samples: OverviewSample[] = []
  private last: Totals | null = null

  constructor(private readonly broker: Broker) {}

  /** Takes one sample now (call about once a second). */
  sample(at: number = this.broker.now()): OverviewSample {
    const c = this.broker.counters
    const totals: Totals = { at, messagesIn: c.messagesReceived, messagesOut: c.messagesSent, bytesIn: c.bytesReceived, bytesOut: c.bytesSent }
    const prev = this.last
    const seconds = prev === null ? 0 : (at - prev.at) / 1000
    const rate = (key: Exclude<keyof Totals, 'at'>): number => (prev === null || seconds <= 0 ? 0 : Math.round((totals[key] - prev[key]) / seconds))
    const sample = this.figures(at, {
      messagesInPerSec: rate('messagesIn'), messagesOutPerSec: rate('messagesOut'), bytesInPerSec: rate('bytesIn'), bytesOutPerSec: rate('bytesOut'),
    })
    this.last = totals
    this.samples.push(sample)
    if (this.samples.length > OVERVIEW_SAMPLES) this.samples.splice(0, this.samples.length - OVERVIEW_SAMPLES)
    return sample
  }

  overview(at: number = this.broker.now()): BrokerOverview {
    const b = this.broker
    const latest = this.samples.at(-1)
    return {
      startedAt: b.startedAt,
      now: latest === undefined ? this.figures(at, { messagesInPerSec: 0, messagesOutPerSec: 0, bytesInPerSec: 0, bytesOutPerSec: 0 }) : { ...this.figures(at, latest), at },
      samples: [...this.samples],
      dropped: { ...b.counters.dropped },
      messagesReceived: b.counters.messagesReceived,
      messagesSent: b.counters.messagesSent,
    }
  }

  private figures(at: number, rates: Pick<OverviewSample, 'messagesInPerSec' | 'messagesOutPerSec' | 'bytesInPerSec' | 'bytesOutPerSec'>): OverviewSample {
    const b = this.broker
    let offline = 0
    for (const s of b.sessions.values()) if (s.disconnectedAt !== null) offline++
    return {
      at, clientsConnected: b.connections.size, offlineSessions: offline,
      messagesInPerSec: rates.messagesInPerSec, messagesOutPerSec: rates.messagesOutPerSec, bytesInPerSec: rates.bytesInPerSec, bytesOutPerSec: rates.bytesOutPerSec,
      retained: b.retained.size, subscriptions: b.subscriptions.size,
    }
  }
}
