// The topic tree model: counts up the tree, capped previews, 10 s rates on an injected clock, dirty tracking,
// removal and pruning, the node cap, '$SYS' and empty levels; plus a printed throughput figure (no assertion).
import { describe, expect, it } from 'vitest'
import { TopicTreeModel, type IngestInfo, type TopicTreeModelOptions } from '../../../../electron/core/explorer/topic-tree-model'
import type { TopicNodeStats } from '../../../../shared/model/topic-tree'

const T0 = Date.UTC(2026, 0, 1)
const enc = (text: string): Uint8Array => new TextEncoder().encode(text)
const live = (at = T0): IngestInfo => ({ qos: 0, retain: false, at })

function model(options: TopicTreeModelOptions = {}): TopicTreeModel {
  return new TopicTreeModel('c1', { now: () => T0, ...options })
}

function byPath(rows: TopicNodeStats[]): Map<string, TopicNodeStats> {
  return new Map(rows.map((r) => [r.path, r]))
}

function node(m: TopicTreeModel, path: string): TopicNodeStats | undefined {
  return byPath(m.snapshot()).get(path)
}

describe('TopicTreeModel counts', () => {
  it('counts messages on the exact topic and messagesBelow / topicsBelow up the tree', () => {
    const m = model()
    m.ingest('home/kitchen/temp', enc('21'), live())
    m.ingest('home/kitchen/temp', enc('22'), live())
    m.ingest('home/kitchen/hum', enc('40'), live())
    m.ingest('home', enc('x'), live())

    const rows = byPath(m.snapshot())
    expect(rows.get('home/kitchen/temp')).toMatchObject({ messages: 2, messagesBelow: 2, topicsBelow: 1, childCount: 0, bytes: 4 })
    expect(rows.get('home/kitchen')).toMatchObject({ messages: 0, messagesBelow: 3, topicsBelow: 2, childCount: 2, lastPayloadPreview: null })
    expect(rows.get('home')).toMatchObject({ messages: 1, messagesBelow: 4, topicsBelow: 3, childCount: 1 })
    expect(m.nodeCount).toBe(4)
  })

  it('lists parents before children in a snapshot', () => {
    const m = model()
    m.ingest('a/b/c', enc('1'), live())
    m.ingest('z', enc('1'), live())
    const paths = m.snapshot().map((r) => r.path)
    expect(paths.indexOf('a')).toBeLessThan(paths.indexOf('a/b'))
    expect(paths.indexOf('a/b')).toBeLessThan(paths.indexOf('a/b/c'))
    expect(paths).toHaveLength(4)
  })

  it("keeps '$SYS' topics as their own root", () => {
    const m = model()
    m.ingest('$SYS/broker/uptime', enc('10'), live())
    m.ingest('sensors/a', enc('1'), live())
    const rows = byPath(m.snapshot())
    expect(rows.get('$SYS')).toMatchObject({ messagesBelow: 1, topicsBelow: 1 })
    expect(rows.get('sensors')).toMatchObject({ messagesBelow: 1, topicsBelow: 1 })
  })

  it.each([
    ['a//b', ['a', 'a/', 'a//b']],
    ['/a', ['', '/a']],
    ['a/', ['a', 'a/']],
  ])('keeps empty levels of %s as nodes', (topic, paths) => {
    const m = model()
    m.ingest(topic, enc('1'), live())
    const rows = m.snapshot()
    expect(rows.map((r) => r.path)).toEqual(paths)
    expect(rows[0]).toMatchObject({ messagesBelow: 1, topicsBelow: 1 })
    expect(rows.at(-1)).toMatchObject({ path: topic, messages: 1 })
  })

  it('records QoS, the retained flag, and clears it on an empty retained payload', () => {
    const m = model()
    m.ingest('dev/state', enc('on'), { qos: 1, retain: true, at: T0 })
    expect(node(m, 'dev/state')).toMatchObject({ retained: true, lastQos: 1 })
    m.ingest('dev/state', enc('off'), { qos: 2, retain: false, at: T0 })
    expect(node(m, 'dev/state')).toMatchObject({ retained: true, lastQos: 2 })
    m.ingest('dev/state', new Uint8Array(0), { qos: 0, retain: true, at: T0 })
    expect(node(m, 'dev/state')).toMatchObject({ retained: false, messages: 3, lastPayloadSize: 0 })
  })
})

