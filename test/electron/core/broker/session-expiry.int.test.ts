// Session lifetime over real sockets: v5 Session Expiry Interval (subscriptions and queued messages kept while
// it runs, gone after it; 0xFFFFFFFF never; changed at DISCONNECT, but not from 0), and 3.1.1 CleanSession.
// "Nothing was delivered" is shown with a sentinel published after it: deliveries to one client keep their order.
import { describe, expect, it } from 'vitest'
import { connectedClient, type RawClient } from '../../../support/raw-client'
import { brokerFor, expectStillServes, nextObserved, publish, subscribe } from '../../../support/broker-probes'
import type { TestBroker } from '../../../support/test-broker'

const NEVER = 0xffffffff

/** A v5 client that subscribes `topic/#` at QoS 1 with the given Session Expiry Interval, then leaves with a normal DISCONNECT. */
async function subscribeAndLeave(tb: TestBroker, clientId: string, expiryS: number, disconnectProps?: Record<string, unknown>): Promise<void> {
  const { client, connack } = await connectedClient(tb.port, { clientId, version: 5, clean: true, properties: { sessionExpiryInterval: expiryS } })
  expect(connack.reasonCode).toBe(0)
  await subscribe(client, `${clientId}/#`, 1)
  client.send({ cmd: 'disconnect', reasonCode: 0, ...(disconnectProps ? { properties: disconnectProps } : {}) })
  await client.closed
}

async function publishAs(tb: TestBroker, topic: string, payload: string): Promise<void> {
  const { client } = await connectedClient(tb.port, { clientId: `pub-${topic}`, version: 5 })
  await publish(client, topic, payload, { qos: 1 })
  client.send({ cmd: 'disconnect', reasonCode: 0 })
  await client.closed
}

/** Reconnects with Clean Start 0 and returns the client and whether the session was present. */
async function resume(tb: TestBroker, clientId: string, version: 4 | 5 = 5, expiryS = 60): Promise<{ client: RawClient; sessionPresent: boolean }> {
  const { client, connack } = await connectedClient(tb.port, { clientId, version, clean: false, ...(version === 5 ? { properties: { sessionExpiryInterval: expiryS } } : {}) })
  return { client, sessionPresent: connack.sessionPresent as boolean }
}

/** The topic of the first PUBLISH the client gets (acknowledged); a sentinel published last proves nothing came before it. */
async function firstTopic(client: RawClient): Promise<string> {
  const packet = await client.next('publish')
  if ((packet.qos as number) > 0) client.send({ cmd: 'puback', messageId: packet.messageId })
  return packet.topic as string
}

const expired = (tb: TestBroker, clientId: string) =>
  nextObserved(tb, 'sessionChanged', (e) => e.kind === 'expired' && e.clientId === clientId, 4000)

describe.concurrent('broker: 5.0 Session Expiry Interval [MQTT-3.1.2-23]', () => {
  it('within the interval, the subscription and the messages queued meanwhile survive a disconnect (Session Present 1)', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    await subscribeAndLeave(tb, 'keeper', 1)
    await publishAs(tb, 'keeper/a', 'while away')
    const { client, sessionPresent } = await resume(tb, 'keeper')
    expect(sessionPresent).toBe(true)
    const queued = await client.next('publish')
    expect({ topic: queued.topic, payload: String(queued.payload), qos: queued.qos }).toEqual({ topic: 'keeper/a', payload: 'while away', qos: 1 })
    client.end()
  })

  it('after the interval the session is gone: Session Present 0, no queued messages, no subscription', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const gone = expired(tb, 'brief')
    const leftAt = Date.now()
    await subscribeAndLeave(tb, 'brief', 1)
    await publishAs(tb, 'brief/a', 'queued before expiry')
    await gone
    expect(Date.now() - leftAt).toBeGreaterThanOrEqual(900)
    const { client, sessionPresent } = await resume(tb, 'brief')
    expect(sessionPresent).toBe(false)
    await subscribe(client, 'sentinel', 1)
    await publishAs(tb, 'brief/a', 'after expiry')
    await publishAs(tb, 'sentinel', 'marker')
    expect(await firstTopic(client)).toBe('sentinel')
    client.end()
  })

  it('0xFFFFFFFF never expires: still present after a 1 s session that left at the same time has expired', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const shortGone = expired(tb, 'short')
    await subscribeAndLeave(tb, 'forever', NEVER)
    await subscribeAndLeave(tb, 'short', 1)
    await publishAs(tb, 'forever/a', 'kept')
    await shortGone
    expect(tb.broker.sessions.get('forever')?.expiresAt()).toBeNull()
    const { client, sessionPresent } = await resume(tb, 'forever', 5, NEVER)
    expect(sessionPresent).toBe(true)
    expect(String((await client.next('publish')).payload)).toBe('kept')
    client.end()
  })
})

