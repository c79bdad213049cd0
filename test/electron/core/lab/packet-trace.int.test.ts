// The QoS lab's pairing against a real broker and byte-level clients: a message's legs grouped with
// overlapping packet ids across clients, a QoS 2 exchange in one leg, a re-sent PUBLISH after a reconnect
// joining its open leg, a Topic Alias resolved to its name, and the bound counting what falls off.
import { afterEach, describe, expect, it } from 'vitest'
import { PacketTrace } from '../../../../electron/core/lab/packet-trace'
import { DEFAULT_TRACE_FILTER, type TraceEvent } from '../../../../shared/model/lab-trace'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'

const all = { source: 'embedded', afterSeq: 0, limit: 1000, filter: { ...DEFAULT_TRACE_FILTER, internal: true } }
const line = (e: TraceEvent) => `${e.clientId} ${e.dir === 'c2b' ? '→' : '←'} ${e.cmd}${e.packetId === null ? '' : `(${e.packetId})`}${e.dup ? ' DUP' : ''} flow=${e.flowId} leg=${e.legId}`

describe('PacketTrace', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  async function setup(capacity = 1000) {
    const broker = await startTestBroker()
    cleanups.push(() => broker.close())
    const trace = new PacketTrace(capacity, (c) => c.clientId.startsWith('topicscope'))
    broker.broker.observe(trace.observer())
    const client = async (clientId: string, version: 4 | 5 = 5, extra: object = {}) => {
      const c = await connectedClient(broker.port, { clientId, version, ...extra })
      cleanups.push(() => c.client.end())
      return c.client
    }
    return { broker, trace, client }
  }

  it('groups each message’s legs, with equal packet ids on two publishers kept apart', async () => {
    const { trace, client } = await setup()
    const sub = await client('sub')
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'lab/#', qos: 2 }] })
    await sub.next('suback')
    const a = await client('pub-a')
    const b = await client('pub-b')
    a.send({ cmd: 'publish', topic: 'lab/a', payload: Buffer.from('A'), qos: 1, messageId: 7, retain: false, dup: false })
    b.send({ cmd: 'publish', topic: 'lab/b', payload: Buffer.from('B'), qos: 1, messageId: 7, retain: false, dup: false })
    await a.next('puback')
    await b.next('puback')
    for (let i = 0; i < 2; i++) {
      const d = await sub.next('publish')
      sub.send({ cmd: 'puback', messageId: d.messageId })
    }
    await sub.silentFor(50)
    const events = trace.page(all).events.filter((e) => e.flowId !== null)
    const flows = new Map<number, string[]>()
    for (const e of events) flows.set(e.flowId!, [...(flows.get(e.flowId!) ?? []), `${e.clientId}:${e.dir}:${e.cmd}`])
    expect([...flows.values()].map((f) => f.sort())).toEqual([
      ['pub-a:b2c:puback', 'pub-a:c2b:publish', 'sub:b2c:publish', 'sub:c2b:puback'],
      ['pub-b:b2c:puback', 'pub-b:c2b:publish', 'sub:b2c:publish', 'sub:c2b:puback'],
    ])
    // Two legs per flow: the publisher's and the subscriber's.
    for (const flowId of flows.keys()) expect(new Set(events.filter((e) => e.flowId === flowId).map((e) => e.legId)).size).toBe(2)
    expect(events.every((e) => e.topic === 'lab/a' || e.topic === 'lab/b')).toBe(true)
  })

  it('keeps a QoS 2 exchange in one leg each side, and a re-sent delivery after a reconnect in its open leg', async () => {
    const { trace, client, broker } = await setup()
    const sub = await client('phone', 5, { clean: false, properties: { sessionExpiryInterval: 600 } })
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'door', qos: 2 }] })
    await sub.next('suback')
    const pub = await client('panel')
    pub.send({ cmd: 'publish', topic: 'door', payload: Buffer.from('open'), qos: 2, messageId: 1, retain: false, dup: false })
    await pub.next('pubrec')
    pub.send({ cmd: 'pubrel', messageId: 1 })
    await pub.next('pubcomp')
    const first = await sub.next('publish')
    sub.end() // gone before its PUBREC
    await sub.closed
    const back = await connectedClient(broker.port, { clientId: 'phone', version: 5, clean: false, properties: { sessionExpiryInterval: 600 } })
    cleanups.push(() => back.client.end())
    const again = await back.client.next('publish')
    expect(again).toMatchObject({ dup: true, messageId: first.messageId })
    back.client.send({ cmd: 'pubrec', messageId: again.messageId })
    await back.client.next('pubrel')
    back.client.send({ cmd: 'pubcomp', messageId: again.messageId })
    await back.client.silentFor(50)

    const flow = trace.page(all).events.filter((e) => e.flowId !== null)
    expect(new Set(flow.map((e) => e.flowId)).size).toBe(1)
    const legs = new Map<number, string[]>()
    for (const e of flow) legs.set(e.legId!, [...(legs.get(e.legId!) ?? []), `${e.dir === 'c2b' ? '→' : '←'}${e.cmd}${e.dup ? ' DUP' : ''}`])
    expect([...legs.values()]).toEqual([
      ['→publish', '←pubrec', '→pubrel', '←pubcomp'],
      ['←publish', '←publish DUP', '→pubrec', '←pubrel', '→pubcomp'],
    ])
    expect(trace.page(all).events.map(line)).toContain('phone → connect flow=null leg=null')
  })

  it('a new session’s packet id 1 starts a new exchange, not the one its old session left open', async () => {
    const { trace, client, broker } = await setup()
    const pub = await client('panel')
    pub.send({ cmd: 'publish', topic: 'door', payload: Buffer.from('open'), qos: 2, messageId: 1, retain: false, dup: false })
    await pub.next('pubrec')
    pub.end() // gone before its PUBREL: that exchange stays open
    await pub.closed
    const again = await connectedClient(broker.port, { clientId: 'panel', version: 5 }) // clean start
    cleanups.push(() => again.client.end())
    again.client.send({ cmd: 'publish', topic: 'door', payload: Buffer.from('closed'), qos: 2, messageId: 1, retain: false, dup: false })
    await again.client.next('pubrec')
    const publishes = trace.page(all).events.filter((e) => e.clientId === 'panel' && e.cmd === 'publish')
    expect(publishes).toHaveLength(2)
    expect(publishes[0]!.legId).not.toBe(publishes[1]!.legId)
    expect(publishes[0]!.flowId).not.toBe(publishes[1]!.flowId)
  })

  it('names the topic a Topic Alias stood for, filters by client, topic and packet type, and counts what the bound drops', async () => {
    const { trace, client } = await setup(8)
    const pub = await client('aliased')
    pub.send({ cmd: 'publish', topic: 'home/temp', payload: Buffer.from('1'), qos: 1, messageId: 1, retain: false, dup: false, properties: { topicAlias: 1 } })
    await pub.next('puback')
    pub.send({ cmd: 'publish', topic: '', payload: Buffer.from('2'), qos: 1, messageId: 2, retain: false, dup: false, properties: { topicAlias: 1 } })
    await pub.next('puback')
    const page = trace.page(all)
    expect(page.events.filter((e) => e.cmd === 'publish').map((e) => e.topic)).toEqual(['home/temp', 'home/temp'])
    expect(trace.page({ ...all, filter: { ...all.filter, topic: 'home/#' } }).events.map((e) => e.cmd)).toEqual(['publish', 'puback', 'publish', 'puback'])
    expect(trace.page({ ...all, filter: { ...all.filter, cmds: ['puback'] } }).events).toHaveLength(2)
    expect(trace.page({ ...all, filter: { ...all.filter, clientId: 'nobody' } }).events).toEqual([])
    // Paging after a seq gives exactly what came after it, and nothing once caught up.
    const seqs = page.events.map((e) => e.seq)
    expect(trace.page({ ...all, afterSeq: seqs.at(-3)! }).events.map((e) => e.seq)).toEqual(seqs.slice(-2))
    expect(trace.page({ ...all, afterSeq: page.lastSeq }).events).toEqual([])
    expect(trace.page({ ...all, limit: 2, afterSeq: seqs[0]! - 1 })).toMatchObject({ more: true, events: [{ seq: seqs[0] }, { seq: seqs[1] }] })
    for (let i = 0; i < 5; i++) {
      pub.send({ cmd: 'pingreq' })
      await pub.next('pingresp')
    }
    const later = trace.page(all)
    expect(later.events).toHaveLength(8)
    expect(later.dropped).toBe(later.lastSeq - 8)
    expect(trace.page({ ...all, afterSeq: later.lastSeq - 2 }).events.map((e) => e.cmd)).toEqual(['pingreq', 'pingresp'])
    expect(trace.page({ ...all, limit: 3 })).toMatchObject({ more: true })
  })
})
