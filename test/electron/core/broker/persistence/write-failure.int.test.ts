// A store that cannot be written (a full disk, here the store capped at its current size): QoS 1/2
// publishes are refused (v5 PUBACK 0x97; 3.1.1 connection closed), the failure is reported, the broker
// keeps serving, and what was stored before is intact.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Broker } from '../../../../../electron/core/broker/broker'
import { startListener, type RunningListener } from '../../../../../electron/core/broker/listeners/start-listener'
import { StorePersister } from '../../../../../electron/core/broker/persistence/persister'
import { SqliteSessionStore } from '../../../../../electron/core/broker/persistence/sqlite-session-store'
import { silentLogger } from '../../../../../electron/core/support/logger'
import { connectedClient } from '../../../../support/raw-client'
import { makeTempDir } from '../../../../support/temp-dir'

describe('broker: a store that cannot be written', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function brokerOnFullDisk() {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const path = join(dir.path, 'broker.sqlite')
    // First run: store one retained message, then close.
    const first = SqliteSessionStore.open(path, { durability: 'process', strict: false }).store
    first.commit([{ op: 'put-retained', message: { id: 1, topic: 'kept/topic', payload: Buffer.from('before'), qos: 1, retain: true, propertiesJson: null, publisher: 'x', receivedAt: 1, expiresAt: null } }])
    first.close()
    // Second run: the disk is "full" (no page may be added).
    const { store } = SqliteSessionStore.open(path, { durability: 'process', strict: false, maxDatabaseBytes: 1 })
    const failures: Error[] = []
    const state = store.load(Date.now())
    const persister = new StorePersister(store, { mode: 'acknowledged', lastMessageId: state.lastMessageId, lastDeliveryId: state.lastDeliveryId, onFailure: (e) => failures.push(e) })
    const broker = new Broker({ log: silentLogger, persister })
    broker.restore(state)
    const listener: RunningListener = await startListener(broker, { port: 0, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt' })
    cleanups.push(async () => {
      broker.close()
      await listener.close()
      store.close()
    })
    return { port: listener.port, failures, path }
  }

  /** A persistent subscriber that is offline, so a QoS 1 message must be stored for it. */
  async function offlineSubscriber(port: number) {
    const { client } = await connectedClient(port, { clientId: 'offline', version: 5, properties: { sessionExpiryInterval: 600 } })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'full/#', qos: 1 }] })
    await client.next('suback', 5000).catch(() => undefined) // SUBACK waits for a commit that may fail
    client.send({ cmd: 'disconnect', reasonCode: 0 })
    await client.closed
  }

  it('v5: a QoS 1 publish that cannot be stored gets PUBACK 0x97, and the failure is reported', async () => {
    const { port, failures } = await brokerOnFullDisk()
    await offlineSubscriber(port)
    const pub = await connectedClient(port, { clientId: 'pub5', version: 5 })
    pub.client.send({ cmd: 'publish', topic: 'full/a', payload: Buffer.alloc(10_000, 1), qos: 1, messageId: 4, retain: false, dup: false })
    expect(await pub.client.next('puback', 5000)).toMatchObject({ messageId: 4, reasonCode: 0x97 })
    expect(failures.length).toBeGreaterThan(0)
    expect(failures[0]!.message).toMatch(/^ENOSPC: no space left on device/)
    pub.client.end()
  })

  it('3.1.1: the connection is closed instead (3.1.1 cannot refuse a PUBLISH), and others are still served', async () => {
    const { port } = await brokerOnFullDisk()
    await offlineSubscriber(port)
    const pub = await connectedClient(port, { clientId: 'pub4', version: 4 })
    pub.client.send({ cmd: 'publish', topic: 'full/a', payload: Buffer.alloc(10_000, 1), qos: 1, messageId: 4, retain: false, dup: false })
    await pub.client.closed
    expect(pub.client.received.filter((p) => p.cmd === 'puback')).toEqual([])
    const fresh = await connectedClient(port, { clientId: 'fresh' })
    expect(fresh.connack.returnCode).toBe(0)
    fresh.client.end()
  })

  it('what was stored before the failure is intact', async () => {
    const { port, path } = await brokerOnFullDisk()
    await offlineSubscriber(port)
    const pub = await connectedClient(port, { clientId: 'pub5', version: 5 })
    pub.client.send({ cmd: 'publish', topic: 'full/a', payload: Buffer.alloc(10_000, 1), qos: 1, messageId: 4, retain: false, dup: false })
    await pub.client.next('puback', 5000)
    pub.client.end()
    const reopened = SqliteSessionStore.open(path, { durability: 'process', strict: true }).store
    cleanups.push(() => reopened.close())
    expect(reopened.load(Date.now()).retained.map((m) => [m.topic, Buffer.from(m.payload).toString()])).toEqual([['kept/topic', 'before']])
  })
})
