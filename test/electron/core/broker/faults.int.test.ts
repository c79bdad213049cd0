// Fault injection (the QoS lab's policy hooks) with the protocol's real consequences: a lost PUBACK makes
// a QoS 1 duplicate with DUP=1, a lost PUBREC does not make a QoS 2 duplicate, a lost QoS 0 is gone, a cut
// connection publishes the will, held packets wait for release, and observers see every fault.
import { afterEach, describe, expect, it } from 'vitest'
import type { BrokerPolicy, ClientInfo, PacketFault } from '../../../../electron/core/broker/hooks'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker, type TestBroker } from '../../../support/test-broker'

type Rule = { clientId: string; direction: 'in' | 'out'; cmd: string; fault: PacketFault; times?: number }

/** A fault policy driven by a list of rules; each applies `times` times (default once). */
function faultPolicy(rules: Rule[]): BrokerPolicy {
  const pick = (direction: 'in' | 'out') => (client: ClientInfo, packet: { cmd: string }): PacketFault => {
    const rule = rules.find((r) => r.direction === direction && r.clientId === client.clientId && r.cmd === packet.cmd && (r.times ?? 1) > 0)
    if (rule === undefined) return 'send'
    rule.times = (rule.times ?? 1) - 1
    return rule.fault
  }
  return { onPacketOut: pick('out'), onPacketIn: pick('in') }
}

const publish = (topic: string, qos: 0 | 1 | 2, id?: number, dup = false) =>
  ({ cmd: 'publish', topic, payload: Buffer.from('m'), qos, retain: false, dup, ...(id !== undefined ? { messageId: id } : {}) })

