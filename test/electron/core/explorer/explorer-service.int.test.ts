// The explorer's backend end to end: AppCore's embedded broker, the explorer's own MQTT.js connection to it,
// a real client publishing, and the resulting coalesced 'tree:delta' pushes and snapshots.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppCore } from '../../../../electron/core/app-core'
import { silentLogger } from '../../../../electron/core/support/logger'
import type { Pushes } from '../../../../shared/ipc/contract'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../../shared/model/connection-profile'
import type { TopicTreeDelta } from '../../../../shared/model/topic-tree'
import { connectedClient } from '../../../support/raw-client'
import { makeTempDir } from '../../../support/temp-dir'

describe('explorer service', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function openCore() {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'none' } }))
    const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null } })
    cleanups.push(() => core.close())
    const deltas: TopicTreeDelta[] = []
    const connections: Array<Pushes['explorer:connections']> = []
    core.attachPushTarget({
      send: (channel, payload) => {
        if (channel === 'tree:delta') deltas.push(payload as TopicTreeDelta)
        if (channel === 'explorer:connections') connections.push(payload as Pushes['explorer:connections'])
      },
    })
    return { core, deltas, connections, port: core.broker!.listeners[0]!.port }
  }

  it('connects to the embedded broker and lists it first', async () => {
    const { core } = await openCore()
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    expect(core.explorer!.list()[0]).toMatchObject({ id: EMBEDDED_BROKER_PROFILE_ID, name: 'Embedded broker', url: `mqtt://127.0.0.1:${core.broker!.listeners[0]!.port}` })
  })

  it('turns 500 messages on one topic into a few coalesced deltas with the full count', async () => {
    const { core, deltas, port } = await openCore()
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    const { client } = await connectedClient(port, { clientId: 'sensor' })
    for (let i = 0; i < 500; i++) client.send({ cmd: 'publish', topic: 'home/kitchen/temp', payload: Buffer.from(String(i)), qos: 0, retain: false, dup: false })
    const upsertsOf = () => deltas.flatMap((d) => d.upserts).filter((n) => n.path === 'home/kitchen/temp')
    await expect.poll(() => upsertsOf().at(-1)?.messages, { timeout: 5000 }).toBe(500)
    expect(core.explorer!.snapshot(EMBEDDED_BROKER_PROFILE_ID).nodes.find((n) => n.path === 'home/kitchen/temp')?.messages).toBe(500)
    const upserts = upsertsOf()
    expect(upserts.length).toBeLessThan(50) // one per 100 ms at most, not one per message
    expect(upserts.at(-1)).toMatchObject({ messages: 500, lastPayloadSize: 3 })
    expect(Buffer.from(upserts.at(-1)!.lastPayloadPreview!).toString()).toBe('499')
    const seqs = deltas.filter((d) => d.connectionId === EMBEDDED_BROKER_PROFILE_ID).map((d) => d.seq)
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i)) // consecutive
    client.end()
  })

  it('records every message in the history, paged newest first, with full payloads on request', async () => {
    const { core, port } = await openCore()
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    const { client } = await connectedClient(port, { clientId: 'sensor', version: 5 })
    const big = Buffer.alloc(300_000, 0x41)
    for (let i = 0; i < 30; i++) client.send({ cmd: 'publish', topic: 'home/hall/motion', payload: Buffer.from(`m${i}`), qos: 0, retain: false, dup: false })
    client.send({ cmd: 'publish', topic: 'home/hall/camera', payload: big, qos: 1, messageId: 1, retain: false, dup: false })
    await client.next('puback')
    const page = () => core.explorer!.historyPage({ connectionId: EMBEDDED_BROKER_PROFILE_ID, topic: 'home/hall', includeSubtopics: true, limit: 10, payloadPreviewBytes: 64 })
    await expect.poll(() => page().messages[0]?.topic, { timeout: 5000 }).toBe('home/hall/camera')
    const first = page()
    expect(first.messages[0]).toMatchObject({ topic: 'home/hall/camera', payloadSize: 300_000, truncated: true })
    expect(first.messages[0]!.payload.byteLength).toBe(64)
    expect(first.messages[1]).toMatchObject({ topic: 'home/hall/motion' })
    expect(Buffer.from(first.messages[1]!.payload).toString()).toBe('m29')
    const full = core.explorer!.historyMessage(first.messages[0]!.id)
    expect(full.payload.byteLength).toBe(300_000)
    const second = core.explorer!.historyPage({ connectionId: EMBEDDED_BROKER_PROFILE_ID, topic: 'home/hall/motion', limit: 10, before: first.nextCursor })
    expect(second.messages.map((m) => Buffer.from(m.payload).toString())).toEqual(['m20', 'm19', 'm18', 'm17', 'm16', 'm15', 'm14', 'm13', 'm12', 'm11'])
    client.end()
  })

  it('follows the broker to a new port when the settings change', async () => {
    const { core } = await openCore()
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    await core.updateSettings({ broker: { exposure: 'network' } })
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    expect(core.explorer!.list()[0]!.url).toBe(`mqtt://127.0.0.1:${core.broker!.listeners[0]!.port}`)
  })
})
