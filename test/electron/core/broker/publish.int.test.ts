// PUBLISH over real sockets, server side, MQTT 3.1.1 and 5.0: inbound acknowledgements per QoS, outbound
// deliveries and packet ids, the effective QoS, exactly-once for inbound QoS 2, re-sending to a resumed
// session, the outbound inflight window, the offline queue with its limit and drop policy, and ordering.
import { describe, expect, it } from 'vitest'
import {
  acknowledge, brokerPerTest, collect, connect, disconnect, expectAck, payloads, publish, sendPublish, settle, subscribe,
  takePublishes, type Client, type QoS,
} from '../../../support/broker-steps'

const VERSIONS = [4, 5] as const

/** Connects a subscriber whose session outlives the connection (3.1.1 CleanSession=0, v5 Clean Start=0 + expiry). */
const persistent = (port: number, clientId: string, version: 4 | 5): Promise<Client> =>
  connect(port, clientId, { version, clean: false, ...(version === 5 ? { sessionExpiry: 300 } : {}) })

describe('broker: inbound PUBLISH acknowledgements', () => {
  const start = brokerPerTest()

  it.each(VERSIONS)('v%i: QoS 0 is not acknowledged [MQTT-4.3.1-1]', async (version) => {
    const tb = await start()
    const pub = await connect(tb.port, 'pub', { version })
    sendPublish(pub, 'a', 'm', { qos: 0 })
    await settle(pub)
    expect(pub.received).toEqual([])
  })

  it.each(VERSIONS)('v%i: QoS 1 is answered by PUBACK with the same packet id [MQTT-4.3.2-4 (5.0)] [MQTT-2.3.1-6 (3.1.1)]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'a')
    const pub = await connect(tb.port, 'pub', { version })
    const id = sendPublish(pub, 'a', 'm', { qos: 1, messageId: 513 })!
    const puback = await expectAck(pub, 'puback', id)
    if (version === 4) expect(puback.length).toBe(2)
    else expect(puback.reasonCode ?? 0).toBe(0)
  })

  it.each(VERSIONS)('v%i: QoS 2 is answered PUBREC, and PUBREL by PUBCOMP, all with the same packet id [MQTT-4.3.3-8] [MQTT-4.3.3-11]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'a')
    const pub = await connect(tb.port, 'pub', { version })
    const id = sendPublish(pub, 'a', 'm', { qos: 2, messageId: 700 })!
    await expectAck(pub, 'pubrec', id)
    pub.send({ cmd: 'pubrel', messageId: id })
    await expectAck(pub, 'pubcomp', id)
  })

  it.each(VERSIONS)('v%i: a QoS 2 PUBLISH re-sent with DUP before PUBREL gets PUBREC again and is delivered once [MQTT-4.3.3-10] [MQTT-4.3.3-2 (3.1.1)]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'q2', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version })
    sendPublish(pub, 'q2', 'once', { qos: 2, messageId: 7 })
    await expectAck(pub, 'pubrec', 7)
    sendPublish(pub, 'q2', 'once', { qos: 2, messageId: 7, dup: true })
    await expectAck(pub, 'pubrec', 7)
    pub.send({ cmd: 'pubrel', messageId: 7 })
    await expectAck(pub, 'pubcomp', 7)
    await settle(sub)
    expect(payloads(takePublishes(sub))).toEqual(['once'])
  })

  it.each(VERSIONS)('v%i: after PUBCOMP the same packet id starts a new message [MQTT-4.3.3-12]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'q2')
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'q2', 'first', { qos: 2, messageId: 9 })
    await publish(pub, 'q2', 'second', { qos: 2, messageId: 9 })
    await settle(sub)
    expect(payloads(takePublishes(sub))).toEqual(['first', 'second'])
  })

  it.each(VERSIONS)('v%i: a persistent publisher that reconnects before PUBREL and re-sends the QoS 2 PUBLISH gets PUBREC and no second delivery [MQTT-4.3.3-10] [MQTT-4.4.0-1]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'q2', { qos: 2 })
    const first = await persistent(tb.port, 'pub', version)
    sendPublish(first, 'q2', 'once', { qos: 2, messageId: 21 })
    await expectAck(first, 'pubrec', 21)
    await disconnect(first)
    const again = await persistent(tb.port, 'pub', version)
    sendPublish(again, 'q2', 'once', { qos: 2, messageId: 21, dup: true })
    await expectAck(again, 'pubrec', 21)
    again.send({ cmd: 'pubrel', messageId: 21 })
    await expectAck(again, 'pubcomp', 21)
    await settle(sub)
    expect(payloads(takePublishes(sub))).toEqual(['once'])
  })

  it.each(VERSIONS)('v%i: the DUP flag of an incoming PUBLISH is not forwarded [MQTT-3.3.1-3]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'dup', { qos: 1 })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'dup', 'm', { qos: 1, dup: true })
    const [delivery] = await collect(sub, 1)
    expect(delivery!.dup).toBe(false)
  })

  it.each([
    [1, 'puback'],
    [2, 'pubrec'],
  ] as const)('5.0: a QoS %i message nobody subscribed to gets %s 0x10 No matching subscribers (3.1.1: a plain ack)', async (qos, cmd) => {
    const tb = await start()
    const v5 = await connect(tb.port, 'v5', { version: 5 })
    expect((await expectAck(v5, cmd, sendPublish(v5, 'nobody/home', 'm', { qos })!)).reasonCode).toBe(0x10)
    const v4 = await connect(tb.port, 'v4', { version: 4 })
    expect((await expectAck(v4, cmd, sendPublish(v4, 'nobody/home', 'm', { qos })!)).length).toBe(2)
  })
})

