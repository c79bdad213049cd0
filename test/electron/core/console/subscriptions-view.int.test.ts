// The console's subscriptions against a real broker: filters grouped with their subscribers and options,
// shared groups with their members, paging and search, and "who would receive topic X?".
import { afterEach, describe, expect, it } from 'vitest'
import { listSubscriptions, whoReceives } from '../../../../electron/core/console/subscriptions-view'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

describe('console: subscriptions', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('groups subscribers by filter, shows shared groups, and answers who receives a topic', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const subscribe = async (clientId: string, topic: string, qos: 0 | 1 | 2, extra: object = {}) => {
      const c = await connectedClient(broker.port, { clientId, version: 5 })
      c.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos, ...extra }] })
      await c.client.next('suback')
      cleanups.push(() => c.client.end())
    }
    await subscribe('dash', 'home/#', 1, { nl: true })
    await subscribe('logger', 'home/#', 0)
    await subscribe('w1', '$share/workers/home/+/cmd', 1)
    await subscribe('w2', '$share/workers/home/+/cmd', 1)
    await subscribe('garden', 'garden/#', 2)

    const page = listSubscriptions(broker.broker, { text: '', offset: 0, limit: 10 })
    expect(page.subscriptions).toBe(5)
    expect(page.entries.map((e) => [e.filter, e.group, e.subscribers.map((s) => s.clientId)])).toEqual([
      ['garden/#', null, ['garden']], ['home/#', null, ['dash', 'logger']], ['home/+/cmd', 'workers', ['w1', 'w2']],
    ])
    expect(page.entries[1]!.subscribers[0]).toMatchObject({ clientId: 'dash', qos: 1, noLocal: true, connected: true })
    expect(listSubscriptions(broker.broker, { text: 'WORKERS', offset: 0, limit: 10 }).entries.map((e) => e.filter)).toEqual(['home/+/cmd'])
    expect(listSubscriptions(broker.broker, { text: '', offset: 1, limit: 1 })).toMatchObject({ total: 3, entries: [{ filter: 'home/#' }] })

    expect(whoReceives(broker.broker, 'home/lamp/cmd')).toEqual({
      topic: 'home/lamp/cmd',
      direct: [
        { clientId: 'dash', filter: 'home/#', qos: 1, noLocal: true, connected: true },
        { clientId: 'logger', filter: 'home/#', qos: 0, noLocal: false, connected: true },
      ],
      shared: [{ group: 'workers', filter: 'home/+/cmd', members: ['w1', 'w2'] }],
    })
    expect(() => whoReceives(broker.broker, 'home/+')).toThrow(/cannot contain '\+'/)
  })
})