describe.concurrent('broker: Session Expiry Interval changed at DISCONNECT (MQTT 5 §3.14.2.2.2)', () => {
  it('from 300 s to 0: the session ends with the connection', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    await subscribeAndLeave(tb, 'changer', 300, { sessionExpiryInterval: 0 })
    const { client, sessionPresent } = await resume(tb, 'changer')
    expect(sessionPresent).toBe(false)
    client.end()
  })

  it('from 300 s to 1 s: the session expires after 1 s instead', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const gone = expired(tb, 'changer')
    await subscribeAndLeave(tb, 'changer', 300, { sessionExpiryInterval: 1 })
    expect(tb.broker.sessions.has('changer')).toBe(true)
    await gone
    const { client, sessionPresent } = await resume(tb, 'changer')
    expect(sessionPresent).toBe(false)
    client.end()
  })

  it('from 0 to non-zero is a Protocol Error: DISCONNECT 0x82 and the session does not survive', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const { client } = await connectedClient(tb.port, { clientId: 'sneaky', version: 5 })
    client.send({ cmd: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 60 } })
    expect(await client.next('disconnect')).toMatchObject({ reasonCode: 0x82 })
    await client.closed
    expect(tb.broker.sessions.has('sneaky')).toBe(false)
    await expectStillServes(tb.port)
  })
})

describe.concurrent('broker: 3.1.1 CleanSession [MQTT-3.1.2-4] [MQTT-3.1.2-6]', () => {
  it('CleanSession=0 keeps subscriptions and QoS 1 messages queued while offline', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const first = await connectedClient(tb.port, { clientId: 'durable', version: 4, clean: false })
    expect(first.connack.sessionPresent).toBe(false)
    await subscribe(first.client, 'durable/#', 1)
    first.client.send({ cmd: 'disconnect' })
    await first.client.closed
    await publishAs(tb, 'durable/x', 'held')
    const { client, sessionPresent } = await resume(tb, 'durable', 4)
    expect(sessionPresent).toBe(true)
    expect(await client.next('publish')).toMatchObject({ topic: 'durable/x', qos: 1 })
    client.end()
  })

  it('CleanSession=1 discards the stored session: Session Present 0 and the old subscription is gone', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const first = await connectedClient(tb.port, { clientId: 'wiped', version: 4, clean: false })
    await subscribe(first.client, 'wiped/#', 1)
    first.client.send({ cmd: 'disconnect' })
    await first.client.closed
    const second = await connectedClient(tb.port, { clientId: 'wiped', version: 4, clean: true })
    expect(second.connack.sessionPresent).toBe(false)
    await subscribe(second.client, 'sentinel', 1)
    await publishAs(tb, 'wiped/x', 'not for you')
    await publishAs(tb, 'sentinel', 'marker')
    expect(await firstTopic(second.client)).toBe('sentinel')
    second.client.end()
  })

  it('a CleanSession=1 session ends with its connection: a later CleanSession=0 connect finds none', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const first = await connectedClient(tb.port, { clientId: 'transient', version: 4, clean: true })
    await subscribe(first.client, 'transient/#', 1)
    first.client.send({ cmd: 'disconnect' })
    await first.client.closed
    const { client, sessionPresent } = await resume(tb, 'transient', 4)
    expect(sessionPresent).toBe(false)
    client.end()
  })
})
