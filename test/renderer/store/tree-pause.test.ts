// Pausing the topic tree store in Node: deltas and snapshots held per connection, applied in seq order on
// resume (gaps still ask for a snapshot), and a full buffer dropped for a snapshot resync on resume.
import { beforeEach, describe, expect, it } from 'vitest'
import type { TopicTreeDelta } from '../../../shared/model/topic-tree'
import { createTopicTreeStore, MAX_HELD_DELTAS, summarizeHeld } from '../../../renderer/store/topic-tree-store'
import { makeNode } from '../fake-api'

const delta = (seq: number, overrides: Partial<TopicTreeDelta> = {}): TopicTreeDelta => ({
  connectionId: 'embedded', seq, upserts: [], removed: [], structureVersion: seq, droppedUpdates: 0, ...overrides,
})

let store = createTopicTreeStore()
let resyncs: string[] = []

beforeEach(() => {
  store = createTopicTreeStore()
  resyncs = []
  store.getState().attach((id) => resyncs.push(id))
  store.getState().applyDelta(delta(1, { upserts: [makeNode('a')] }))
})

const tree = () => store.getState().trees.get('embedded')
const messages = (path: string) => tree()?.nodes.get(path)?.messages

describe('pause and resume', () => {
  it('holds deltas while paused (the tree stays still) and applies them in order on resume', () => {
    const before = tree()
    const version = store.getState().structureVersion
    store.getState().pause()
    store.getState().applyDelta(delta(2, { upserts: [makeNode('a', { messages: 2 })] }))
    store.getState().applyDelta(delta(3, { upserts: [makeNode('a', { messages: 3 }), makeNode('b')] }))

    expect(tree()).toBe(before)
    expect(store.getState().structureVersion).toBe(version)
    expect(summarizeHeld(store.getState().held)).toEqual({ waiting: 2, fill: 2 / MAX_HELD_DELTAS, overflowed: false })

    store.getState().resume()

    expect(messages('a')).toBe(3)
    expect(tree()?.nodes.has('b')).toBe(true)
    expect(tree()?.lastSeq).toBe(3)
    expect(store.getState().structureVersion).toBe(version + 1)
    expect(store.getState().held.size).toBe(0)
    expect(resyncs).toEqual([])
  })

  it('keeps the seq rules on resume: a gap among the held deltas asks for a snapshot and queues the rest', () => {
    store.getState().pause()
    store.getState().applyDelta(delta(2, { upserts: [makeNode('a', { messages: 2 })] }))
    store.getState().applyDelta(delta(4, { upserts: [makeNode('a', { messages: 4 })] }))
    store.getState().resume()

    expect(messages('a')).toBe(2)
    expect(tree()).toMatchObject({ lastSeq: 2, stale: true })
    expect(tree()?.queued.map((d) => d.seq)).toEqual([4])
    expect(resyncs).toEqual(['embedded'])
  })

  it('holds a snapshot that arrives while paused and applies it before the deltas after it', () => {
    store.getState().pause()
    store.getState().applyDelta(delta(2, { upserts: [makeNode('a', { messages: 2 })] }))
    store.getState().applySnapshot({ connectionId: 'embedded', seq: 5, structureVersion: 5, nodes: [makeNode('a', { messages: 5 })] })
    store.getState().applyDelta(delta(6, { upserts: [makeNode('a', { messages: 6 })] }))

    expect(messages('a')).toBe(1)
    store.getState().resume()

    expect(messages('a')).toBe(6)
    expect(tree()).toMatchObject({ lastSeq: 6, stale: false })
  })

  it('drops a full buffer and resyncs on resume, saying it overflowed', () => {
    store.getState().pause()
    for (let seq = 2; seq <= MAX_HELD_DELTAS + 1; seq++) store.getState().applyDelta(delta(seq))
    expect(summarizeHeld(store.getState().held)).toMatchObject({ waiting: MAX_HELD_DELTAS, fill: 1, overflowed: false })

    store.getState().applyDelta(delta(MAX_HELD_DELTAS + 2))
    store.getState().applyDelta(delta(MAX_HELD_DELTAS + 3))
    expect(summarizeHeld(store.getState().held)).toEqual({ waiting: 0, fill: 1, overflowed: true })
    expect(resyncs).toEqual([])

    store.getState().resume()
    expect(resyncs).toEqual(['embedded'])
    expect(tree()?.stale).toBe(true)
    store.getState().applySnapshot({ connectionId: 'embedded', seq: 3000, structureVersion: 9, nodes: [makeNode('a', { messages: 3000 })] })
    expect(messages('a')).toBe(3000)
    expect(tree()?.stale).toBe(false)
  })

  it('forgets what a closed connection held', () => {
    store.getState().pause()
    store.getState().applyDelta(delta(2))
    store.getState().forget('embedded')
    expect(store.getState().held.size).toBe(0)
  })
})
