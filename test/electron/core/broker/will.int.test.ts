// Will messages over real sockets: published when a connection ends without a normal DISCONNECT (socket lost,
// keep-alive timeout, v5 0x04), dropped after a normal one; QoS, retain and properties kept; the v5 Will Delay
// Interval against reconnects, session expiry and session takeover. A watcher client subscribed to wills/# observes.
import { describe, expect, it } from 'vitest'
import { connectedClient, type RawClient } from '../../../support/raw-client'
import { brokerFor, nextObserved, publish, subscribe, waitUntil } from '../../../support/broker-probes'
import type { TestBroker } from '../../../support/test-broker'

type Version = 4 | 5

/** A client subscribed to every will topic of these tests. */
async function watcher(tb: TestBroker, version: Version = 5, qos: 0 | 1 | 2 = 2): Promise<RawClient> {
  const { client } = await connectedClient(tb.port, { clientId: `watcher-${version}`, version })
  await subscribe(client, 'wills/#', qos)
  return client
}

const willOf = (clientId: string, extra: Record<string, unknown> = {}) =>
  ({ topic: `wills/${clientId}`, payload: Buffer.from(`${clientId} is gone`), qos: 0, retain: false, ...extra })

/** Connects a client with a will; v5 sessions get `sessionExpiryInterval`, the will `willDelayInterval`. */
async function withWill(tb: TestBroker, clientId: string, opts: { version?: Version; clean?: boolean; keepalive?: number; expiryS?: number; delayS?: number; will?: Record<string, unknown> } = {}) {
  const version = opts.version ?? 5
  const willProps = opts.delayS !== undefined ? { properties: { willDelayInterval: opts.delayS } } : {}
  return connectedClient(tb.port, {
    clientId, version, clean: opts.clean ?? true, keepalive: opts.keepalive ?? 0,
    ...(version === 5 && opts.expiryS !== undefined ? { properties: { sessionExpiryInterval: opts.expiryS } } : {}),
    will: willOf(clientId, { ...willProps, ...opts.will }),
  })
}

/**
 * The next PUBLISH the watcher gets, as topic and text. Used with a sentinel published afterwards: if the will
 * had been published, it would have been routed (and so received) before the sentinel.
 */
async function nextTopic(client: RawClient, timeoutMs = 3000): Promise<string> {
  return (await client.next('publish', timeoutMs)).topic as string
}

async function publishSentinel(tb: TestBroker): Promise<void> {
  const { client } = await connectedClient(tb.port, { clientId: 'sentinel' })
  await publish(client, 'wills/sentinel', 'marker', { qos: 1 })
  client.end()
}

const disconnectedFromBroker = (tb: TestBroker, clientId: string) =>
  waitUntil(() => !tb.broker.connections.has(clientId), `the broker to see ${clientId} go`)

describe.concurrent('broker: will message published on an abnormal end [MQTT-3.1.2-8]', () => {
  it.for([4, 5] as const)('MQTT %s: the socket closing without DISCONNECT publishes the will', async (version, ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'lost', { version })
    client.socket.destroy()
    const will = await w.next('publish')
    expect({ topic: will.topic, payload: String(will.payload) }).toEqual({ topic: 'wills/lost', payload: 'lost is gone' })
  })

  it('a keep-alive timeout publishes the will (server closes without DISCONNECT)', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'silent', { version: 4, keepalive: 1 })
    const will = await w.next('publish', 4000)
    expect(will.topic).toBe('wills/silent')
    await client.closed
  })

  it.for([
    { name: '3.1.1 DISCONNECT drops the will [MQTT-3.1.2-10]', version: 4 as const, disconnect: { cmd: 'disconnect' }, published: false },
    { name: '5.0 DISCONNECT 0x00 drops the will [MQTT-3.1.2-10]', version: 5 as const, disconnect: { cmd: 'disconnect', reasonCode: 0x00 }, published: false },
    { name: '5.0 DISCONNECT 0x04 (Disconnect with Will Message) publishes it', version: 5 as const, disconnect: { cmd: 'disconnect', reasonCode: 0x04 }, published: true },
  ])('$name', async ({ version, disconnect, published }, ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'leaver', { version })
    client.send(disconnect)
    await client.closed
    await publishSentinel(tb)
    expect(await nextTopic(w)).toBe(published ? 'wills/leaver' : 'wills/sentinel')
  })
})

describe.concurrent('broker: will QoS, retain and properties', () => {
  it('the will goes out at min(will QoS, granted QoS); a retained will reaches later subscribers with RETAIN=1', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb, 4, 2)
    const { client } = await withWill(tb, 'kept', { version: 4, will: { qos: 1, retain: true } })
    client.socket.destroy()
    const live = await w.next('publish')
    // Forwarded to an existing subscription: RETAIN=0 [MQTT-3.3.1-9].
    expect(live).toMatchObject({ topic: 'wills/kept', qos: 1, retain: false })
    w.send({ cmd: 'puback', messageId: live.messageId })

    const { client: late } = await connectedClient(tb.port, { clientId: 'late' })
    await subscribe(late, 'wills/+', 0)
    const retained = await late.next('publish')
    expect({ topic: retained.topic, qos: retained.qos, retain: retained.retain, payload: String(retained.payload) })
      .toEqual({ topic: 'wills/kept', qos: 0, retain: true, payload: 'kept is gone' })
    late.end()
  })

  it('5.0: will properties are forwarded, and the Message Expiry Interval counts from publication, not from CONNECT (MQTT 5 §3.1.3.2.4)', async (ctx) => {
    let skewMs = 0
    const tb = await brokerFor({ now: () => Date.now() + skewMs }, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'aging', {
      will: { properties: { messageExpiryInterval: 60, contentType: 'text/plain', userProperties: { site: 'lab' } } },
    })
    skewMs = 50_000 // connected for 50 s before the connection is lost
    client.socket.destroy()
    const will = await w.next('publish')
    expect(will.properties).toEqual({ messageExpiryInterval: 60, contentType: 'text/plain', userProperties: { site: 'lab' } })
  })
})

