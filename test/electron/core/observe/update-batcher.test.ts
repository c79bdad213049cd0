// The update batcher over real topic tree models with fake timers: coalescing, seq, cadence (visible and hidden),
// the per-delta cap with the remainder sent next, removals, dropped counts and snapshot seq continuity.
import { describe, expect, it } from 'vitest'
import { TopicTreeModel } from '../../../../electron/core/explorer/topic-tree-model'
import { UpdateBatcher, type Timers, type UpdateBatcherOptions } from '../../../../electron/core/observe/update-batcher'
import type { TopicTreeDelta } from '../../../../shared/model/topic-tree'

const T0 = Date.UTC(2026, 0, 1)
const payload = new TextEncoder().encode('42')
const live = { qos: 0 as const, retain: false, at: T0 }

/** A manual clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  now = 0
  private next = 1
  private readonly pending = new Map<number, { at: number; callback: () => void }>()

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.set(id, { at: this.now + ms, callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }

  get scheduled(): number {
    return this.pending.size
  }

  /** Moves time forward, firing due timers in order (a timer set by a callback fires if due too). */
  advance(ms: number): void {
    const until = this.now + ms
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (due === undefined) break
      this.pending.delete(due[0])
      this.now = due[1].at
      due[1].callback()
    }
    this.now = until
  }
}

function setup(options: UpdateBatcherOptions = {}) {
  const timers = new FakeTimers()
  const deltas: (TopicTreeDelta & { at: number })[] = []
  const batcher = new UpdateBatcher({ treeDelta: (d) => deltas.push({ ...d, at: timers.now }) }, options, timers)
  const model = new TopicTreeModel('c1', { now: () => T0 })
  batcher.attach('c1', model)
  return { timers, deltas, batcher, model }
}