describe('broker: outbound PUBLISH', () => {
  const start = brokerPerTest()

  it.each(VERSIONS)('v%i: deliveries carry a non-zero packet id for QoS 1/2 and none for QoS 0, with DUP=0 [MQTT-2.2.1-4 (5.0)] [MQTT-3.3.1-2]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'out', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version })
    for (const qos of [0, 1, 2] as const) await publish(pub, 'out', `q${qos}`, { qos, dup: false })
    const [q0, q1, q2] = await collect(sub, 3)
    expect(q0).toMatchObject({ qos: 0, dup: false })
    expect(q0!.messageId).toBeUndefined()
    expect(q1).toMatchObject({ qos: 1, dup: false })
    expect(q2).toMatchObject({ qos: 2, dup: false })
    expect(q1!.messageId).toBeGreaterThan(0)
    expect(q2!.messageId).toBeGreaterThan(0)
    expect(q2!.messageId).not.toBe(q1!.messageId)
  })

  it.each(VERSIONS)('v%i: a QoS 2 delivery is completed PUBREC → PUBREL (same id) → PUBCOMP [MQTT-4.3.3-4]', async (version) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'out', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'out', 'm', { qos: 2 })
    const [delivery] = await collect(sub, 1)
    await acknowledge(sub, delivery!) // waits for the PUBREL with the same id
    await settle(sub)
    expect(sub.received).toEqual([])
  })

  const effectiveQos: Array<[4 | 5, QoS, QoS, QoS]> = []
  for (const version of VERSIONS) {
    for (const published of [0, 1, 2] as const) {
      for (const granted of [0, 1, 2] as const) effectiveQos.push([version, published, granted, Math.min(published, granted) as QoS])
    }
  }
  it.each(effectiveQos)('v%i: published at QoS %i, subscribed at QoS %i → delivered at QoS %i [MQTT-3.8.4-8] [MQTT-3.8.4-6 (3.1.1)]', async (version, published, granted, delivered) => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version })
    await subscribe(sub, 'eff', { qos: granted })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'eff', 'm', { qos: published })
    const [delivery] = await collect(sub, 1)
    expect(delivery!.qos).toBe(delivered)
  })

  it('packet ids are allocated per session: each subscriber sees its own sequence [MQTT-2.3.1-4 (3.1.1)] [MQTT-2.2.1-4 (5.0)]', async () => {
    const tb = await start()
    const a = await connect(tb.port, 'a')
    const b = await connect(tb.port, 'b')
    await subscribe(a, ['ids', 'only-a'], { qos: 1 })
    await subscribe(b, 'ids', { qos: 1 })
    const pub = await connect(tb.port, 'pub')
    await publish(pub, 'only-a', 'extra', { qos: 1 })
    for (let i = 0; i < 3; i++) await publish(pub, 'ids', `m${i}`, { qos: 1 })
    const idsA = (await collect(a, 4)).map((p) => p.messageId)
    const idsB = (await collect(b, 3)).map((p) => p.messageId)
    expect(new Set(idsA).size).toBe(4)
    expect(idsB).toEqual([1, 2, 3])
    expect(idsA).toEqual([1, 2, 3, 4])
  })

  it.each(VERSIONS)('v%i: messages of one topic arrive in publish order, also when they wait for the inflight window [MQTT-4.6.0-5 (5.0)] [MQTT-4.6.0-6 (3.1.1)]', async (version) => {
    const tb = await start({ maxInflightMessages: 2 })
    const sub = await connect(tb.port, 'sub', { version, ...(version === 5 ? { receiveMaximum: 2 } : {}) })
    await subscribe(sub, 'ord', { qos: 1 })
    const pub = await connect(tb.port, 'pub', { version })
    for (let i = 0; i < 10; i++) sendPublish(pub, 'ord', `m${i}`, { qos: 1 })
    const got: string[] = []
    while (got.length < 10) {
      const [delivery] = await collect(sub, 1)
      got.push(...payloads([delivery!]))
      await acknowledge(sub, delivery!)
    }
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`))
  })
})

describe('broker: outbound inflight window', () => {
  const start = brokerPerTest()

  it('3.1.1: with maxInflightMessages 2 an unacknowledging subscriber gets exactly 2 PUBLISH; the 3rd follows a PUBACK', async () => {
    const tb = await start({ maxInflightMessages: 2 })
    const sub = await connect(tb.port, 'sub')
    await subscribe(sub, 'win', { qos: 1 })
    const pub = await connect(tb.port, 'pub')
    for (let i = 1; i <= 3; i++) await publish(pub, 'win', `m${i}`, { qos: 1 })
    await settle(sub)
    const first = takePublishes(sub)
    expect(payloads(first)).toEqual(['m1', 'm2'])
    sub.send({ cmd: 'puback', messageId: first[0]!.messageId })
    expect(payloads(await collect(sub, 1))).toEqual(['m3'])
    await settle(sub)
    expect(takePublishes(sub)).toEqual([])
  })

  it('5.0: with Receive Maximum 1 the broker sends one QoS 1/2 PUBLISH at a time [MQTT-3.3.4-9]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5, receiveMaximum: 1 })
    await subscribe(sub, 'win', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'win', 'm1', { qos: 1 })
    await publish(pub, 'win', 'm2', { qos: 2 })
    await publish(pub, 'win', 'm3', { qos: 1 })
    for (const expected of ['m1', 'm2', 'm3']) {
      await settle(sub)
      const sent = takePublishes(sub)
      expect(payloads(sent)).toEqual([expected])
      await acknowledge(sub, sent[0]!)
    }
    await settle(sub)
    expect(takePublishes(sub)).toEqual([])
  })

  it('5.0: a QoS 2 delivery holds its slot until PUBCOMP, not PUBREC [MQTT-3.3.4-9]', async () => {
    const tb = await start()
    const sub = await connect(tb.port, 'sub', { version: 5, receiveMaximum: 1 })
    await subscribe(sub, 'win', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'win', 'm1', { qos: 2 })
    await publish(pub, 'win', 'm2', { qos: 2 })
    const [m1] = await collect(sub, 1)
    sub.send({ cmd: 'pubrec', messageId: m1!.messageId })
    await expectAck(sub, 'pubrel', m1!.messageId as number)
    await settle(sub)
    expect(takePublishes(sub)).toEqual([])
    sub.send({ cmd: 'pubcomp', messageId: m1!.messageId })
    expect(payloads(await collect(sub, 1))).toEqual(['m2'])
  })
})

describe('broker: resumed sessions', () => {
  const start = brokerPerTest()

  it.each([
    [4, 1], [4, 2], [5, 1], [5, 2],
  ] as const)('v%i: an unacknowledged QoS %i delivery is re-sent on reconnect with DUP=1 and the same packet id [MQTT-4.4.0-1] [MQTT-3.3.1-1]', async (version, qos) => {
    const tb = await start()
    const first = await persistent(tb.port, 'sub', version)
    await subscribe(first, 'resume', { qos })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'resume', 'unacked', { qos })
    const [original] = await collect(first, 1)
    expect(original).toMatchObject({ qos, dup: false })
    await disconnect(first)

    const again = await persistent(tb.port, 'sub', version)
    expect(again.connack.sessionPresent).toBe(true)
    const [resent] = await collect(again, 1)
    expect(resent).toMatchObject({ qos, dup: true, messageId: original!.messageId, topic: 'resume' })
    expect(payloads([resent!])).toEqual(['unacked'])
    await acknowledge(again, resent!)
    await settle(again)
    expect(again.received).toEqual([])
  })

  it.each(VERSIONS)('v%i: a PUBREL awaiting PUBCOMP is re-sent on reconnect, and the PUBLISH is not [MQTT-4.4.0-1] [MQTT-4.3.3-6]', async (version) => {
    const tb = await start()
    const first = await persistent(tb.port, 'sub', version)
    await subscribe(first, 'resume', { qos: 2 })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'resume', 'm', { qos: 2 })
    const [delivery] = await collect(first, 1)
    const id = delivery!.messageId as number
    first.send({ cmd: 'pubrec', messageId: id })
    await expectAck(first, 'pubrel', id)
    await disconnect(first)

    const again = await persistent(tb.port, 'sub', version)
    await expectAck(again, 'pubrel', id)
    again.send({ cmd: 'pubcomp', messageId: id })
    await settle(again)
    expect(again.received).toEqual([])
  })

  it.each(VERSIONS)('v%i: on reconnect the unacknowledged deliveries are re-sent before the messages queued while offline [MQTT-4.6.0-1] [MQTT-4.6.0-6 (3.1.1)]', async (version) => {
    const tb = await start()
    const first = await persistent(tb.port, 'sub', version)
    await subscribe(first, 'seq', { qos: 1 })
    const pub = await connect(tb.port, 'pub', { version })
    await publish(pub, 'seq', 'm1', { qos: 1 })
    await publish(pub, 'seq', 'm2', { qos: 1 })
    await collect(first, 2)
    await disconnect(first)
    await publish(pub, 'seq', 'm3', { qos: 1 })

    const again = await persistent(tb.port, 'sub', version)
    const got = await collect(again, 3)
    expect(got.map((p) => [String(p.payload), p.dup])).toEqual([['m1', true], ['m2', true], ['m3', false]])
  })

  it('5.0: re-sends after reconnect respect the new connection\'s Receive Maximum, then the offline queue follows [MQTT-3.3.4-9] [MQTT-4.4.0-1]', async () => {
    const tb = await start()
    const first = await connect(tb.port, 'sub', { version: 5, clean: false, sessionExpiry: 300, receiveMaximum: 10 })
    await subscribe(first, 'rm', { qos: 1 })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    for (const m of ['m1', 'm2', 'm3']) await publish(pub, 'rm', m, { qos: 1 })
    const originals = await collect(first, 3)
    await disconnect(first)
    await publish(pub, 'rm', 'm4', { qos: 1 })

    const again = await connect(tb.port, 'sub', { version: 5, clean: false, sessionExpiry: 300, receiveMaximum: 1 })
    const got: Array<[string, boolean, unknown]> = []
    for (let i = 0; i < 4; i++) {
      await settle(again)
      const sent = takePublishes(again)
      expect(sent).toHaveLength(1)
      got.push([String(sent[0]!.payload), sent[0]!.dup as boolean, sent[0]!.messageId])
      await acknowledge(again, sent[0]!)
    }
    expect(got.slice(0, 3)).toEqual(originals.map((p) => [String(p.payload), true, p.messageId]))
    expect(got[3]!.slice(0, 2)).toEqual(['m4', false])
  })

  it.each([
    ['puback', 1],
    ['pubrec', 2],
  ] as const)('5.0: a %s with a reason code of 0x80 ends the QoS %i flow: no PUBREL, and not re-sent on reconnect [MQTT-4.4.0-2]', async (cmd, qos) => {
    const tb = await start()
    const first = await persistent(tb.port, 'sub', 5)
    await subscribe(first, 'refuse', { qos })
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'refuse', 'm', { qos })
    const [delivery] = await collect(first, 1)
    first.send({ cmd, messageId: delivery!.messageId, reasonCode: 0x80 })
    await settle(first)
    expect(first.received).toEqual([])
    await disconnect(first)
    const again = await persistent(tb.port, 'sub', 5)
    await settle(again)
    expect(again.received).toEqual([])
  })

  it.each([
    [false, ['q1']],
    [true, ['q1', 'q0']],
  ] as const)('3.1.1: while offline, QoS 1 messages are queued; QoS 0 only with queueQos0WhenOffline=%s → %j [MQTT-3.1.2-5 (3.1.1)]', async (queueQos0WhenOffline, expected) => {
    const tb = await start({ queueQos0WhenOffline })
    const first = await persistent(tb.port, 'sub', 4)
    await subscribe(first, 'off', { qos: 1 })
    await disconnect(first)
    const pub = await connect(tb.port, 'pub')
    await publish(pub, 'off', 'q1', { qos: 1 })
    await publish(pub, 'off', 'q0', { qos: 0 })

    const again = await persistent(tb.port, 'sub', 4)
    await settle(again)
    expect(payloads(takePublishes(again))).toEqual(expected)
  })

  it('5.0: a session kept by Session Expiry Interval queues QoS 1 messages while offline [MQTT-3.1.2-23]', async () => {
    const tb = await start()
    const first = await persistent(tb.port, 'sub', 5)
    await subscribe(first, 'off', { qos: 1 })
    await disconnect(first)
    const pub = await connect(tb.port, 'pub', { version: 5 })
    await publish(pub, 'off', 'kept', { qos: 1 })

    const again = await persistent(tb.port, 'sub', 5)
    expect(again.connack.sessionPresent).toBe(true)
    const [delivery] = await collect(again, 1)
    expect(delivery).toMatchObject({ qos: 1, dup: false })
    expect(payloads([delivery!])).toEqual(['kept'])
  })

  it.each([
    ['drop-newest', ['m1', 'm2']],
    ['drop-oldest', ['m2', 'm3']],
  ] as const)('a full offline queue under %s keeps %j and counts the drop (broker and session counters)', async (queueDropPolicy, expected) => {
    const tb = await start({ maxQueuedMessages: 2, queueDropPolicy })
    const first = await persistent(tb.port, 'sub', 4)
    await subscribe(first, 'full', { qos: 1 })
    await disconnect(first)
    const pub = await connect(tb.port, 'pub')
    for (const m of ['m1', 'm2', 'm3']) await publish(pub, 'full', m, { qos: 1 })
    expect(tb.broker.counters.dropped['queue-full']).toBe(1)
    expect(tb.broker.sessions.get('sub')!.counters.dropped['queue-full']).toBe(1)

    const again = await persistent(tb.port, 'sub', 4)
    await settle(again)
    expect(payloads(takePublishes(again))).toEqual(expected)
  })

  it('drop-oldest counts every message a byte-limited queue evicts to make room', async () => {
    const tb = await start({ maxQueuedBytes: 8, queueDropPolicy: 'drop-oldest' })
    const first = await persistent(tb.port, 'sub', 4)
    await subscribe(first, 'bytes', { qos: 1 })
    await disconnect(first)
    const pub = await connect(tb.port, 'pub')
    for (const m of ['aaaa', 'bbbb', 'cccccccc']) await publish(pub, 'bytes', m, { qos: 1 })
    expect(tb.broker.counters.dropped['queue-full']).toBe(2)
    expect(tb.broker.sessions.get('sub')!.counters.dropped['queue-full']).toBe(2)

    const again = await persistent(tb.port, 'sub', 4)
    await settle(again)
    expect(payloads(takePublishes(again))).toEqual(['cccccccc'])
  })

  it.each(['drop-oldest', 'drop-newest'] as const)('%s: a message larger than the whole byte limit is dropped alone; the waiting messages stay', async (queueDropPolicy) => {
    const tb = await start({ maxQueuedBytes: 8, queueDropPolicy })
    const first = await persistent(tb.port, 'sub', 4)
    await subscribe(first, 'bytes', { qos: 1 })
    await disconnect(first)
    const pub = await connect(tb.port, 'pub')
    for (const m of ['aaaa', 'bbbb', 'x'.repeat(9)]) await publish(pub, 'bytes', m, { qos: 1 })
    expect(tb.broker.counters.dropped['queue-full']).toBe(1)

    const again = await persistent(tb.port, 'sub', 4)
    await settle(again)
    expect(payloads(takePublishes(again))).toEqual(['aaaa', 'bbbb'])
  })
})