describe('TopicTreeModel previews', () => {
  it('caps the preview and keeps the full size with a truncated flag', () => {
    const m = model({ previewBytes: 8 })
    const payload = Uint8Array.from({ length: 20 }, (_, i) => i)
    m.ingest('big', payload, live())
    const row = node(m, 'big')
    expect(row?.lastPayloadPreview).toEqual(payload.slice(0, 8))
    expect(row).toMatchObject({ lastPayloadSize: 20, previewTruncated: true, bytes: 20 })
  })

  it('shows a short payload whole after a long one', () => {
    const m = model({ previewBytes: 8 })
    m.ingest('t', new Uint8Array(20), live())
    m.ingest('t', enc('abc'), live())
    expect(node(m, 't')).toMatchObject({ lastPayloadPreview: enc('abc'), lastPayloadSize: 3, previewTruncated: false })
  })

  it('copies the payload, so a reused receive buffer does not change the preview', () => {
    const m = model()
    const buffer = enc('first')
    m.ingest('t', buffer, live())
    buffer.fill(0)
    expect(node(m, 't')?.lastPayloadPreview).toEqual(enc('first'))
  })

  it('stops growing previews at the global budget and says they are cut', () => {
    const m = model({ previewBytes: 64, previewBudgetBytes: 100 })
    m.ingest('a', new Uint8Array(64), live())
    m.ingest('b', new Uint8Array(64), live())
    expect(m.previewBytesHeld).toBeLessThanOrEqual(100)
    expect(node(m, 'b')).toMatchObject({ lastPayloadSize: 64, previewTruncated: true })
  })
})

describe('TopicTreeModel rate', () => {
  it('averages messages over the last 10 s and decays to 0', () => {
    let now = T0
    const m = model({ now: () => now })
    for (let s = 0; s < 10; s++) for (let k = 0; k < 5; k++) m.ingest('t', enc('1'), live(T0 + s * 1000 + k))
    now = T0 + 9_500
    expect(node(m, 't')?.ratePerSec).toBe(5)
    now = T0 + 14_500 // seconds 0..4 left the window
    expect(node(m, 't')?.ratePerSec).toBe(2.5)
    now = T0 + 30_000
    expect(node(m, 't')?.ratePerSec).toBe(0)
  })

  it('clears skipped seconds when messages resume after a pause', () => {
    let now = T0
    const m = model({ now: () => now })
    for (let k = 0; k < 10; k++) m.ingest('t', enc('1'), live(T0))
    m.ingest('t', enc('1'), live(T0 + 25_000))
    now = T0 + 25_000
    expect(node(m, 't')?.ratePerSec).toBe(0.1)
  })

  it('reports decaying rates through refreshRates', () => {
    let now = T0
    const m = model({ now: () => now })
    m.ingest('t', enc('1'), live(T0))
    m.takeDirty()
    now = T0 + 11_000
    m.refreshRates()
    expect(m.takeDirty().map((r) => [r.path, r.ratePerSec])).toEqual([['t', 0]])
    m.refreshRates()
    expect(m.takeDirty()).toEqual([])
  })
})

describe('TopicTreeModel dirty tracking', () => {
  it('reports each changed node and its ancestors once per take', () => {
    const m = model()
    for (let i = 0; i < 100; i++) m.ingest('a/b/c', enc(String(i)), live())
    m.ingest('a/x', enc('1'), live())
    const first = m.takeDirty()
    expect(first.map((r) => r.path).sort()).toEqual(['a', 'a/b', 'a/b/c', 'a/x'])
    expect(byPath(first).get('a')?.messagesBelow).toBe(101)
    expect(m.coalescedUpdates).toBe(99)
    expect(m.takeDirty()).toEqual([])
    m.ingest('a/x', enc('2'), live())
    expect(m.takeDirty().map((r) => r.path).sort()).toEqual(['a', 'a/x'])
  })

  it('signals onChange once per take cycle', () => {
    const m = model()
    let calls = 0
    m.onChange = () => calls++
    for (let i = 0; i < 50; i++) m.ingest(`t/${i}`, enc('1'), live())
    expect(calls).toBe(1)
    m.takeDirty()
    m.ingest('t/1', enc('1'), live())
    expect(calls).toBe(2)
  })

  it('bumps structureVersion only when nodes are added or removed', () => {
    const m = model()
    m.ingest('a/b', enc('1'), live())
    const v = m.structureVersion
    m.ingest('a/b', enc('2'), live())
    expect(m.structureVersion).toBe(v)
    m.ingest('a/c', enc('1'), live())
    expect(m.structureVersion).toBeGreaterThan(v)
    const v2 = m.structureVersion
    m.remove('a/c')
    expect(m.structureVersion).toBeGreaterThan(v2)
  })
})

