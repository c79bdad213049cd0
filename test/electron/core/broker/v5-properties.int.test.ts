// MQTT 5 properties over real sockets: Topic Aliases both ways, Maximum Packet Size both ways, Message Expiry
// (remaining time forwarded, expired queued messages dropped), Payload Format Indicator, properties forwarded
// unaltered, AUTH without an authentication method, and $SYS refused to publishers.
import { describe, expect, it } from 'vitest'
import { AUTH_V5 } from '../../../fixtures/packets'
import { connectedClient, type RawClient } from '../../../support/raw-client'
import { brokerFor, expectStillServes, publish, subscribe } from '../../../support/broker-probes'
import type { TestBroker } from '../../../support/test-broker'

/** A v5 client; `props` are its CONNECT properties. */
async function v5(tb: TestBroker, clientId: string, props: Record<string, unknown> = {}): Promise<RawClient> {
  const { client, connack } = await connectedClient(tb.port, { clientId, version: 5, properties: props })
  expect(connack.reasonCode).toBe(0)
  return client
}

async function v4(tb: TestBroker, clientId: string): Promise<RawClient> {
  return (await connectedClient(tb.port, { clientId, version: 4 })).client
}

/** Collects the next `n` PUBLISH packets, acknowledging QoS 1 ones. */
async function take(client: RawClient, n: number): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = []
  for (let i = 0; i < n; i++) {
    const p = await client.next('publish')
    if (p.qos === 1) client.send({ cmd: 'puback', messageId: p.messageId, reasonCode: 0 })
    out.push(p)
  }
  return out
}

describe.concurrent('broker: 5.0 Topic Alias from the client (MQTT 5 §3.3.2.3.4)', () => {
  it('a topic set with an alias is reused by alias-only PUBLISHes, and an alias can be remapped', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v4(tb, 'sub')
    await subscribe(sub, 'alias/#', 0)
    const pub = await v5(tb, 'pub')
    pub.send({ cmd: 'publish', topic: 'alias/one', payload: 'set', qos: 0, properties: { topicAlias: 1 } })
    pub.send({ cmd: 'publish', topic: '', payload: 'by alias', qos: 0, properties: { topicAlias: 1 } })
    pub.send({ cmd: 'publish', topic: 'alias/two', payload: 'remap', qos: 0, properties: { topicAlias: 1 } })
    pub.send({ cmd: 'publish', topic: '', payload: 'by new alias', qos: 0, properties: { topicAlias: 1 } })
    const got = (await take(sub, 4)).map((p) => [p.topic, String(p.payload)])
    expect(got).toEqual([['alias/one', 'set'], ['alias/one', 'by alias'], ['alias/two', 'remap'], ['alias/two', 'by new alias']])
  })

  it.for([
    { name: 'an alias above the Topic Alias Maximum (11 > 10) → DISCONNECT 0x94 [MQTT-3.3.2-9]', limit: 10, alias: 11, topic: 'a', reasonCode: 0x94 },
    { name: 'any alias when the broker allows none (maximum 0) → DISCONNECT 0x94 [MQTT-3.3.2-9]', limit: 0, alias: 1, topic: 'a', reasonCode: 0x94 },
    { name: 'an alias never set, with an empty topic → DISCONNECT 0x82 (§3.3.2.3.4)', limit: 10, alias: 3, topic: '', reasonCode: 0x82 },
  ])('$name', async ({ limit, alias, topic, reasonCode }, ctx) => {
    const tb = await brokerFor({ limits: { topicAliasMaximum: limit } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'aliaser', version: 5 })
    expect((connack.properties as { topicAliasMaximum?: number }).topicAliasMaximum ?? 0).toBe(limit)
    client.send({ cmd: 'publish', topic, payload: 'x', qos: 0, properties: { topicAlias: alias } })
    expect(await client.next('disconnect')).toMatchObject({ reasonCode })
    await client.closed
    await expectStillServes(tb.port)
  })
})

describe.concurrent('broker: 5.0 Topic Alias towards the client (its Topic Alias Maximum) [MQTT-3.1.2-26]', () => {
  it('with Topic Alias Maximum 2: repeat topics go out alias-only, topics past the 2 aliases go out in full', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'sub', { topicAliasMaximum: 2 })
    await subscribe(sub, 'out/#', 0)
    const pub = await v4(tb, 'pub')
    for (const topic of ['out/1', 'out/1', 'out/2', 'out/2', 'out/3', 'out/3', 'out/1']) pub.send({ cmd: 'publish', topic, payload: topic, qos: 0 })
    const got = (await take(sub, 7)).map((p) => ({ topic: p.topic, alias: (p.properties as { topicAlias?: number } | undefined)?.topicAlias, payload: String(p.payload) }))
    expect(got).toEqual([
      { topic: 'out/1', alias: 1, payload: 'out/1' },
      { topic: '', alias: 1, payload: 'out/1' },
      { topic: 'out/2', alias: 2, payload: 'out/2' },
      { topic: '', alias: 2, payload: 'out/2' },
      { topic: 'out/3', alias: undefined, payload: 'out/3' },
      { topic: 'out/3', alias: undefined, payload: 'out/3' },
      { topic: '', alias: 1, payload: 'out/1' },
    ])
  })

  it('a client that sets no Topic Alias Maximum never gets aliases [MQTT-3.1.2-27]', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'sub')
    await subscribe(sub, 'out/#', 0)
    const pub = await v4(tb, 'pub')
    pub.send({ cmd: 'publish', topic: 'out/1', payload: 'a', qos: 0 })
    pub.send({ cmd: 'publish', topic: 'out/1', payload: 'b', qos: 0 })
    for (const p of await take(sub, 2)) expect({ topic: p.topic, alias: (p.properties as { topicAlias?: number } | undefined)?.topicAlias }).toEqual({ topic: 'out/1', alias: undefined })
  })
})