describe('broker: fault injection', () => {
  let tb: TestBroker
  afterEach(async () => { await tb.close() })

  async function subscriber(clientId: string, qos: 0 | 1 | 2, clean = true) {
    const c = await connectedClient(tb.port, { clientId, clean })
    c.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos }] })
    await c.client.next('suback')
    return c.client
  }

  it('QoS 1: a lost PUBACK makes the broker re-send with DUP=1 after a reconnect, so the subscriber gets it twice', async () => {
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'sub', direction: 'in', cmd: 'puback', fault: 'drop' }]) })
    const sub = await subscriber('sub', 1, false)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    pub.client.send(publish('t', 1, 5))
    const first = await sub.next('publish')
    expect(first).toMatchObject({ qos: 1, dup: false })
    sub.send({ cmd: 'puback', messageId: first.messageId }) // dropped by the fault
    sub.socket.destroy()
    await sub.closed
    const again = await connectedClient(tb.port, { clientId: 'sub', clean: false })
    expect(again.connack.sessionPresent).toBe(true)
    expect(await again.client.next('publish')).toMatchObject({ qos: 1, dup: true, messageId: first.messageId })
    again.client.end()
    pub.client.end()
  })

  it('QoS 2: a lost PUBREC makes the publisher re-send, but the subscriber still gets the message once', async () => {
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'pub', direction: 'out', cmd: 'pubrec', fault: 'drop' }]) })
    const sub = await subscriber('sub', 2)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    pub.client.send(publish('t', 2, 7))
    const delivered = await sub.next('publish')
    sub.send({ cmd: 'pubrec', messageId: delivered.messageId })
    await sub.next('pubrel')
    sub.send({ cmd: 'pubcomp', messageId: delivered.messageId })
    expect(await pub.client.silentFor(150)).toBe(true) // no PUBREC: it was lost
    pub.client.send(publish('t', 2, 7, true)) // the publisher re-sends with DUP=1
    expect(await pub.client.next('pubrec')).toMatchObject({ messageId: 7 })
    pub.client.send({ cmd: 'pubrel', messageId: 7 })
    expect(await pub.client.next('pubcomp')).toMatchObject({ messageId: 7 })
    expect(await sub.silentFor(150)).toBe(true) // exactly once
    sub.end()
    pub.client.end()
  })

  it('QoS 0: a dropped PUBLISH is simply lost', async () => {
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'sub', direction: 'out', cmd: 'publish', fault: 'drop' }]) })
    const sub = await subscriber('sub', 0)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    pub.client.send(publish('t', 0))
    expect(await sub.silentFor(200)).toBe(true)
    pub.client.send(publish('t', 0))
    expect(await sub.next('publish')).toMatchObject({ qos: 0 })
    sub.end()
    pub.client.end()
  })

  it('cutting the connection right after PUBREC publishes the will, and PUBREL after the reconnect completes QoS 2', async () => {
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'pub', direction: 'out', cmd: 'pubrec', fault: 'cut-after' }]) })
    const sub = await subscriber('sub', 2)
    sub.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'will/pub', qos: 0 }] })
    await sub.next('suback')
    const pub = await connectedClient(tb.port, { clientId: 'pub', clean: false, will: { topic: 'will/pub', payload: Buffer.from('gone'), qos: 0, retain: false } })
    pub.client.send(publish('t', 2, 9))
    expect(await pub.client.next('pubrec')).toMatchObject({ messageId: 9 })
    await pub.client.closed
    const got = [await sub.next('publish'), await sub.next('publish')].map((p) => p.topic).sort()
    expect(got).toEqual(['t', 'will/pub'])
    const back = await connectedClient(tb.port, { clientId: 'pub', clean: false })
    back.client.send({ cmd: 'pubrel', messageId: 9 })
    expect(await back.client.next('pubcomp')).toMatchObject({ messageId: 9 })
    back.client.end()
    sub.end()
  })

  it('a dropped PINGRESP looks like a broker that stopped answering', async () => {
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'c', direction: 'out', cmd: 'pingresp', fault: 'drop', times: 2 }]) })
    const { client } = await connectedClient(tb.port, { clientId: 'c' })
    client.send({ cmd: 'pingreq' })
    expect(await client.silentFor(150)).toBe(true)
    client.end()
  })

  it('a duplicated QoS 0 PUBLISH arrives twice; a delayed one arrives later', async () => {
    tb = await startTestBroker({ policy: faultPolicy([
      { clientId: 'sub', direction: 'out', cmd: 'publish', fault: 'duplicate' },
      { clientId: 'late', direction: 'out', cmd: 'publish', fault: { delayMs: 150 } },
    ]) })
    const sub = await subscriber('sub', 0)
    const late = await subscriber('late', 0)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    const sentAt = Date.now()
    pub.client.send(publish('t', 0))
    await sub.next('publish')
    await sub.next('publish')
    await late.next('publish')
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(140)
    for (const c of [sub, late, pub.client]) c.end()
  })

  it('step mode: a held packet waits until it is released, and observers see the fault', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => { release = r })
    tb = await startTestBroker({ policy: faultPolicy([{ clientId: 'sub', direction: 'out', cmd: 'publish', fault: { until: held } }]) })
    const faults: string[] = []
    tb.broker.observe({ faultApplied: (f) => faults.push(`${f.direction} ${f.cmd} ${f.fault}`) })
    const sub = await subscriber('sub', 0)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    pub.client.send(publish('t', 0))
    expect(await sub.silentFor(150)).toBe(true)
    release()
    expect(await sub.next('publish')).toMatchObject({ topic: 't' })
    expect(faults).toEqual(['out publish held'])
    sub.end()
    pub.client.end()
  })

  it('says which observer methods someone implements, so per-packet events nobody reads are not built', async () => {
    tb = await startTestBroker()
    expect(tb.broker.observes('flowStep')).toBe(false)
    const stop = tb.broker.observe({ packetIn: () => undefined })
    expect([tb.broker.observes('packetIn'), tb.broker.observes('flowStep')]).toEqual([true, false])
    stop()
    expect(tb.broker.observes('packetIn')).toBe(false)
  })

  it('observers see each QoS 2 step as a flow step, both directions', async () => {
    tb = await startTestBroker()
    const steps: string[] = []
    tb.broker.observe({ flowStep: (s) => steps.push(`${s.clientId} ${s.direction} ${s.cmd}`) })
    const sub = await subscriber('sub', 2)
    const pub = await connectedClient(tb.port, { clientId: 'pub' })
    pub.client.send(publish('t', 2, 3))
    await pub.client.next('pubrec')
    pub.client.send({ cmd: 'pubrel', messageId: 3 })
    await pub.client.next('pubcomp')
    const p = await sub.next('publish')
    sub.send({ cmd: 'pubrec', messageId: p.messageId })
    await sub.next('pubrel')
    sub.send({ cmd: 'pubcomp', messageId: p.messageId })
    await expect.poll(() => steps.length).toBe(8)
    expect(steps).toEqual([
      'pub in publish', 'sub out publish', 'pub out pubrec', 'pub in pubrel', 'pub out pubcomp',
      'sub in pubrec', 'sub out pubrel', 'sub in pubcomp',
    ])
    sub.end()
    pub.client.end()
  })
})
