// The QoS lab's faults and virtual clients against a real AppCore: each fault gives the protocol's real
// outcome, counted from what the virtual clients received and from the broker's trace (DUP flags,
// deliveries per QoS, the will), and the clients' own actions (cut, clean disconnect, reconnect) too.
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../../electron/core/app-core'
import type { VirtualClientConfig } from '../../../../shared/model/lab-sim'
import { summarizeFlows } from '../../../../shared/lab/trace-flows'
import { packetLabel } from '../../../../shared/lab/trace-labels'
import { DEFAULT_TRACE_FILTER } from '../../../../shared/model/lab-trace'
import { openTestCore } from '../../../support/test-core'

const config = (clientId: string, over: Partial<VirtualClientConfig> = {}): VirtualClientConfig => ({
  clientId, protocolVersion: 5, clean: true, sessionExpiryS: 0, keepAliveS: 60, will: null, subscriptions: [], username: null, password: null, responder: false, ...over,
})

describe('QoS lab: faults and virtual clients', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const client = (core: AppCore, clientId: string) => core.labSim().clients.find((c) => c.config.clientId === clientId)!
  const connected = (core: AppCore, clientId: string) => expect.poll(() => client(core, clientId).state).toBe('connected')
  const act = (core: AppCore, clientId: string, action: Parameters<AppCore['virtualClients']['act']>[1]) => core.virtualClients.act(clientId, action)
  async function lab() {
    const { core } = await openTestCore(cleanups)
    core.labTrace.page({ source: 'embedded', afterSeq: 0, limit: 1, filter: DEFAULT_TRACE_FILTER }) // start recording
    const trace = () => core.labTrace.page({ source: 'embedded', afterSeq: 0, limit: 1000, filter: DEFAULT_TRACE_FILTER }).events
    return { core, trace }
  }
  async function pubAndSub(core: AppCore, sub: Partial<VirtualClientConfig> = {}, pub: Partial<VirtualClientConfig> = {}) {
    core.virtualClients.add(config('sub', { subscriptions: [{ filter: 'lab/#', qos: 2 }], ...sub }))
    core.virtualClients.add(config('pub', pub))
    await connected(core, 'sub')
    await connected(core, 'pub')
    await expect.poll(() => core.broker!.broker.sessions.get('sub')?.subscriptions.size).toBe(1)
  }

  it('QoS 1 with the subscriber’s PUBACK dropped: re-sent with DUP after a reconnect, and delivered twice', async () => {
    const { core, trace } = await lab()
    await pubAndSub(core, { clean: false, sessionExpiryS: 600 })
    core.faults.add({ clientId: 'sub', direction: 'in', cmd: 'puback', action: 'drop-next', delayMs: 0 })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/door', payload: 'open', qos: 1, retain: false })
    await expect.poll(() => client(core, 'sub').receivedTotal).toBe(1)
    expect(trace().find((e) => e.cmd === 'puback' && e.clientId === 'sub')?.fault).toBe('drop')
    await act(core, 'sub', { kind: 'cut' })
    await expect.poll(() => client(core, 'sub').state).toBe('disconnected')
    await act(core, 'sub', { kind: 'reconnect' })
    await expect.poll(() => client(core, 'sub').receivedTotal).toBe(2)
    expect(client(core, 'sub').received.map((m) => [m.payload, m.dup])).toEqual([['open', false], ['open', true]])
    expect(client(core, 'sub').sessionPresent).toBe(true)
    const toSub = trace().filter((e) => e.clientId === 'sub' && e.cmd === 'publish')
    expect(toSub.map((e) => e.dup)).toEqual([false, true])
    expect(new Set(toSub.map((e) => e.legId)).size).toBe(1) // one exchange, sent twice
  })

  it('QoS 2 with the broker’s PUBREC dropped: the publisher sends again, the subscriber gets it once', async () => {
    const { core, trace } = await lab()
    await pubAndSub(core, {}, { clean: false, sessionExpiryS: 600 })
    core.faults.add({ clientId: 'pub', direction: 'out', cmd: 'pubrec', action: 'drop-next', delayMs: 0 })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/safe', payload: 'locked', qos: 2, retain: false })
    await expect.poll(() => trace().some((e) => e.cmd === 'pubrec' && e.fault === 'drop')).toBe(true)
    await act(core, 'pub', { kind: 'cut' })
    await expect.poll(() => client(core, 'pub').state).toBe('disconnected')
    await act(core, 'pub', { kind: 'reconnect' })
    await expect.poll(() => trace().filter((e) => e.clientId === 'pub' && e.cmd === 'pubcomp')).toHaveLength(1)
    expect(trace().filter((e) => e.clientId === 'pub' && e.cmd === 'publish')).toHaveLength(2) // sent again
    await new Promise((r) => setTimeout(r, 100))
    expect(client(core, 'sub').receivedTotal).toBe(1) // exactly once
  })

  it('QoS 0 is lost while a persistent subscriber is away; QoS 1 waits in its session and comes with Session Present', async () => {
    const { core } = await lab()
    await pubAndSub(core, { clean: false, sessionExpiryS: 600 })
    await act(core, 'sub', { kind: 'disconnect' })
    await expect.poll(() => client(core, 'sub').state).toBe('disconnected')
    await act(core, 'pub', { kind: 'publish', topic: 'lab/a', payload: 'qos0', qos: 0, retain: false })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/b', payload: 'qos1', qos: 1, retain: false })
    await expect.poll(() => core.broker!.broker.sessions.get('sub')?.queue.length).toBe(1)
    await act(core, 'sub', { kind: 'reconnect' })
    await expect.poll(() => client(core, 'sub').received.map((m) => m.payload)).toEqual(['qos1'])
    expect(client(core, 'sub').sessionPresent).toBe(true)
  })

  it('a client whose PINGREQs are dropped times out, and its will is published; a clean DISCONNECT publishes none', async () => {
    const { core } = await lab()
    core.virtualClients.add(config('watcher', { subscriptions: [{ filter: 'wills/#', qos: 1 }] }))
    core.virtualClients.add(config('sensor', { keepAliveS: 1, will: { topic: 'wills/sensor', payload: 'sensor lost', qos: 1, retain: false } }))
    core.virtualClients.add(config('polite', { will: { topic: 'wills/polite', payload: 'never sent', qos: 1, retain: false } }))
    await connected(core, 'watcher')
    await connected(core, 'sensor')
    await connected(core, 'polite')
    await act(core, 'polite', { kind: 'disconnect' })
    core.faults.add({ clientId: 'sensor', direction: 'in', cmd: 'pingreq', action: 'drop-all', delayMs: 0 })
    await expect.poll(() => client(core, 'watcher').received.map((m) => m.payload), { timeout: 6000 }).toEqual(['sensor lost'])
    expect(client(core, 'sensor').state).toBe('disconnected')
  })

  it('a broker that stops answering PINGREQ: the client gives up on keep-alive, and its will is published', async () => {
    const { core, trace } = await lab()
    core.virtualClients.add(config('watcher', { subscriptions: [{ filter: 'wills/#', qos: 1 }] }))
    core.virtualClients.add(config('sensor', { keepAliveS: 1, will: { topic: 'wills/sensor', payload: 'no answer', qos: 1, retain: false } }))
    await connected(core, 'watcher')
    await connected(core, 'sensor')
    core.faults.add({ clientId: 'sensor', direction: 'out', cmd: 'pingresp', action: 'drop-all', delayMs: 0 })
    await expect.poll(() => client(core, 'watcher').received.map((m) => m.payload), { timeout: 8000 }).toEqual(['no answer'])
    const sensor = trace().filter((e) => e.clientId === 'sensor')
    // The broker did hear the PINGREQ; its answer was dropped, and no DISCONNECT came.
    expect(sensor.some((e) => e.cmd === 'pingreq' && e.dir === 'c2b')).toBe(true)
    const answers = sensor.filter((e) => e.cmd === 'pingresp')
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.every((e) => e.fault !== null)).toBe(true)
    expect(sensor.some((e) => e.cmd === 'disconnect')).toBe(false)
    // The will's delivery is a flow of its own, named after the client it speaks for.
    const delivery = trace().find((e) => e.clientId === 'watcher' && e.cmd === 'publish' && e.topic === 'wills/sensor')!
    expect(delivery.willOf).toBe('sensor')
    expect(packetLabel(delivery)).toMatch(/^PUBLISH #\d+ QoS 1 wills\/sensor \(will of sensor\)$/)
    const flow = summarizeFlows(trace()).get(delivery.flowId!)!
    expect(flow).toMatchObject({ publisher: null, willOf: 'sensor', topic: 'wills/sensor' })
    expect(flow.legs.map((l) => [l.clientId, l.role])).toEqual([['watcher', 'deliver']])
  })

  it('a rule for every client leaves Topicscope’s own connections alone; one naming a client still applies', async () => {
    const { core } = await lab()
    await pubAndSub(core)
    core.faults.add({ clientId: '*', direction: 'out', cmd: 'publish', action: 'hold', delayMs: 0 })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/x', payload: 'held', qos: 1, retain: false })
    // The subscriber's delivery waits; the Explorer (subscribed to '#') gets its copy at once.
    await expect.poll(() => core.labSim().held.map((h) => h.clientId)).toEqual(['sub'])
    await expect.poll(() => core.explorer!.snapshot('embedded-broker').nodes.some((n) => n.path === 'lab/x')).toBe(true)
    core.faults.release('all')
    await expect.poll(() => client(core, 'sub').received.map((m) => m.payload)).toEqual(['held'])
  })

  it('an MQTT 3.1 client connects as MQIsdp level 3, and its QoS 2 retained will reaches a later subscriber', async () => {
    const { core, trace } = await lab()
    core.virtualClients.add(config('old-sensor', { protocolVersion: 3, will: { topic: 'wills/old', payload: 'gone', qos: 2, retain: true } }))
    await connected(core, 'old-sensor')
    expect(core.broker!.broker.sessions.get('old-sensor')?.protocolVersion).toBe(3)
    expect(trace().find((e) => e.clientId === 'old-sensor' && e.cmd === 'connect')?.protocolVersion).toBe(3)
    await act(core, 'old-sensor', { kind: 'cut' })
    core.virtualClients.add(config('late', { subscriptions: [{ filter: 'wills/#', qos: 2 }] }))
    await expect.poll(() => client(core, 'late').received.map((m) => [m.topic, m.payload, m.qos, m.retain])).toEqual([['wills/old', 'gone', 2, true]])
  })

  it('refuses a CONNECT, holds a packet until released, and duplicates one, as the rules say', async () => {
    const { core, trace } = await lab()
    core.faults.add({ clientId: 'locked-out', direction: 'in', cmd: 'connect', action: 'refuse-connect', delayMs: 0 })
    core.virtualClients.add(config('locked-out'))
    await expect.poll(() => client(core, 'locked-out').lastEvent ?? '').toMatch(/Server unavailable/i)
    expect(client(core, 'locked-out').state).toBe('disconnected')

    await pubAndSub(core)
    core.faults.add({ clientId: 'sub', direction: 'out', cmd: 'publish', action: 'hold', delayMs: 0 })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/step', payload: 'one', qos: 1, retain: false })
    await expect.poll(() => core.labSim().held.map((h) => h.cmd)).toEqual(['publish'])
    expect(client(core, 'sub').receivedTotal).toBe(0)
    core.faults.release(core.labSim().held[0]!.id)
    await expect.poll(() => client(core, 'sub').receivedTotal).toBe(1)

    core.faults.remove(core.labSim().faults.find((f) => f.action === 'hold')!.id)
    core.faults.add({ clientId: 'sub', direction: 'out', cmd: 'publish', action: 'duplicate', delayMs: 0 })
    await act(core, 'pub', { kind: 'publish', topic: 'lab/twice', payload: 'two', qos: 0, retain: false })
    await expect.poll(() => client(core, 'sub').received.filter((m) => m.payload === 'two')).toHaveLength(2)
    expect(trace().find((e) => e.topic === 'lab/twice' && e.clientId === 'sub')?.fault).toBe('duplicate')
    expect(core.labSim().faults.find((f) => f.action === 'duplicate')!.hits).toBe(1)
  })
})
