// The topic tree store in Node: deltas in order, a seq gap (resync, queued deltas), snapshots, expand/select.
import { beforeEach, describe, expect, it } from 'vitest'
import type { TopicTreeDelta } from '../../../shared/model/topic-tree'
import { createTopicTreeStore, rootKey, rowKey } from '../../../renderer/store/topic-tree-store'
import { makeNode, makeParent } from '../fake-api'

const delta = (seq: number, overrides: Partial<TopicTreeDelta> = {}): TopicTreeDelta => ({
  connectionId: 'embedded', seq, upserts: [], removed: [], structureVersion: seq, droppedUpdates: 0, ...overrides,
})

let store = createTopicTreeStore()
let resyncs: string[] = []

beforeEach(() => {
  store = createTopicTreeStore()
  resyncs = []
  store.getState().attach((id) => resyncs.push(id))
})

const nodes = () => store.getState().trees.get('embedded')?.nodes

describe('topicTreeStore', () => {
  it('applies deltas in order: upserts replace nodes, removed drops them', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeParent('home', 1, 1), makeNode('home/temp')] }))
    store.getState().applyDelta(delta(2, { upserts: [makeNode('home/temp', { messages: 2 })] }))
    store.getState().applyDelta(delta(3, { removed: ['home'] }))

    expect(nodes()?.get('home/temp')?.messages).toBe(2)
    expect(nodes()?.has('home')).toBe(false)
    expect(store.getState().trees.get('embedded')?.lastSeq).toBe(3)
    expect(resyncs).toEqual([])
  })

  it('bumps structureVersion when nodes are added or removed, not when a value changes', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeNode('a')] }))
    const afterAdd = store.getState().structureVersion

    store.getState().applyDelta(delta(2, { upserts: [makeNode('a', { messages: 5 })] }))
    expect(store.getState().structureVersion).toBe(afterAdd)

    store.getState().applyDelta(delta(3, { removed: ['a'] }))
    expect(store.getState().structureVersion).toBe(afterAdd + 1)
  })

  it('keeps the objects of unchanged nodes, so their rows do not re-render', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeNode('a'), makeNode('b')] }))
    const b = nodes()?.get('b')

    store.getState().applyDelta(delta(2, { upserts: [makeNode('a', { messages: 2 })] }))

    expect(nodes()?.get('b')).toBe(b)
  })

  it('on a seq gap asks for a snapshot once and ignores deltas until it arrives', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeNode('a')] }))

    store.getState().applyDelta(delta(3, { upserts: [makeNode('a', { messages: 3 })] }))
    store.getState().applyDelta(delta(4, { upserts: [makeNode('a', { messages: 4 })] }))

    expect(resyncs).toEqual(['embedded'])
    expect(store.getState().trees.get('embedded')?.stale).toBe(true)
    expect(nodes()?.get('a')?.messages).toBe(1)
  })

  it('replaces the tree with a snapshot, then applies the queued deltas newer than it', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeNode('old')] }))
    store.getState().applyDelta(delta(4, { upserts: [makeNode('a', { messages: 4 })] }))
    store.getState().applyDelta(delta(5, { upserts: [makeNode('a', { messages: 5 })] }))

    store.getState().applySnapshot({ connectionId: 'embedded', seq: 4, nodes: [makeNode('a', { messages: 4 }), makeNode('b')], structureVersion: 9 })

    const tree = store.getState().trees.get('embedded')
    expect(tree?.stale).toBe(false)
    expect(tree?.lastSeq).toBe(5)
    expect([...(tree?.nodes.keys() ?? [])].sort()).toEqual(['a', 'b'])
    expect(tree?.nodes.get('a')?.messages).toBe(5)
  })

  it('applies the deltas that follow a snapshot and skips those it already holds', () => {
    store.getState().resync('embedded')
    store.getState().applySnapshot({ connectionId: 'embedded', seq: 10, nodes: [makeNode('a', { messages: 10 })], structureVersion: 1 })

    store.getState().applyDelta(delta(10, { upserts: [makeNode('a', { messages: 999 })] }))
    store.getState().applyDelta(delta(11, { upserts: [makeNode('a', { messages: 11 })] }))

    expect(nodes()?.get('a')?.messages).toBe(11)
    expect(resyncs).toEqual(['embedded'])
  })

  it('asks again when the queued deltas after a snapshot have a gap', () => {
    store.getState().resync('embedded')
    store.getState().applyDelta(delta(7))

    store.getState().applySnapshot({ connectionId: 'embedded', seq: 5, nodes: [], structureVersion: 1 })

    expect(resyncs).toEqual(['embedded', 'embedded'])
    expect(store.getState().trees.get('embedded')?.stale).toBe(true)
  })

  it('expands a connection root the first time it shows, and toggles and selects rows', () => {
    store.getState().applyDelta(delta(1, { upserts: [makeNode('a')] }))
    expect(store.getState().expanded.has(rootKey('embedded'))).toBe(true)

    store.getState().toggle(rowKey('embedded', 'a'))
    store.getState().toggle(rootKey('embedded'))
    store.getState().select(rowKey('embedded', 'a'))

    expect(store.getState().expanded.has(rowKey('embedded', 'a'))).toBe(true)
    expect(store.getState().expanded.has(rootKey('embedded'))).toBe(false)
    expect(store.getState().selected).toBe(rowKey('embedded', 'a'))
  })
})