describe('TopicTreeModel remove', () => {
  it('removes a subtree, fixes the ancestors and prunes parents left empty', () => {
    const m = model()
    m.ingest('h/z/a', enc('1'), live())
    m.ingest('h/z/b/c', enc('1'), live())
    m.ingest('h/keep', enc('1'), live())
    m.takeDirty()

    const removed = m.remove('h/z', { subtree: true })

    expect(removed.sort()).toEqual(['h/z', 'h/z/a', 'h/z/b', 'h/z/b/c'])
    expect(m.takeRemoved().sort()).toEqual(removed.sort())
    const dirty = byPath(m.takeDirty())
    expect(dirty.get('h')).toMatchObject({ messagesBelow: 1, topicsBelow: 1, childCount: 1 })
    expect(dirty.has('h/z')).toBe(false)
    expect(m.snapshot().map((r) => r.path)).toEqual(['h', 'h/keep'])
  })

  it('prunes emptied intermediate parents when the last topic under them goes', () => {
    const m = model()
    m.ingest('a/b/c', enc('1'), live())
    expect(m.remove('a/b/c').sort()).toEqual(['a', 'a/b', 'a/b/c'])
    expect(m.nodeCount).toBe(0)
    expect(m.snapshot()).toEqual([])
  })

  it('keeps a node with children as an intermediate level when removed without subtree', () => {
    const m = model()
    m.ingest('a', enc('1'), { qos: 0, retain: true, at: T0 })
    m.ingest('a/b', enc('1'), live())
    expect(m.remove('a', { subtree: false })).toEqual([])
    expect(node(m, 'a')).toMatchObject({ messages: 0, messagesBelow: 1, topicsBelow: 1, retained: false, lastPayloadPreview: null })
  })

  it('reports a removed then re-created topic as an upsert', () => {
    const m = model()
    m.ingest('a/b', enc('1'), live())
    m.takeDirty()
    m.remove('a/b')
    m.ingest('a/b', enc('2'), live())
    expect(m.takeRemoved().sort()).toEqual(['a', 'a/b'])
    expect(byPath(m.takeDirty()).get('a/b')).toMatchObject({ messages: 1, messagesBelow: 1 })
  })
})

describe('TopicTreeModel node cap', () => {
  it('counts messages for topics beyond maxNodes as droppedTopics instead of growing', () => {
    const m = model({ maxNodes: 3 })
    expect(m.ingest('a/b', enc('1'), live())).toBe(true)
    expect(m.ingest('c/d', enc('1'), live())).toBe(false) // needs 2 nodes, 1 left
    expect(m.ingest('c', enc('1'), live())).toBe(true)
    expect(m.ingest('d', enc('1'), live())).toBe(false)
    expect(m.ingest('d', enc('1'), live())).toBe(false)
    expect(m.ingest('a/b', enc('1'), live())).toBe(true) // known topics keep counting

    expect(m.nodeCount).toBe(3)
    expect(m.droppedTopics).toBe(3)
    expect(node(m, 'a/b')?.messages).toBe(2)
  })

  it('makes room again after a removal', () => {
    const m = model({ maxNodes: 1 })
    m.ingest('a', enc('1'), live())
    m.remove('a')
    expect(m.ingest('b', enc('1'), live())).toBe(true)
  })
})

describe('TopicTreeModel throughput', () => {
  it('prints the time for 1,000,000 ingests across 20,000 topics', () => {
    const m = new TopicTreeModel('bench')
    const topics = Array.from({ length: 20_000 }, (_, i) => `site/${i % 20}/device/${i}/state`)
    const payload = enc('{"temperature":21.5,"humidity":40}')
    const info = { qos: 0 as const, retain: false, at: T0 }
    const started = performance.now()
    for (let i = 0; i < 1_000_000; i++) {
      info.at = T0 + (i >> 7)
      m.ingest(topics[i % topics.length]!, payload, info)
      if (i % 1_000 === 0) m.takeDirty() // a flush every ~1,000 messages, as at 10,000 msg/s
    }
    const ms = performance.now() - started
    console.log(`topic tree: 1,000,000 ingests across 20,000 topics in ${ms.toFixed(0)} ms (${Math.round(1e9 / ms).toLocaleString('en')} msg/s), ${m.nodeCount} nodes`)
    expect(node(m, 'site')?.messagesBelow).toBe(1_000_000)
  })
})
