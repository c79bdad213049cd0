// A broker restarted on the same database: persistent sessions come back with their subscriptions,
// unacknowledged QoS 1/2 messages are re-sent with DUP=1, an inbound QoS 2 id still blocks a duplicate,
// and queued mode forgets a message once written (the difference the QoS lesson shows).
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { startBroker, type RunningBroker } from '../../../../../electron/core/broker/broker-service'
import { defaultBrokerConfig } from '../../../../../electron/core/broker/config/broker-config'
import type { PersistenceMode } from '../../../../../shared/model/persistence'
import { silentLogger } from '../../../../../electron/core/support/logger'
import { connectedClient } from '../../../../support/raw-client'
import { makeTempDir } from '../../../../support/temp-dir'

describe('broker restart with persistence', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function start(dataDir: string, mode: PersistenceMode): Promise<{ running: RunningBroker; port: number }> {
    const config = defaultBrokerConfig()
    config.listeners[0]!.port = 0
    config.persistence = { mode, location: null, durability: 'process', strict: false }
    const running = await startBroker({ config, version: 't', log: silentLogger, dataDir })
    cleanups.push(() => running.close())
    return { running, port: running.listeners[0]!.port }
  }

  const session = { version: 5 as const, properties: { sessionExpiryInterval: 600 } }

  /** The persistent subscriber 'sub' to r/# with `qos`, its SUBACK received. */
  async function subscriber(port: number, qos: 0 | 1 | 2 = 1, properties: Record<string, number> = session.properties) {
    const sub = await connectedClient(port, { clientId: 'sub', clean: true, version: 5, properties })
    sub.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'r/#', qos }] })
    await sub.client.next('suback')
    return sub
  }

  it('acknowledged: a QoS 1 message delivered but not acknowledged is re-sent with DUP=1 after a restart', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const a = await start(dir.path, 'acknowledged')
    const sub = await subscriber(a.port)
    const pub = await connectedClient(a.port, { clientId: 'pub' })
    pub.client.send({ cmd: 'publish', topic: 'r/x', payload: Buffer.from('once'), qos: 1, messageId: 1, retain: false, dup: false })
    await pub.client.next('puback')
    const first = await sub.client.next('publish')
    sub.client.socket.destroy() // no PUBACK
    await a.running.close()

    const b = await start(dir.path, 'acknowledged')
    const back = await connectedClient(b.port, { clientId: 'sub', clean: false, ...session })
    expect(back.connack.sessionPresent).toBe(true)
    expect(await back.client.next('publish')).toMatchObject({ topic: 'r/x', dup: true, messageId: first.messageId })
    back.client.end()
    pub.client.end()
  })

  it('acknowledged: a queued QoS 1 message sent and acknowledged after a reconnect is not sent again after a restart', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const a = await start(dir.path, 'acknowledged')
    const sub = await subscriber(a.port)
    sub.client.end() // offline: the message waits in its queue (stored)
    await sub.client.closed
    const pub = await connectedClient(a.port, { clientId: 'pub' })
    pub.client.send({ cmd: 'publish', topic: 'r/x', payload: Buffer.from('queued'), qos: 1, messageId: 1, retain: false, dup: false })
    await pub.client.next('puback')
    // Back, it gets the message and acknowledges it at once: the send and the PUBACK share one commit.
    const again = await connectedClient(a.port, { clientId: 'sub', clean: false, ...session })
    const delivered = await again.client.next('publish')
    again.client.send({ cmd: 'puback', messageId: delivered.messageId })
    expect(await again.client.silentFor(100)).toBe(true)
    again.client.end()
    await a.running.close()

    const b = await start(dir.path, 'acknowledged')
    const back = await connectedClient(b.port, { clientId: 'sub', clean: false, ...session })
    expect(back.connack.sessionPresent).toBe(true)
    expect(await back.client.silentFor(300)).toBe(true) // nothing comes twice
    back.client.end()
    pub.client.end()
  })

  it('acknowledged: messages that waited for a full inflight window, then were sent and acknowledged, are not sent again after a restart', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const a = await start(dir.path, 'acknowledged')
    // Receive Maximum 1: one message in flight; the next ones wait in the (stored) queue meanwhile.
    const sub = await subscriber(a.port, 1, { sessionExpiryInterval: 600, receiveMaximum: 1 })
    const pub = await connectedClient(a.port, { clientId: 'pub' })
    for (let i = 1; i <= 5; i++) pub.client.send({ cmd: 'publish', topic: 'r/x', payload: Buffer.from(`m${i}`), qos: 1, messageId: i, retain: false, dup: false })
    const got: string[] = []
    for (let i = 1; i <= 5; i++) {
      const p = await sub.client.next('publish')
      got.push(String(p.payload))
      // The first PUBACK comes late, so the waiting ones are stored as queued before they are sent.
      if (i === 1) await new Promise((r) => setTimeout(r, 50))
      sub.client.send({ cmd: 'puback', messageId: p.messageId })
    }
    expect(got).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
    expect(await sub.client.silentFor(100)).toBe(true)
    sub.client.end()
    await a.running.close()

    const b = await start(dir.path, 'acknowledged')
    const back = await connectedClient(b.port, { clientId: 'sub', clean: false, ...session })
    expect(back.connack.sessionPresent).toBe(true)
    expect(await back.client.silentFor(300)).toBe(true) // every one was acknowledged: none comes again
    back.client.end()
    pub.client.end()
  })

  it('queued: a message written to the subscriber is not kept, so a restart before its PUBACK loses it', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const a = await start(dir.path, 'queued')
    const sub = await subscriber(a.port)
    const pub = await connectedClient(a.port, { clientId: 'pub' })
    pub.client.send({ cmd: 'publish', topic: 'r/x', payload: Buffer.from('lost'), qos: 1, messageId: 1, retain: false, dup: false })
    await sub.client.next('publish')
    sub.client.socket.destroy()
    await a.running.close()

    const b = await start(dir.path, 'queued')
    const back = await connectedClient(b.port, { clientId: 'sub', clean: false, ...session })
    expect(back.connack.sessionPresent).toBe(true)
    expect(await back.client.silentFor(300)).toBe(true)
    back.client.end()
    pub.client.end()
  })

  it('an inbound QoS 2 id stored before the restart still blocks a duplicate delivery', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const a = await start(dir.path, 'acknowledged')
    const sub = await subscriber(a.port, 0)
    const pub = await connectedClient(a.port, { clientId: 'pub', clean: true, ...session })
    pub.client.send({ cmd: 'publish', topic: 'r/q2', payload: Buffer.from('exactly once'), qos: 2, messageId: 9, retain: false, dup: false })
    await pub.client.next('pubrec')
    await sub.client.next('publish')
    pub.client.socket.destroy() // no PUBREL yet
    await a.running.close()

    const b = await start(dir.path, 'acknowledged')
    const sub2 = await connectedClient(b.port, { clientId: 'sub', clean: false, ...session })
    const pub2 = await connectedClient(b.port, { clientId: 'pub', clean: false, ...session })
    pub2.client.send({ cmd: 'publish', topic: 'r/q2', payload: Buffer.from('exactly once'), qos: 2, messageId: 9, retain: false, dup: true })
    expect(await pub2.client.next('pubrec')).toMatchObject({ messageId: 9 })
    pub2.client.send({ cmd: 'pubrel', messageId: 9 })
    expect(await pub2.client.next('pubcomp')).toMatchObject({ messageId: 9 })
    expect(await sub2.client.silentFor(300)).toBe(true)
    for (const c of [sub2, pub2]) c.client.end()
  })
  it('a retained message pruned after its first delivery is stored again for the next subscriber', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    const failures: Error[] = []
    const config = defaultBrokerConfig()
    config.listeners[0]!.port = 0
    config.persistence = { mode: 'acknowledged', location: null, durability: 'process', strict: false }
    const a = await startBroker({ config, version: 't', log: silentLogger, dataDir: dir.path, onPersistenceFailure: (e) => failures.push(e) })
    const aPort = a.listeners[0]!.port
    const pub = await connectedClient(aPort, { clientId: 'pub' })
    pub.client.send({ cmd: 'publish', topic: 'r/kept', payload: Buffer.from('retained'), qos: 1, messageId: 1, retain: true, dup: false })
    await pub.client.next('puback')
    // First subscriber: gets the retained message and acknowledges it, so no delivery refers to its row.
    const first = await connectedClient(aPort, { clientId: 'first', clean: true, ...session })
    first.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'r/#', qos: 1 }] })
    const got = await first.client.next('publish')
    await first.client.silentFor(50) // a late PUBACK: the delivery and its message were committed first
    first.client.send({ cmd: 'puback', messageId: got.messageId })
    await first.client.silentFor(100)
    // Its row goes: never written (nothing referred to it when the batch log was applied), or pruned.
    a.broker.persister.prune(Date.now())
    expect(messageRows(join(dir.path, 'broker.sqlite'))).toBe(0)
    // Second subscriber: gets the same message object, whose row is gone; it leaves without acknowledging.
    const second = await connectedClient(aPort, { clientId: 'second', clean: true, ...session })
    second.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'r/#', qos: 1 }] })
    await second.client.next('publish')
    await second.client.silentFor(100)
    second.client.socket.destroy()
    for (const c of [first, pub]) c.client.end()
    await a.close()
    expect(failures).toEqual([])

    const b = await start(dir.path, 'acknowledged')
    const back = await connectedClient(b.port, { clientId: 'second', clean: false, ...session })
    expect(await back.client.next('publish')).toMatchObject({ topic: 'r/kept', dup: true, payload: Buffer.from('retained') })
    back.client.end()
  })
})

/** Rows in the store's messages table, read through a connection of its own. */
function messageRows(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n
  } finally {
    db.close()
  }
}
