// The console's retained store against a real broker: listing with a filter or a prefix and pages,
// deleting a subtree (a newcomer then gets nothing), and undo putting back exactly what went, except a
// topic retained again in between, which keeps its newer message.
import { afterEach, describe, expect, it } from 'vitest'
import { RetainedAdmin } from '../../../../electron/core/console/retained-admin'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

describe('console: retained store', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const pub = await connectedClient(broker.port, { clientId: 'z2m', version: 5 })
    cleanups.push(() => pub.client.end())
    const retain = async (topic: string, payload: string, qos: 0 | 1) => {
      pub.client.send({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, messageId: qos === 0 ? undefined : 1, retain: true, dup: false })
      if (qos === 1) await pub.client.next('puback')
    }
    for (const room of ['hall', 'kitchen', 'office']) await retain(`home/${room}/config`, `{"room":"${room}"}`, 1)
    await retain('garden/valve', 'closed', 0)
    await expect.poll(() => broker.broker.retained.get('garden/valve') !== undefined).toBe(true)
    return { broker, admin: new RetainedAdmin(() => broker.broker), retain }
  }

  async function newcomerGets(port: number, filter: string): Promise<string[]> {
    const { client } = await connectedClient(port, { clientId: `probe-${Math.random()}` })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos: 1 }] })
    await client.next('suback')
    await client.silentFor(150)
    client.end()
    return client.received.filter((p) => p.cmd === 'publish').map((p) => (p as { topic: string }).topic).sort()
  }

  it('shows the store as a tree whose counts follow every retain, replace and delete', async () => {
    const { broker, admin, retain } = await setup()
    const top = admin.levels(null)
    expect(top.levels.map((l) => [l.path, l.count, l.retained, l.hasChildren])).toEqual([['garden', 1, false, true], ['home', 3, false, true]])
    expect(top.levels.find((l) => l.path === 'home')!.bytes).toBe(['hall', 'kitchen', 'office'].reduce((n, r) => n + `{"room":"${r}"}`.length, 0))
    expect(admin.levels('home').levels.map((l) => l.level)).toEqual(['hall', 'kitchen', 'office'])
    expect(admin.levels('home/hall').levels).toEqual([{ level: 'config', path: 'home/hall/config', count: 1, bytes: '{"room":"hall"}'.length, retained: true, hasChildren: false }])

    await retain('home/hall', 'a hall of its own', 1)
    await retain('home/kitchen/config', 'x', 1) // replaced: same count, fewer bytes
    const home = admin.levels(null).levels.find((l) => l.path === 'home')!
    expect(home.count).toBe(4)
    expect(admin.levels('home').levels.find((l) => l.level === 'hall')).toMatchObject({ count: 2, retained: true, hasChildren: true })
    expect(admin.levels('home').levels.find((l) => l.level === 'kitchen')).toMatchObject({ count: 1, bytes: 1 })

    admin.delete(admin.topics('home/#'))
    expect(admin.levels(null).levels.map((l) => l.path)).toEqual(['garden'])
    expect(admin.levels('home')).toEqual({ path: 'home', levels: [], total: 0 })
    expect(broker.broker.retained.size).toBe(1)
  })

  it('lists by MQTT filter or by prefix, a page at a time, with size, QoS, publisher and a text preview', async () => {
    const { admin } = await setup()
    const page = admin.list({ filter: 'home/+/config', offset: 1, limit: 1 })
    expect(page.total).toBe(3)
    expect(page.rows).toEqual([expect.objectContaining({ topic: 'home/kitchen/config', qos: 1, publisher: 'z2m', sizeBytes: 18, preview: '{"room":"kitchen"}', expiresAt: null })])
    expect(admin.list({ filter: 'garden/', offset: 0, limit: 10 }).rows.map((r) => r.topic)).toEqual(['garden/valve'])
    expect(admin.topics('home/#')).toEqual(['home/hall/config', 'home/kitchen/config', 'home/office/config'])
    expect(() => admin.list({ filter: 'home/#/x', offset: 0, limit: 1 })).toThrow(/'#' must be the last level/)
    expect(() => admin.list({ filter: '$share/g/home/#', offset: 0, limit: 1 })).toThrow(/never sent retained messages/)
    expect(admin.topics('#').some((t) => t.startsWith('$SYS/'))).toBe(false) // '#' leaves $SYS out, as for a subscriber
  })

  it('deletes a subtree for every newcomer, and undo puts it back as it was, except a topic retained again since', async () => {
    const { broker, admin, retain } = await setup()
    const { deleted, undoId } = admin.delete(admin.topics('home/#'))
    expect(deleted).toBe(3)
    expect(await newcomerGets(broker.port, 'home/#')).toEqual([])
    await retain('home/hall/config', '{"room":"hall","v":2}', 1)
    expect(admin.restore(undoId)).toEqual({ restored: 2, skipped: 1 })
    expect(await newcomerGets(broker.port, 'home/#')).toEqual(['home/hall/config', 'home/kitchen/config', 'home/office/config'])
    expect(broker.broker.retained.get('home/hall/config')!.payload.toString()).toBe('{"room":"hall","v":2}')
    expect(broker.broker.retained.get('home/kitchen/config')).toMatchObject({ qos: 1, publisher: 'z2m' })
    expect(() => admin.restore(undoId)).toThrow(/can no longer be undone/)
  })
})
