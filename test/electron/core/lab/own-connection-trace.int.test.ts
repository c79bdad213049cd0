// The QoS lab's trace of one of the app's own connections to another broker, seen from this side: the
// packets MQTT.js really sent and received, paired into exchanges, kept apart from the embedded broker's
// trace, still followed after the connection is re-opened, and refused once it is closed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ExternalClient } from '../../../../electron/core/client/external-client'
import { LabTraceService } from '../../../../electron/core/lab/lab-trace-service'
import { createProfile } from '../../../../shared/model/connection-profile'
import { DEFAULT_TRACE_FILTER, EMBEDDED_TRACE, type TraceEvent } from '../../../../shared/model/lab-trace'
import { connectedClient } from '../../../support/raw-client'
import { openTestCore } from '../../../support/test-core'
import { startTestBroker } from '../../../support/test-broker'

const request = (source: string) => ({ source, afterSeq: 0, limit: 1000, filter: { ...DEFAULT_TRACE_FILTER, internal: true } })
/** QoS is a PUBLISH's; acknowledgments carry none. */
const arrow = (e: TraceEvent) => `${e.dir === 'c2b' ? '→' : '←'} ${e.cmd}${e.qos === null ? '' : ` q${e.qos}`}`

describe('tracing the app’s own connection (seen from this side)', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const { core } = await openTestCore(cleanups)
    const other = await startTestBroker()
    cleanups.push(() => other.close())
    const profile = createProfile({ id: 'remote', name: 'Remote', host: '127.0.0.1', port: other.port, protocolVersion: 5, clientId: 'topicscope-remote' })
    await core.explorer!.add(profile)
    await expect.poll(() => core.explorer!.list().find((c) => c.id === 'remote')?.status.state).toBe('connected')
    return { core, other, profile }
  }

  it('draws what the connection sent and received, one flow per exchange, and nothing of the embedded broker', async () => {
    const { core, other } = await setup()
    const first = core.labTrace.page(request('remote'))
    expect(first).toMatchObject({ seenFromThisSide: true, events: [] })
    expect(first.recordingSince).not.toBeNull()
    await core.explorer!.publish({ connectionId: 'remote', topic: 'lab/out', payload: Buffer.from('hi'), qos: 2, retain: false })
    const { client } = await connectedClient(other.port, { clientId: 'remote-sensor', version: 5 })
    cleanups.push(() => client.end())
    client.send({ cmd: 'publish', topic: 'lab/in', payload: Buffer.from('19'), qos: 1, messageId: 3, retain: false, dup: false })
    await client.next('puback')
    const events = () => core.labTrace.page(request('remote')).events
    await expect.poll(() => events().filter((e) => e.topic === 'lab/in').map(arrow)).toEqual(['← publish q1', '→ puback'])
    const all = events()
    expect(all.every((e) => e.clientId === 'topicscope-remote')).toBe(true)
    // It subscribes to '#', so its own message comes back: two exchanges, each a flow of its own, its
    // packets paired by packet id.
    const outFlows = [...new Set(all.filter((e) => e.topic === 'lab/out').map((e) => e.flowId))]
    expect(outFlows).toHaveLength(2)
    const flow = (id: number | null) => all.filter((e) => e.flowId === id).map(arrow)
    expect(flow(outFlows[0]!)).toEqual(['→ publish q2', '← pubrec', '→ pubrel', '← pubcomp'])
    expect(flow(outFlows[1]!)).toEqual(['← publish q2', '→ pubrec', '← pubrel', '→ pubcomp'])
    const inFlows = [...new Set(all.filter((e) => e.topic === 'lab/in').map((e) => e.flowId))]
    expect(inFlows).toHaveLength(1)
    expect(outFlows).not.toContain(inFlows[0])
    expect(outFlows.every((id) => id !== null)).toBe(true)
    // The other broker's client is not visible from this side, and the embedded trace has none of it.
    expect(all.some((e) => e.clientId === 'remote-sensor')).toBe(false)
    const embedded = core.labTrace.page(request(EMBEDDED_TRACE))
    expect(embedded.seenFromThisSide).toBe(false)
    expect(embedded.events.some((e) => e.topic === 'lab/in' || e.topic === 'lab/out')).toBe(false)
  })

  it('goes on after the connection is re-opened with new settings, and says so once it is closed', async () => {
    const { core, profile } = await setup()
    core.labTrace.page(request('remote'))
    await core.explorer!.open({ ...profile, clientId: 'topicscope-remote-2' })
    await expect.poll(() => core.explorer!.list().find((c) => c.id === 'remote')?.status.state).toBe('connected')
    await expect.poll(() => core.labTrace.page(request('remote')).events.filter((e) => e.cmd === 'connect').map((e) => e.clientId)).toEqual(['topicscope-remote-2'])
    expect(core.labTrace.page(request('remote')).events.some((e) => e.cmd === 'connack' && e.clientId === 'topicscope-remote-2')).toBe(true)
    await core.explorer!.remove('remote')
    expect(() => core.labTrace.page(request('remote'))).toThrow(/No open connection remote to trace/)
  })

  it('keeps its events when idle, numbers a re-made trace on from the old one, and keeps the 8 traces asked for last', async () => {
    const { core, other, profile } = await setup()
    let now = 1_000_000
    const service = new LabTraceService(() => core.broker!.broker, () => false, () => core.explorer, () => now)
    cleanups.push(() => service.close())
    const page = (source: string, afterSeq = 0) => service.page({ ...request(source), afterSeq })
    page('remote')
    await core.explorer!.publish({ connectionId: 'remote', topic: 'lab/a', payload: Buffer.from('1'), qos: 1, retain: false })
    await expect.poll(() => page('remote').events.some((e) => e.cmd === 'puback')).toBe(true)
    // A minute and more without a request: no longer recording, but what was kept stays.
    now += 61_000
    service.detachIdle()
    await core.explorer!.publish({ connectionId: 'remote', topic: 'lab/b', payload: Buffer.from('2'), qos: 1, retain: false })
    const kept = service.page(request('remote'))
    expect(kept.events.map((e) => e.topic)).toContain('lab/a')
    expect(kept.events.map((e) => e.topic)).not.toContain('lab/b')
    const lastSeq = kept.lastSeq
    // Closed and opened again: the new trace numbers on, so a page after the old seq sees it.
    await core.explorer!.remove('remote')
    expect(() => page('remote')).toThrow(/was closed/)
    await core.explorer!.add(profile)
    await expect.poll(() => core.explorer!.list().find((c) => c.id === 'remote')?.status.state).toBe('connected')
    page('remote', lastSeq)
    await core.explorer!.publish({ connectionId: 'remote', topic: 'lab/c', payload: Buffer.from('3'), qos: 1, retain: false })
    await expect.poll(() => page('remote', lastSeq).events.map((e) => e.topic)).toContain('lab/c')
    // Nine more connections traced: the one asked for least recently is let go of, not refused.
    for (let i = 0; i < 9; i++) {
      await core.explorer!.add(createProfile({ id: `extra-${i}`, name: `Extra ${i}`, host: '127.0.0.1', port: other.port, clientId: `extra-${i}` }))
      now += 1
      page(`extra-${i}`)
    }
    expect(page('extra-8').seenFromThisSide).toBe(true)
    // 'remote' was asked for least recently: its trace starts again (numbered on), without its old events.
    expect(page('remote').events.some((e) => e.topic === 'lab/c')).toBe(false)
  })

  it('listens to a connection’s packets only while the lab follows it', async () => {
    const onPacket = vi.spyOn(ExternalClient.prototype, 'onPacket')
    cleanups.push(() => onPacket.mockRestore())
    const { core } = await setup()
    expect(onPacket).not.toHaveBeenCalled() // an Explorer connection alone pays nothing per packet
    core.labTrace.page(request('remote'))
    expect(onPacket).toHaveBeenCalledTimes(1)
    core.labTrace.page(request('remote'))
    expect(onPacket).toHaveBeenCalledTimes(1)
  })

  it('draws a connection without a client id of its own in a lane named after it', async () => {
    const { core, profile } = await setup()
    core.labTrace.page(request('remote'))
    await core.explorer!.open({ ...profile, clientId: '' })
    await expect.poll(() => core.labTrace.page(request('remote')).events.filter((e) => e.cmd === 'connect').map((e) => e.clientId)).toEqual(['Remote'])
  })
})
