// SUBSCRIBE/SUBACK and UNSUBSCRIBE/UNSUBACK over real sockets, server side, MQTT 3.1.1 and 5.0: granted QoS,
// per-filter failures, '$' topics, replacement, overlapping subscriptions, the v5 subscription options and
// identifiers, shared subscriptions and the per-client subscription limit.
import { describe, expect, it } from 'vitest'
import {
  brokerPerTest, collect, connect, disconnect, internalMessage, payloads, publish, settle, stillServes, subscribe,
  subscriptionIds, takePublishes, unsubscribe,
} from '../../../support/broker-steps'

/** SUBACK failure code: v5 reason codes, 3.1.1's single 0x80 [MQTT-3.9.3-2 (3.1.1)]. */
const refusedCode = (version: 4 | 5, v5Code: number) => (version === 5 ? v5Code : 0x80)

describe('broker: SUBSCRIBE and SUBACK', () => {
  const start = brokerPerTest()

  it.each([
    [4, 2, 0, 0], [4, 2, 1, 1], [4, 2, 2, 2], [4, 1, 2, 1], [4, 0, 2, 0], [4, 0, 1, 0],
    [5, 2, 0, 0], [5, 2, 1, 1], [5, 2, 2, 2], [5, 1, 2, 1], [5, 0, 2, 0], [5, 0, 1, 0],
  ] as const)('v%i, maximum QoS %i: requested QoS %i is granted %i (the minimum) [MQTT-3.8.4-6 (3.1.1)] [MQTT-3.8.4-7 (5.0)]', async (version, maximumQos, requested, granted) => {
    const tb = await start({ maximumQos })
    const client = await connect(tb.port, 'sub', { version })
    expect(await subscribe(client, 'a/b', { qos: requested })).toEqual([granted])
    await disconnect(client)
  })

  it.each([
    [4, 'a/#/b', "'#' not last"],
    [4, 'a/b#', "'#' not a whole level"],
    [4, 'a+/b', "'+' not a whole level"],
    [4, '', 'empty filter'],
    [5, 'a/#/b', "'#' not last"],
    [5, 'a/b#', "'#' not a whole level"],
    [5, 'a+/b', "'+' not a whole level"],
    [5, '', 'empty filter'],
    [5, '$share/g', 'shared without a filter'],
    [5, '$share/g+/a', "'+' in a share name"],
  ] as const)("v%i: invalid filter '%s' (%s) is refused on its own while the valid filters around it are granted [MQTT-3.8.4-4] [MQTT-4.7.1-2]", async (version, filter, _why) => {
    const tb = await start()
    const client = await connect(tb.port, 'sub', { version })
    const codes = await subscribe(client, [{ topic: 'ok/1', qos: 1 }, { topic: filter, qos: 1 }, { topic: 'ok/2', qos: 2 }])
    expect(codes).toEqual([1, refusedCode(version, 0x8f), 2])
    const publisher = await connect(tb.port, 'pub', { version })
    await publish(publisher, 'ok/1', 'one')
    await publish(publisher, 'ok/2', 'two')
    expect(payloads(await collect(client, 2))).toEqual(['one', 'two'])
    await stillServes(tb.port, version)
  })

  it.each([
    ['#', '$app/x', false],
    ['+/x', '$app/x', false],
    ['+/+', '$app/x', false],
    ['$app/#', '$app/x', true],
    ['$app/+', '$app/x', true],
    ['#', 'app/x', true],
  ] as const)("filter '%s' on a client's '%s': delivered=%s ('$' names are not matched by a leading wildcard) [MQTT-4.7.2-1]", async (filter, topic, delivered) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, filter)
    const pub = await connect(tb.port, 'pub')
    await publish(pub, topic, 'm')
    await settle(sub)
    expect(takePublishes(sub).length).toBe(delivered ? 1 : 0)
  })

  it.each([
    ['#', false],
    ['+/broker/uptime', false],
    ['$SYS/#', true],
    ['$SYS/broker/+', true],
  ] as const)("filter '%s' on the broker's '$SYS/broker/uptime': delivered=%s [MQTT-4.7.2-1]", async (filter, delivered) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, filter)
    tb.broker.publishInternal(internalMessage('$SYS/broker/uptime', '12 seconds'))
    await settle(sub)
    expect(takePublishes(sub).length).toBe(delivered ? 1 : 0)
  })

  it.each([4, 5] as const)('v%i: a repeated filter replaces the subscription: the new QoS applies and messages arrive once [MQTT-3.8.4-3]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    expect(await subscribe(sub, 'r/x', { qos: 0 })).toEqual([0])
    expect(await subscribe(sub, 'r/x', { qos: 2 })).toEqual([2])
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/x', 'up', { qos: 2 })
    await settle(sub)
    expect(takePublishes(sub).map((p) => p.qos)).toEqual([2])
    expect(await subscribe(sub, 'r/x', { qos: 0 })).toEqual([0])
    await publish(pub, 'r/x', 'down', { qos: 1 })
    await settle(sub)
    expect(takePublishes(sub).map((p) => [p.qos, String(p.payload)])).toEqual([[0, 'down']])
  })

  it('3.1.1: a repeated SUBSCRIBE re-sends the retained messages of the filter [MQTT-3.8.4-3 (3.1.1)]', async () => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub')
    await publish(pub, 'r/t', 'kept', { retain: true })
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, 'r/t')
    await subscribe(sub, 'r/t', { qos: 1 })
    await settle(sub)
    expect(takePublishes(sub).map((p) => [String(p.payload), p.retain])).toEqual([['kept', true], ['kept', true]])
  })

  it.each([
    ['a/#', 'a', true],
    ['a/+', 'a', false],
    ['a/+', 'a/', true],
    ['+/+', '/x', true],
    ['+', 'a/b', false],
    ['a/b', 'A/b', false],
    ['#', '/', true],
    ['a/+', 'a/$x', true],
    ['a/#', 'a/$x', true],
  ] as const)("filter '%s' on topic '%s': delivered=%s [MQTT-4.7.1-2] [MQTT-4.7.3-4]", async (filter, topic, delivered) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, filter)
    const pub = await connect(tb.port, 'pub')
    await publish(pub, topic, 'm')
    await settle(sub)
    expect(takePublishes(sub).length).toBe(delivered ? 1 : 0)
  })

  it('3.1.1: overlapping subscriptions deliver one PUBLISH at the highest granted QoS [MQTT-3.3.5-1 (3.1.1)]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub')
    expect(await subscribe(sub, [{ topic: 'o/#', qos: 0 }, { topic: 'o/+', qos: 2 }, { topic: 'o/x', qos: 1 }])).toEqual([0, 2, 1])
    const pub = await connect(tb.port, 'pub')
    await publish(pub, 'o/x', 'm', { qos: 2 })
    await settle(sub)
    expect(takePublishes(sub).map((p) => p.qos)).toEqual([2])
  })

  it('5.0: overlapping subscriptions deliver one PUBLISH at the highest QoS carrying every Subscription Identifier [MQTT-3.3.4-2] [MQTT-3.3.4-4]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, 'o/#', { qos: 0, subscriptionId: 7 })
    await subscribe(sub, 'o/+', { qos: 2, subscriptionId: 9 })
    await subscribe(sub, 'o/x', { qos: 1 })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'o/x', 'm', { qos: 2 })
    await settle(sub)
    const [only, ...more] = takePublishes(sub)
    expect(more).toEqual([])
    expect(only!.qos).toBe(2)
    expect(subscriptionIds(only!).sort((a, b) => a - b)).toEqual([7, 9])
  })

  it('5.0: a Subscription Identifier travels with each matching message, including retained ones [MQTT-3.3.4-3]', async () => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'id/kept', 'retained', { retain: true })
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, 'id/+', { subscriptionId: 42 })
    const [retained] = await collect(sub, 1)
    expect(subscriptionIds(retained!)).toEqual([42])
    await publish(pub, 'id/live', 'live')
    const [live] = await collect(sub, 1)
    expect(subscriptionIds(live!)).toEqual([42])
  })

  it('5.0: re-subscribing without a Subscription Identifier drops the old one (the identifier belongs to the new subscription)', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, 'id/x', { subscriptionId: 5 })
    await subscribe(sub, 'id/x')
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'id/x', 'm')
    const [delivery] = await collect(sub, 1)
    expect(subscriptionIds(delivery!)).toEqual([])
  })

  it.each([
    [true, ['theirs']],
    [false, ['mine', 'theirs']],
  ] as const)('5.0: with No Local=%s the subscriber receives %j (its own messages are not forwarded to it) [MQTT-3.8.3-3]', async (nl, expected) => {
    const tb = await start()
    const self = await connect(tb.port, 'self', { version: 5 })
    await subscribe(self, { topic: 'nl/t', nl })
    const other = await connect(tb.port, 'other', { version: 5 })
    await publish(self, 'nl/t', 'mine')
    await publish(other, 'nl/t', 'theirs')
    await settle(self)
    expect(payloads(takePublishes(self))).toEqual(expected)
  })

  it.each([
    [true, true],
    [false, false],
  ] as const)('5.0: Retain As Published=%s forwards a retained live message with RETAIN=%s [MQTT-3.3.1-12] [MQTT-3.3.1-13]', async (rap, retainFlag) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, { topic: 'rap/t', rap })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'rap/t', 'live', { retain: true })
    const [delivery] = await collect(sub, 1)
    expect(delivery!.retain).toBe(retainFlag)
  })

  it.each([
    [0, 1, 1],
    [1, 1, 0],
    [2, 0, 0],
  ] as const)('5.0: Retain Handling %i sends %i retained on a new subscription and %i when it already existed [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]', async (rh, onNew, onRepeat) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'rh/t', 'kept', { retain: true })
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, { topic: 'rh/t', rh })
    await settle(sub)
    expect(takePublishes(sub).length).toBe(onNew)
    await subscribe(sub, { topic: 'rh/t', rh })
    await settle(sub)
    expect(takePublishes(sub).length).toBe(onRepeat)
  })

  it('5.0: a shared subscription hands messages round robin to its members (6 messages → 3 each) (MQTT 5 §4.8.2)', async () => {
    const tb = await start()
    const a = await connect(tb.port, 'member-a', { version: 5 })
    const b = await connect(tb.port, 'member-b', { version: 5 })
    await subscribe(a, '$share/g/jobs/+')
    await subscribe(b, '$share/g/jobs/+')
    const pub = await connect(tb.port, 'pub', { version: 5 })
    for (let i = 0; i < 6; i++) await publish(pub, 'jobs/x', `job-${i}`)
    await settle(a, b)
    const gotA = payloads(takePublishes(a))
    const gotB = payloads(takePublishes(b))
    expect(gotA).toHaveLength(3)
    expect(gotB).toHaveLength(3)
    expect([...gotA, ...gotB].sort()).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4', 'job-5'])
  })

  it('5.0: each share group gets its own copy, and a plain subscriber gets every message', async () => {
    const tb = await start()
    const g1 = await connect(tb.port, 'g1', { version: 5 })
    const g2 = await connect(tb.port, 'g2', { version: 5 })
    const plain = await connect(tb.port, 'plain', { version: 5 })
    await subscribe(g1, '$share/one/t')
    await subscribe(g2, '$share/two/t')
    await subscribe(plain, 't')
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 't', 'm1')
    await publish(pub, 't', 'm2')
    await settle(g1, g2, plain)
    for (const client of [g1, g2, plain]) expect(payloads(takePublishes(client))).toEqual(['m1', 'm2'])
  })

  it('5.0: No Local on a shared subscription is a protocol error: DISCONNECT 0x82 [MQTT-3.8.3-4]', async () => {
    const tb = await start()
    const client = await connect(tb.port, 'sub', { version: 5 })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '$share/g/t', qos: 0, nl: true }] })
    expect(await client.next('disconnect')).toMatchObject({ reasonCode: 0x82 })
    await client.closed
    expect(client.received.filter((p) => p.cmd === 'suback')).toEqual([])
    await stillServes(tb.port, 5)
  })

  it.each([4, 5] as const)('v%i: subscriptions beyond maxSubscriptionsPerClient are refused (v5 0x97, 3.1.1 0x80) while replacing one still works', async (version) => {
    const tb = await start({ maxSubscriptionsPerClient: 2 })
    const sub = await connect(tb.port, 'sub', { version })
    expect(await subscribe(sub, ['lim/a', 'lim/b', 'lim/c'], { qos: 1 })).toEqual([1, 1, refusedCode(version, 0x97)])
    expect(await subscribe(sub, 'lim/a', { qos: 2 })).toEqual([2])
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'lim/c', 'refused')
    await publish(pub, 'lim/a', 'granted')
    await settle(sub)
    expect(payloads(takePublishes(sub))).toEqual(['granted'])
    await unsubscribe(sub, 'lim/b')
    expect(await subscribe(sub, 'lim/c', { qos: 1 })).toEqual([1])
  })
})

