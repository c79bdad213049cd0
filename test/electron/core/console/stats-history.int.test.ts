// The console's samples against a real broker: rates from the counters' differences, the offline sessions
// counted, and the ring bounded at 15 minutes of samples.
import { afterEach, describe, expect, it } from 'vitest'
import { StatsHistory } from '../../../../electron/core/console/stats-history'
import { OVERVIEW_SAMPLES } from '../../../../shared/model/broker-overview'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

describe('console: overview samples', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('turns counter differences into per-second rates and counts offline sessions', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const stats = new StatsHistory(broker.broker)
    stats.sample(1_000)
    const away = await connectedClient(broker.port, { clientId: 'away', version: 5, properties: { sessionExpiryInterval: 60 } })
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    const pub = await connectedClient(broker.port, { clientId: 'pub' })
    for (let i = 0; i < 20; i++) pub.client.send({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(10), qos: 1, messageId: i + 1, retain: i === 0, dup: false })
    for (let i = 0; i < 20; i++) await pub.client.next('puback')
    const second = stats.sample(3_000) // two seconds later
    expect(second).toMatchObject({ at: 3_000, messagesInPerSec: 10, clientsConnected: 1, offlineSessions: 1, retained: 1 })
    expect(second.bytesInPerSec).toBeGreaterThan(0)
    const overview = stats.overview(3_500)
    expect(overview.samples.map((s) => s.at)).toEqual([1_000, 3_000])
    expect(overview.messagesReceived).toBe(20)
    expect(overview.dropped['no-subscribers']).toBe(19) // the retained one was kept, not dropped
    pub.client.end()
  })

  it('keeps at most 15 minutes of samples', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const stats = new StatsHistory(broker.broker)
    for (let i = 0; i < OVERVIEW_SAMPLES + 30; i++) stats.sample(i * 1000)
    const { samples } = stats.overview()
    expect(samples).toHaveLength(OVERVIEW_SAMPLES)
    expect(samples[0]!.at).toBe(30_000)
  })
})