describe.concurrent('broker: 5.0 Maximum Packet Size', () => {
  it('a PUBLISH over the broker limit ends the connection with DISCONNECT 0x95 (the limit is announced in CONNACK) [MQTT-3.2.2-15]', async (ctx) => {
    const tb = await brokerFor({ limits: { maxPacketBytes: 256 } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'big', version: 5 })
    expect(connack.properties).toMatchObject({ maximumPacketSize: 256 })
    client.send({ cmd: 'publish', topic: 'big', payload: Buffer.alloc(300, 0x61), qos: 0 })
    expect(await client.next('disconnect')).toMatchObject({ reasonCode: 0x95 })
    await client.closed
    await expectStillServes(tb.port)
  })

  it.for([
    { limit: undefined, announced: 268_435_455, name: 'the default limit (256 MiB)' },
    { limit: 1024, announced: 1024, name: 'a limit of 1024 bytes' },
  ])('with $name, CONNACK announces Maximum Packet Size $announced (never above 268,435,455, which paho-mqtt rejects)', async ({ limit, announced }, ctx) => {
    const tb = await brokerFor(limit === undefined ? {} : { limits: { maxPacketBytes: limit } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'asks', version: 5 })
    expect(connack.properties).toMatchObject({ maximumPacketSize: announced })
    client.end()
  })

  it('a subscriber with Maximum Packet Size 100 never gets a 200-byte PUBLISH; each is counted as too-large and smaller ones still arrive [MQTT-3.1.2-24] [MQTT-3.1.2-25]', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'small', { maximumPacketSize: 100 })
    await subscribe(sub, 'sized/#', 1)
    const pub = await v4(tb, 'pub')
    await publish(pub, 'sized/big0', Buffer.alloc(200, 0x62), { qos: 0 })
    await publish(pub, 'sized/big1', Buffer.alloc(200, 0x62), { qos: 1 })
    await publish(pub, 'sized/ok', 'fits', { qos: 1 })
    const [first] = await take(sub, 1)
    expect({ topic: first!.topic, payload: String(first!.payload) }).toEqual({ topic: 'sized/ok', payload: 'fits' })
    expect(first!.length as number).toBeLessThanOrEqual(100)
    expect(tb.broker.counters.dropped['too-large']).toBe(2)
    expect(tb.broker.sessions.get('small')!.counters.dropped['too-large']).toBe(2)
  })
})

describe.concurrent('broker: 5.0 Message Expiry Interval [MQTT-3.3.2-5] [MQTT-3.3.2-6]', () => {
  it('a queued message goes out with the time it has left; an expired one is dropped and counted as expired', async (ctx) => {
    let skewMs = 0
    const tb = await brokerFor({ now: () => Date.now() + skewMs }, ctx)
    const away = await v5(tb, 'away', { sessionExpiryInterval: 600 })
    await subscribe(away, 'exp/#', 1)
    away.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.closed
    const pub = await v5(tb, 'pub')
    await publish(pub, 'exp/ten', 'ten', { qos: 1, properties: { messageExpiryInterval: 10 } })
    await publish(pub, 'exp/two', 'two', { qos: 1, properties: { messageExpiryInterval: 2 } })
    await publish(pub, 'exp/none', 'none', { qos: 1 })
    skewMs = 4000 // four seconds in the queue
    const { client: back } = await connectedClient(tb.port, { clientId: 'away', version: 5, clean: false, properties: { sessionExpiryInterval: 600 } })
    const got = (await take(back, 2)).map((p) => ({ topic: p.topic, expiry: (p.properties as { messageExpiryInterval?: number } | undefined)?.messageExpiryInterval }))
    expect(got).toEqual([{ topic: 'exp/ten', expiry: 6 }, { topic: 'exp/none', expiry: undefined }])
    expect(tb.broker.counters.dropped.expired).toBe(1)
    expect(tb.broker.sessions.get('away')!.counters.dropped.expired).toBe(1)
  })

  it('a message delivered at once keeps its full interval', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'sub')
    await subscribe(sub, 'exp/#', 0)
    const pub = await v5(tb, 'pub')
    await publish(pub, 'exp/now', 'x', { qos: 0, properties: { messageExpiryInterval: 30 } })
    expect((await sub.next('publish')).properties).toMatchObject({ messageExpiryInterval: 30 })
  })
})

