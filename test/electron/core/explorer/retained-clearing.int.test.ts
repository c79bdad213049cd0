// Clearing retained messages end to end: AppCore's embedded broker, the explorer's connection and the
// history store. A clear leaves nothing for a new subscriber; undo publishes the messages again with their
// QoS and MQTT 5 properties; a chunk that names an unknown undo record is refused.
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../../shared/model/connection-profile'
import { openTestCore } from '../../../support/test-core'

const ID = EMBEDDED_BROKER_PROFILE_ID

describe('clearing retained messages', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function openCore() {
    const { core, port } = await openTestCore(cleanups)
    const url = `mqtt://127.0.0.1:${port}`
    const publisher = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'publisher' })
    cleanups.push(() => publisher.endAsync())
    return { core, url, publisher }
  }

  /** What a new subscriber to `filter` receives as retained messages within a short wait. */
  async function retainedFor(url: string, filter: string): Promise<Map<string, mqtt.IPublishPacket>> {
    const client = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: `probe-${Math.random()}` })
    const got = new Map<string, mqtt.IPublishPacket>()
    client.on('message', (topic, _payload, packet) => { if (packet.retain) got.set(topic, packet) })
    await client.subscribeAsync(filter, { qos: 2 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await client.endAsync()
    return got
  }

  it('clears a subtree in two chunks under one undo, and undo brings every message back as it was', async () => {
    const { core, url, publisher } = await openCore()
    await publisher.publishAsync('home/a', 'A', { qos: 1, retain: true, properties: { contentType: 'text/plain', userProperties: { by: 'test' } } })
    await publisher.publishAsync('home/b/c', 'C', { qos: 2, retain: true })
    await publisher.publishAsync('home/live', 'not retained', { qos: 0 })
    await publisher.publishAsync('garden/x', 'X', { qos: 0, retain: true })
    await expect.poll(() => core.explorer!.retainedList({ connectionId: ID, topic: 'home', subtree: true }).topics.sort()).toEqual(['home/a', 'home/b/c'])

    const first = await core.explorer!.clearRetained({ connectionId: ID, topics: ['home/a'], undoId: null })
    const second = await core.explorer!.clearRetained({ connectionId: ID, topics: ['home/b/c'], undoId: first.undoId })
    expect(second).toEqual({ cleared: ['home/b/c'], failed: [], undoId: first.undoId, undoable: 2 })
    expect([...(await retainedFor(url, 'home/#')).keys()]).toEqual([])
    expect([...(await retainedFor(url, 'garden/#')).keys()]).toEqual(['garden/x'])
    await expect.poll(() => core.explorer!.retainedList({ connectionId: ID, topic: 'home', subtree: true }).topics).toEqual([])

    expect(await core.explorer!.undoClear(first.undoId)).toEqual({ restored: 2, failed: [] })
    const back = await retainedFor(url, 'home/#')
    expect(back.get('home/a')).toMatchObject({ qos: 1, properties: { contentType: 'text/plain', userProperties: { by: 'test' } } })
    expect(back.get('home/a')!.payload.toString()).toBe('A')
    expect(back.get('home/b/c')).toMatchObject({ qos: 2 })
    await expect(core.explorer!.undoClear(first.undoId)).rejects.toThrow(/can no longer be undone/)
  })

  it('refuses a chunk for an undo record it does not know, and reports a topic it could not clear', async () => {
    const { core } = await openCore()
    await expect(core.explorer!.clearRetained({ connectionId: ID, topics: ['a'], undoId: 'nope' })).rejects.toThrow(/can no longer be undone/)
    const result = await core.explorer!.clearRetained({ connectionId: ID, topics: ['bad/+/topic'], undoId: null })
    expect(result.cleared).toEqual([])
    expect(result.failed).toEqual([{ topic: 'bad/+/topic', reason: "Topic names cannot contain '+' (level 2); wildcards are for subscriptions" }])
  })
})