describe('UpdateBatcher', () => {
  it('coalesces 1,000 ingests of one topic in an interval into one upsert', () => {
    const { timers, deltas, model } = setup()
    for (let i = 0; i < 1_000; i++) model.ingest('a', payload, live)

    timers.advance(100)

    expect(deltas).toHaveLength(1)
    expect(deltas[0]!.upserts).toHaveLength(1)
    expect(deltas[0]!.upserts[0]).toMatchObject({ path: 'a', messages: 1_000 })
    expect(model.coalescedUpdates).toBe(999)
  })

  it('sends nothing and keeps no timer when nothing changed', () => {
    const { timers, deltas } = setup()
    timers.advance(1_000)
    expect(deltas).toEqual([])
    expect(timers.scheduled).toBe(0)
  })

  it('numbers deltas 1, 2, 3 per connection', () => {
    const { timers, deltas, model } = setup()
    for (let i = 0; i < 3; i++) {
      model.ingest('a', payload, live)
      timers.advance(100)
    }
    expect(deltas.map((d) => d.seq)).toEqual([1, 2, 3])
  })

  it('keeps separate seq and deltas per connection', () => {
    const { timers, deltas, batcher, model } = setup()
    const other = new TopicTreeModel('c2', { now: () => T0 })
    batcher.attach('c2', other)
    model.ingest('a', payload, live)
    other.ingest('b', payload, live)
    other.ingest('b', payload, live)
    timers.advance(100)
    expect(deltas.map((d) => [d.connectionId, d.seq, d.upserts.map((u) => u.path)])).toEqual([['c1', 1, ['a']], ['c2', 1, ['b']]])
  })

  it('pushes at most once per interval under a steady stream', () => {
    const { timers, deltas, model } = setup()
    for (let ms = 0; ms < 1_000; ms++) {
      model.ingest(`t/${ms % 7}`, payload, live)
      timers.advance(1)
    }
    timers.advance(100)
    expect(deltas.length).toBeLessThanOrEqual(11)
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]!.at - deltas[i - 1]!.at).toBeGreaterThanOrEqual(100)
    expect(deltas.at(-1)!.upserts.find((u) => u.path === 't')?.messagesBelow).toBe(1_000)
  })

  it('flushes every 300 ms while hidden and back to 100 ms when shown', () => {
    const { timers, deltas, batcher, model } = setup()
    batcher.setHidden(true)
    model.ingest('a', payload, live)
    timers.advance(299)
    expect(deltas).toHaveLength(0)
    timers.advance(1)
    expect(deltas).toHaveLength(1)

    batcher.setHidden(false)
    model.ingest('a', payload, live)
    timers.advance(100)
    expect(deltas).toHaveLength(2)
  })

  it('brings a waiting hidden-cadence flush forward when the window is shown', () => {
    const { timers, deltas, batcher, model } = setup()
    batcher.setHidden(true)
    model.ingest('a', payload, live)
    timers.advance(50)
    batcher.setHidden(false)
    timers.advance(100)
    expect(deltas.map((d) => d.at)).toEqual([150])
  })

  it('caps entries per delta and sends the rest in the next flush, none lost', () => {
    const { timers, deltas, model } = setup({ maxEntriesPerDelta: 100 })
    for (let i = 0; i < 250; i++) model.ingest(`t${i}`, payload, live)

    timers.advance(100)
    expect(deltas.map((d) => d.upserts.length)).toEqual([100])
    timers.advance(100)
    timers.advance(100)

    expect(deltas.map((d) => d.upserts.length)).toEqual([100, 100, 50])
    expect(deltas.map((d) => d.seq)).toEqual([1, 2, 3])
    expect(new Set(deltas.flatMap((d) => d.upserts.map((u) => u.path))).size).toBe(250)
    const versions = deltas.map((d) => d.structureVersion)
    expect(versions[1]).toBeGreaterThan(versions[0]!) // new rows in each capped delta trigger a rebuild
    expect(versions[2]).toBeGreaterThan(versions[1]!)
  })

  it('replaces a pending row with the newer one and counts it as coalesced', () => {
    const { timers, deltas, batcher, model } = setup({ maxEntriesPerDelta: 1 })
    model.ingest('a', payload, live)
    model.ingest('b', payload, live)
    timers.advance(100) // sends 'a'; 'b' stays pending
    model.ingest('b', payload, live)
    timers.advance(100)
    expect(batcher.coalescedUpserts).toBe(1)
    expect(deltas.map((d) => d.upserts.map((u) => [u.path, u.messages]))).toEqual([[['a', 1]], [['b', 2]]])
  })

  it('sends removals, and a removal supersedes a pending upsert of the same path', () => {
    const { timers, deltas, model } = setup()
    model.ingest('x/y', payload, live)
    timers.advance(100)
    model.ingest('x/y', payload, live)
    model.remove('x', { subtree: true })
    timers.advance(100)
    expect(deltas[1]).toMatchObject({ upserts: [], seq: 2 })
    expect(deltas[1]!.removed.sort()).toEqual(['x', 'x/y'])
    expect(deltas[1]!.structureVersion).toBeGreaterThan(deltas[0]!.structureVersion)
  })

  it('reports dropped messages from the node cap', () => {
    const timers = new FakeTimers()
    const deltas: TopicTreeDelta[] = []
    const batcher = new UpdateBatcher({ treeDelta: (d) => deltas.push(d) }, {}, timers)
    const model = new TopicTreeModel('c1', { maxNodes: 1, now: () => T0 })
    batcher.attach('c1', model)
    model.ingest('a', payload, live)
    model.ingest('b', payload, live)
    model.ingest('c', payload, live)
    timers.advance(100)
    expect(deltas[0]).toMatchObject({ droppedUpdates: 2 })
  })

  it('gives a snapshot with the last sent seq; the next delta continues from it', () => {
    const { timers, deltas, batcher, model } = setup()
    model.ingest('a/b', payload, live)
    timers.advance(100)
    model.ingest('a/c', payload, live)

    const snap = batcher.snapshot('c1')!
    timers.advance(100)

    expect(snap.seq).toBe(1)
    expect(snap.nodes.map((n) => n.path)).toEqual(['a', 'a/b', 'a/c'])
    expect(snap.nodes[0]).toMatchObject({ messagesBelow: 2 })
    expect(deltas.at(-1)!.seq).toBe(snap.seq + 1)
    expect(batcher.snapshot('nope')).toBeNull()
  })

  it('stops after detach and dispose', () => {
    const { timers, deltas, batcher, model } = setup()
    batcher.dispose()
    model.ingest('a', payload, live)
    timers.advance(1_000)
    expect(deltas).toEqual([])
    expect(timers.scheduled).toBe(0)
  })
})