describe.concurrent('broker: 5.0 Payload Format Indicator (MQTT 5 §3.3.2.3.2)', () => {
  const notUtf8 = Buffer.from([0x61, 0xff, 0x62])

  it('QoS 1 with indicator 1 and a payload that is not UTF-8 → PUBACK 0x99, connection kept, nothing forwarded', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'sub')
    await subscribe(sub, 'pfi/#', 0)
    const pub = await v5(tb, 'pub')
    const ack = await publish(pub, 'pfi/bad', notUtf8, { qos: 1, properties: { payloadFormatIndicator: true } })
    expect(ack).toMatchObject({ reasonCode: 0x99 })
    await publish(pub, 'pfi/good', 'héllo', { qos: 1, properties: { payloadFormatIndicator: true } })
    const first = await sub.next('publish')
    expect({ topic: first.topic, payload: String(first.payload), properties: first.properties }).toEqual({ topic: 'pfi/good', payload: 'héllo', properties: { payloadFormatIndicator: true } })
  })

  it('QoS 0 with indicator 1 and a payload that is not UTF-8 → DISCONNECT 0x99', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const pub = await v5(tb, 'pub')
    pub.send({ cmd: 'publish', topic: 'pfi/bad', payload: notUtf8, qos: 0, properties: { payloadFormatIndicator: true } })
    expect(await pub.next('disconnect')).toMatchObject({ reasonCode: 0x99 })
    await pub.closed
    await expectStillServes(tb.port)
  })

  it('indicator 0 (bytes) accepts any payload', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const pub = await v5(tb, 'pub')
    const ack = await publish(pub, 'pfi/bytes', notUtf8, { qos: 1, properties: { payloadFormatIndicator: false } })
    expect(ack!.reasonCode ?? 0).toBe(0x10) // accepted; nobody subscribed
  })
})

describe.concurrent('broker: 5.0 properties forwarded unaltered [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20]', () => {
  it('content type, response topic, correlation data and user properties (repeated keys in order) reach the subscriber as sent', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v5(tb, 'sub')
    await subscribe(sub, 'req/#', 1)
    const pub = await v5(tb, 'pub')
    const properties = {
      payloadFormatIndicator: true,
      contentType: 'application/json; charset=utf-8',
      responseTopic: 'resp/42',
      correlationData: Buffer.from([0x00, 0xff, 0x10, 0x20]),
      userProperties: { region: 'eu', tag: ['first', 'second', 'first'] },
    }
    await publish(pub, 'req/42', '{"q":1}', { qos: 1, properties })
    const [got] = await take(sub, 1)
    expect(got!.properties).toEqual(properties)
  })

  it('properties are not forwarded to a 3.1.1 subscriber, which still gets the message', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const sub = await v4(tb, 'old')
    await subscribe(sub, 'req/#', 0)
    const pub = await v5(tb, 'pub')
    await publish(pub, 'req/1', 'x', { qos: 0, properties: { contentType: 'text/plain', userProperties: { a: 'b' } } })
    const got = await sub.next('publish')
    expect({ topic: got.topic, properties: got.properties }).toEqual({ topic: 'req/1', properties: undefined })
  })
})

describe.concurrent('broker: 5.0 AUTH and $SYS', () => {
  // Not 0x8C: Bad authentication method is no DISCONNECT reason code (Table 3-10) [MQTT-3.14.2-1], and mqtt-packet
  // based clients (MQTT.js) cannot even parse a DISCONNECT carrying it.
  it('AUTH on a connection whose CONNECT had no Authentication Method is a Protocol Error: DISCONNECT 0x82 (§3.15) [MQTT-4.12.0-6]', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const client = await v5(tb, 'auth')
    client.sendBytes(AUTH_V5.bytes)
    expect(await client.next('disconnect')).toMatchObject({ reasonCode: 0x82 })
    await client.closed
    await expectStillServes(tb.port)
  })

  it.for([
    { qos: 1 as const, topic: '$SYS/broker/uptime' },
    { qos: 2 as const, topic: '$SYS/anything' },
  ])('a QoS $qos PUBLISH to $topic is refused with reason 0x87 (Not authorized) and not delivered', async ({ qos, topic }, ctx) => {
    const tb = await brokerFor({}, ctx)
    const pub = await v5(tb, 'pub')
    pub.send({ cmd: 'publish', topic, payload: 'forged', qos, messageId: 7 })
    expect(await pub.next(qos === 1 ? 'puback' : 'pubrec')).toMatchObject({ messageId: 7, reasonCode: 0x87 })
    expect(tb.broker.counters.dropped['not-authorized']).toBe(1)
    pub.send({ cmd: 'pingreq' })
    expect(await pub.next('pingresp')).toMatchObject({ cmd: 'pingresp' })
  })
})