describe('broker: UNSUBSCRIBE and UNSUBACK', () => {
  const start = brokerPerTest()

  it('5.0: UNSUBACK has 0x00 for each removed subscription and 0x11 where none existed, in filter order [MQTT-3.11.3-1] [MQTT-3.10.4-5]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, ['u/a', 'u/b/#'])
    const unsuback = await unsubscribe(sub, ['u/a', 'u/none', 'u/b/#'])
    expect(unsuback.granted).toEqual([0x00, 0x11, 0x00])
  })

  it('3.1.1: UNSUBACK carries only the packet id, also when nothing was subscribed [MQTT-3.10.4-4] [MQTT-3.10.4-5]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, 'u/a')
    const unsuback = await unsubscribe(sub, ['u/a', 'u/none'])
    expect(unsuback.length).toBe(2)
  })

  it.each([4, 5] as const)('v%i: after UNSUBSCRIBE no new messages for the filter are delivered [MQTT-3.10.4-2]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, ['u/a', 'u/keep'])
    await unsubscribe(sub, 'u/a')
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'u/a', 'gone', { qos: 1 })
    await publish(pub, 'u/keep', 'kept', { qos: 1 })
    await settle(sub)
    expect(payloads(takePublishes(sub))).toEqual(['kept'])
  })

  it('filters are compared character by character: unsubscribing u/+ leaves u/x subscribed [MQTT-3.10.4-1]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5 })
    await subscribe(sub, 'u/x')
    expect((await unsubscribe(sub, 'u/+')).granted).toEqual([0x11])
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'u/x', 'still')
    expect(payloads(await collect(sub, 1))).toEqual(['still'])
  })
})

