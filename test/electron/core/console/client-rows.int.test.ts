// The console's clients table against a real broker and real clients: a connected client's address,
// keep alive and inflight messages it has not acknowledged; an offline persistent subscriber's queue,
// its bytes and its expiry; filtering, sorting and paging.
import { afterEach, describe, expect, it } from 'vitest'
import { clientRows, queryClients } from '../../../../electron/core/console/client-rows'
import type { ClientsQuery } from '../../../../shared/model/broker-clients'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

const ALL: ClientsQuery = { text: '', state: 'all', sort: 'clientId', descending: false, offset: 0, limit: 100 }

describe('console: clients', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('shows queued and inflight messages as the clients left them', async () => {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    // An offline persistent subscriber: what is published while it is away is queued for it.
    const away = await connectedClient(broker.port, { clientId: 'away', version: 5, properties: { sessionExpiryInterval: 600 } })
    away.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 1 }] })
    await away.client.next('suback')
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    // A connected subscriber that never acknowledges: its messages stay inflight.
    const slow = await connectedClient(broker.port, { clientId: 'slow', version: 4, keepalive: 30 })
    slow.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 1 }] })
    await slow.client.next('suback')
    const pub = await connectedClient(broker.port, { clientId: 'pub' })
    for (let i = 0; i < 3; i++) pub.client.send({ cmd: 'publish', topic: `q/${i}`, payload: Buffer.from('12345'), qos: 1, messageId: i + 1, retain: false, dup: false })
    for (let i = 0; i < 3; i++) await pub.client.next('puback')
    await expect.poll(() => slow.client.received.filter((p) => p.cmd === 'publish').length).toBe(3)

    const rows = clientRows(broker.broker)
    const by = (id: string) => rows.find((r) => r.clientId === id)!
    expect(by('away')).toMatchObject({ connected: false, address: null, queued: 3, queuedBytes: 15, inflight: 0, subscriptions: 1, sessionExpiryS: 600, endsWithConnection: false })
    expect(by('away').expiresAt! - by('away').since).toBe(600_000)
    expect(by('slow')).toMatchObject({ connected: true, keepAliveS: 30, inflight: 3, queued: 0, messagesOut: 3, protocolVersion: 4 })
    expect(by('slow').address).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(by('pub')).toMatchObject({ connected: true, messagesIn: 3, endsWithConnection: true })

    expect(queryClients(rows, { ...ALL, state: 'offline' }, 0).rows.map((r) => r.clientId)).toEqual(['away'])
    expect(queryClients(rows, { ...ALL, sort: 'queued', descending: true }, 0).rows[0]!.clientId).toBe('away')
    expect(queryClients(rows, { ...ALL, text: 'SLO' }, 0).rows.map((r) => r.clientId)).toEqual(['slow'])
    const page = queryClients(rows, { ...ALL, offset: 1, limit: 1 }, 0)
    expect([page.rows.map((r) => r.clientId), page.total, page.known]).toEqual([['pub'], 3, 3])
    for (const c of [slow, pub]) c.client.end()
  })
})
