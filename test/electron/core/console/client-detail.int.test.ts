// One client in the console against a real broker: its subscriptions and options, inflight messages both
// ways, its queue message by message (paged); and the actions: disconnect with 0x98, purge the queue,
// discard the session.
import { afterEach, describe, expect, it } from 'vitest'
import { clientAction, clientDetail } from '../../../../electron/core/console/client-detail'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

const persistent = { version: 5 as const, properties: { sessionExpiryInterval: 600 } }

describe('console: one client', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const away = await connectedClient(broker.port, { clientId: 'away', ...persistent })
    away.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 1, nl: true, rap: true, rh: 1 }], properties: { subscriptionIdentifier: 7 } })
    await away.client.next('suback')
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    const pub = await connectedClient(broker.port, { clientId: 'pub', version: 5 })
    for (let i = 0; i < 5; i++) pub.client.send({ cmd: 'publish', topic: `q/${i}`, payload: Buffer.alloc(i + 1), qos: 1, messageId: i + 1, retain: false, dup: false })
    for (let i = 0; i < 5; i++) await pub.client.next('puback')
    cleanups.push(() => pub.client.end())
    return { broker, pub }
  }

  it('lists subscriptions with options, the queue a page at a time, and inflight both ways', async () => {
    const { broker, pub } = await setup()
    const detail = clientDetail(broker.broker, { clientId: 'away', queueOffset: 1, queueLimit: 2 })
    expect(detail.subscriptions).toEqual([{ filter: 'q/#', qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 1, subscriptionId: 7 }])
    expect(detail.queue.total).toBe(5)
    expect(detail.queue.items.map((m) => [m.position, m.topic, m.qos, m.sizeBytes, m.publisher])).toEqual([[1, 'q/1', 1, 2, 'pub'], [2, 'q/2', 1, 3, 'pub']])
    // The publisher's QoS 2 message the broker holds until PUBREL: inbound, awaiting PUBREL.
    pub.client.send({ cmd: 'publish', topic: 'x', payload: Buffer.from('2'), qos: 2, messageId: 42, retain: false, dup: false })
    await pub.client.next('pubrec')
    expect(clientDetail(broker.broker, { clientId: 'pub', queueOffset: 0, queueLimit: 10 }).inflight)
      .toEqual([{ packetId: 42, direction: 'in', state: 'awaiting-pubrel', retries: 0, sentAt: null, topic: null, qos: 2, sizeBytes: null }])
    expect(() => clientDetail(broker.broker, { clientId: 'nobody', queueOffset: 0, queueLimit: 1 })).toThrow(/no client 'nobody'/)
  })

  it('purges the queue: the client reconnects to nothing', async () => {
    const { broker } = await setup()
    expect(clientAction(broker.broker, 'away', 'purge-queue')).toEqual({ done: "Purged 5 queued message(s) of 'away'.", removed: 5 })
    const back = await connectedClient(broker.port, { clientId: 'away', clean: false, ...persistent })
    expect(back.connack.sessionPresent).toBe(true)
    expect(await back.client.silentFor(300)).toBe(true)
    back.client.end()
  })

  it('disconnects a v5 client with DISCONNECT 0x98, and discards a session', async () => {
    const { broker } = await setup()
    const live = await connectedClient(broker.port, { clientId: 'live', ...persistent })
    clientAction(broker.broker, 'live', 'disconnect')
    expect(await live.client.next('disconnect')).toMatchObject({ reasonCode: 0x98 })
    await live.client.closed
    expect(broker.broker.sessions.has('live')).toBe(true) // its session stays, offline
    expect(clientAction(broker.broker, 'away', 'discard-session').removed).toBe(5)
    expect(broker.broker.sessions.has('away')).toBe(false)
    const back = await connectedClient(broker.port, { clientId: 'away', clean: false, ...persistent })
    expect(back.connack.sessionPresent).toBe(false)
    back.client.end()
  })
})