describe.concurrent('broker: 5.0 Will Delay Interval [MQTT-3.1.3-9]', () => {
  it('publishes the will once the delay has passed, not before', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'delayed', { expiryS: 60, delayS: 1 })
    const lostAt = Date.now()
    client.socket.destroy()
    const will = await w.next('publish', 4000)
    expect(will.topic).toBe('wills/delayed')
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(900)
  })

  it('does not publish the will when the client reconnects (same client id, Clean Start 0) within the delay', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const returning = await withWill(tb, 'returning', { expiryS: 60, delayS: 1 })
    const control = await withWill(tb, 'control', { expiryS: 60, delayS: 1 })
    returning.client.socket.destroy()
    await disconnectedFromBroker(tb, 'returning')
    control.client.socket.destroy() // its will is due after returning's would have been
    const back = await connectedClient(tb.port, { clientId: 'returning', version: 5, clean: false, properties: { sessionExpiryInterval: 60 } })
    expect(back.connack).toMatchObject({ reasonCode: 0, sessionPresent: true })
    expect(await nextTopic(w, 4000)).toBe('wills/control')
    back.client.end()
  })

  it('publishes the will when the session ends first (Will Delay 60 s > Session Expiry 1 s)', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'short-lived', { expiryS: 1, delayS: 60 })
    const lostAt = Date.now()
    client.socket.destroy()
    expect(await nextTopic(w, 4000)).toBe('wills/short-lived')
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(900)
    const again = await connectedClient(tb.port, { clientId: 'short-lived', version: 5, clean: false })
    expect(again.connack.sessionPresent).toBe(false)
    again.client.end()
  })

  it('a delay longer than setTimeout can hold (40 days) is not published early', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const { client } = await withWill(tb, 'patient', { expiryS: 0xffffffff, delayS: 40 * 24 * 3600 })
    client.socket.destroy()
    await disconnectedFromBroker(tb, 'patient')
    await publishSentinel(tb)
    expect(await nextTopic(w)).toBe('wills/sentinel')
  })
})

describe.concurrent('broker: will on session takeover [MQTT-3.1.4-3]', () => {
  it.for([
    { name: '3.1.1: the taken-over connection publishes its will', version: 4 as const, delayS: undefined },
    { name: '5.0 with Will Delay 0: the taken-over connection publishes its will', version: 5 as const, delayS: 0 },
  ])('$name', async ({ version, delayS }, ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const first = await withWill(tb, 'dup-id', { version, delayS, expiryS: 60, clean: false })
    const second = await connectedClient(tb.port, { clientId: 'dup-id', version, clean: false, properties: version === 5 ? { sessionExpiryInterval: 60 } : undefined })
    expect(second.connack).toMatchObject(version === 5 ? { reasonCode: 0, sessionPresent: true } : { returnCode: 0, sessionPresent: true })
    expect(await nextTopic(w)).toBe('wills/dup-id')
    await first.client.closed
    second.client.end()
  })

  it('5.0 with Will Delay > 0 and Clean Start 0: the session continues, so the will is not published', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    const first = await withWill(tb, 'dup-id', { delayS: 1, expiryS: 60 })
    const second = await connectedClient(tb.port, { clientId: 'dup-id', version: 5, clean: false, properties: { sessionExpiryInterval: 60 } })
    expect(second.connack).toMatchObject({ reasonCode: 0, sessionPresent: true })
    expect(await first.client.next('disconnect')).toMatchObject({ reasonCode: 0x8e })
    const control = await withWill(tb, 'control', { delayS: 1, expiryS: 60 })
    control.client.socket.destroy() // due after dup-id's would have been
    expect(await nextTopic(w, 4000)).toBe('wills/control')
    second.client.end()
  })

  it('5.0 with Will Delay > 0 and Clean Start 1: the old session ends, so the will is published at once', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const w = await watcher(tb)
    await withWill(tb, 'dup-id', { delayS: 60, expiryS: 60 })
    const ended = nextObserved(tb, 'sessionChanged', (e) => e.kind === 'discarded' && e.clientId === 'dup-id')
    const second = await connectedClient(tb.port, { clientId: 'dup-id', version: 5, clean: true })
    expect(second.connack).toMatchObject({ reasonCode: 0, sessionPresent: false })
    await ended
    expect(await nextTopic(w)).toBe('wills/dup-id')
    second.client.end()
  })
})
