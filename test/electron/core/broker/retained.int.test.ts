// Retained messages over real sockets, server side, MQTT 3.1.1 and 5.0: store, replace, clear, the RETAIN flag
// on subscribe and on live forwarding, wildcard and '$' matching, QoS, message expiry and shared subscriptions.
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import {
  brokerPerTest, collect, connect, internalMessage, payloads, publish, settle, subscribe, takePublishes, type Client, type QoS,
} from '../../../support/broker-steps'

const VERSIONS = [4, 5] as const

/** Subscribes (QoS 1 unless told) and returns the retained messages sent for it, once the broker has sent them all. */
async function retainedOnSubscribe(client: Client, filter: string, qos: QoS = 1): Promise<ReturnType<typeof takePublishes>> {
  await subscribe(client, filter, { qos })
  await settle(client)
  return takePublishes(client)
}

describe('broker: retained messages', () => {
  const start = brokerPerTest()

  it.each(VERSIONS)('v%i: a retained message is stored and sent to a later subscriber with RETAIN=1 [MQTT-3.3.1-5] [MQTT-3.3.1-6 (3.1.1)] [MQTT-3.3.1-8 (3.1.1)] [MQTT-3.3.1-9 (5.0)]', async (version) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/a', 'kept', { qos: 1, retain: true })
    const sub = await connect(tb.port, 'sub', { version })
    const sent = await retainedOnSubscribe(sub, 'r/a')
    expect(sent.map((p) => [p.topic, String(p.payload), p.retain])).toEqual([['r/a', 'kept', true]])
  })

  it.each(VERSIONS)('v%i: a new retained message replaces the old one [MQTT-3.3.1-5]', async (version) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/a', 'v1', { retain: true })
    await publish(pub, 'r/a', 'v2', { retain: true })
    const sub = await connect(tb.port, 'sub', { version })
    expect(payloads(await retainedOnSubscribe(sub, 'r/a'))).toEqual(['v2'])
  })

  it.each(VERSIONS)('v%i: a PUBLISH with RETAIN=0 neither stores nor replaces the retained message [MQTT-3.3.1-12 (3.1.1)] [MQTT-3.3.1-8 (5.0)]', async (version) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/a', 'kept', { retain: true })
    await publish(pub, 'r/a', 'passing', { retain: false })
    await publish(pub, 'r/b', 'never kept', { retain: false })
    const sub = await connect(tb.port, 'sub', { version })
    expect(payloads(await retainedOnSubscribe(sub, 'r/#'))).toEqual(['kept'])
  })

  it.each(VERSIONS)('v%i: an empty retained payload clears the topic, is still forwarded to current subscribers, and is not stored [MQTT-3.3.1-10] [MQTT-3.3.1-11 (3.1.1)] [MQTT-3.3.1-6] [MQTT-3.3.1-7 (5.0)]', async (version) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/a', 'kept', { retain: true })
    const current = await connect(tb.port, 'current', { version })
    expect(payloads(await retainedOnSubscribe(current, 'r/a'))).toEqual(['kept'])

    await publish(pub, 'r/a', '', { qos: 1, retain: true })
    const [forwarded] = await collect(current, 1)
    expect(forwarded).toMatchObject({ topic: 'r/a', retain: false })
    expect(Buffer.from(forwarded!.payload as Buffer).length).toBe(0)
    expect(tb.broker.retained.size).toBe(0)

    const later = await connect(tb.port, 'later', { version })
    expect(await retainedOnSubscribe(later, 'r/a')).toEqual([])
  })

  it.each([
    [4, false, false],
    [5, false, false],
    [5, true, true],
  ] as const)('v%i (Retain As Published=%s): a live retained message is forwarded with RETAIN=%s, while a new subscription gets it with RETAIN=1 [MQTT-3.3.1-9 (3.1.1)] [MQTT-3.3.1-12] [MQTT-3.3.1-13 (5.0)]', async (version, rap, liveRetain) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, { topic: 'r/live', rap })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'r/live', 'm', { retain: true })
    const [live] = await collect(sub, 1)
    expect(live!.retain).toBe(liveRetain)
    const late = await connect(tb.port, 'late', { version })
    expect((await retainedOnSubscribe(late, 'r/live')).map((p) => p.retain)).toEqual([true])
  })

  const RETAINED_TOPICS = ['a', 'a/b', 'a/b/c', 'a/', 'b', '/lead', '$app/x']
  it.each([
    ['a/#', ['a', 'a/', 'a/b', 'a/b/c']],
    ['a/+', ['a/', 'a/b']],
    ['+', ['a', 'b']],
    ['+/+', ['/lead', 'a/', 'a/b']],
    ['+/lead', ['/lead']],
    ['#', ['/lead', 'a', 'a/', 'a/b', 'a/b/c', 'b']],
    ['$app/#', ['$app/x']],
    ['+/x', []],
    ['a/b/c', ['a/b/c']],
  ] as const)("filter '%s' receives the retained messages of %j ('a/#' includes 'a'; '$' topics only for '$' filters) [MQTT-4.7.1-2 (3.1.1)] [MQTT-4.7.2-1]", async (filter, expected) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub')
    for (const topic of RETAINED_TOPICS) await publish(pub, topic, `at ${topic}`, { qos: 1, retain: true })
    const sub = await connect(tb.port, 'sub')
    const sent = await retainedOnSubscribe(sub, filter)
    expect(sent.map((p) => p.topic).sort()).toEqual([...expected].sort())
    expect(sent.every((p) => p.retain === true && String(p.payload) === `at ${String(p.topic)}`)).toBe(true)
  })

  it("a retained '$SYS' message is not sent for '#' but is for '$SYS/#' [MQTT-4.7.2-1]", async () => {
    const tb = await start()
    tb.broker.publishInternal(internalMessage('$SYS/broker/version', '1', { retain: true }))
    const sub = await connect(tb.port, 'sub')
    expect(await retainedOnSubscribe(sub, '#')).toEqual([])
    expect(payloads(await retainedOnSubscribe(sub, '$SYS/#'))).toEqual(['1'])
  })

  const retainedQos: Array<[QoS, QoS, QoS]> = []
  for (const stored of [0, 1, 2] as const) for (const granted of [0, 1, 2] as const) retainedQos.push([stored, granted, Math.min(stored, granted) as QoS])
  it.each(retainedQos)('retained at QoS %i, subscribed at QoS %i → sent at QoS %i [MQTT-3.8.4-6 (3.1.1)] [MQTT-3.8.4-8 (5.0)]', async (stored, granted, sentQos) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub')
    await publish(pub, 'r/q', 'm', { qos: stored, retain: true })
    const sub = await connect(tb.port, 'sub')
    expect((await retainedOnSubscribe(sub, 'r/q', granted)).map((p) => p.qos)).toEqual([sentQos])
  })

  it('5.0: a retained message is no longer sent once its Message Expiry Interval has passed [MQTT-3.3.2-5]', async () => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'r/exp', 'short-lived', { qos: 1, retain: true, properties: { messageExpiryInterval: 1 } })
    await publish(pub, 'r/keep', 'forever', { qos: 1, retain: true })
    const publishedAt = Date.now()
    const sub = await connect(tb.port, 'sub', { version: 5 })

    const fresh = await retainedOnSubscribe(sub, 'r/exp', 0)
    expect(payloads(fresh)).toEqual(['short-lived'])
    expect((fresh[0]!.properties as { messageExpiryInterval?: number }).messageExpiryInterval).toBeLessThanOrEqual(1)

    // Poll by re-subscribing (Retain Handling 0 re-sends retained messages) until it stops coming.
    let stillSent = true
    while (stillSent && Date.now() - publishedAt < 3000) {
      await delay(100)
      stillSent = (await retainedOnSubscribe(sub, 'r/exp', 0)).length > 0
    }
    expect(stillSent).toBe(false)
    expect(Date.now() - publishedAt).toBeGreaterThanOrEqual(900)
    expect(payloads(await retainedOnSubscribe(sub, 'r/keep', 0))).toEqual(['forever'])
  })

  it('5.0: retained messages are not sent for a shared subscription (MQTT 5 §4.8.2)', async () => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'r/s', 'kept', { retain: true })
    const sub = await connect(tb.port, 'sub', { version: 5 })
    expect(await retainedOnSubscribe(sub, '$share/g/r/s')).toEqual([])
    expect(payloads(await retainedOnSubscribe(sub, 'r/s'))).toEqual(['kept'])
  })

  it('3.1.1: retained messages outlive the session of their publisher [MQTT-3.1.2-7 (3.1.1)]', async () => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { clean: true })
    await publish(pub, 'r/a', 'kept', { qos: 1, retain: true })
    pub.send({ cmd: 'disconnect' })
    await pub.closed
    expect(tb.broker.sessions.has('pub')).toBe(false)
    const sub = await connect(tb.port, 'sub')
    expect(payloads(await retainedOnSubscribe(sub, 'r/a'))).toEqual(['kept'])
  })
})
