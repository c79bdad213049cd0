// One table of SessionStore behaviours, run against both implementations: the in-memory reference and
// the SQLite store (reopened from its file where a test restarts the broker). SQLite-only behaviour
// (files, corruption, migrations, crash safety) lives in sqlite-session-store.test.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemorySessionStore } from '../../../../../electron/core/broker/persistence/memory-session-store'
import type { SessionStore, StoreOp } from '../../../../../electron/core/broker/persistence/session-store'
import { SqliteSessionStore } from '../../../../../electron/core/broker/persistence/sqlite-session-store'
import { delivery, message, NEVER, session, subscription } from './store-fixtures'

interface Harness {
  open(dir: string): SessionStore
  /** What a broker restart does to the store: the same object in memory, close + open for a file. */
  reopen(store: SessionStore, dir: string): SessionStore
}

const openSqlite = (dir: string): SessionStore => SqliteSessionStore.open(join(dir, 'broker.sqlite'), { durability: 'process', strict: true }).store

const HARNESSES: Array<[string, Harness]> = [
  ['memory', { open: () => new MemorySessionStore(), reopen: (store) => store }],
  ['sqlite', { open: openSqlite, reopen: (store, dir) => { store.close(); return openSqlite(dir) } }],
]

describe.each(HARNESSES)('%s session store', (_name, harness) => {
  let dir: string
  let store: SessionStore
  const reopen = (): void => { store = harness.reopen(store, dir) }
  /** A session with a subscription, a queued delivery and an inbound QoS 2 id. */
  const seedClient = (clientId: string, messageId: number, deliveryId: number): StoreOp[] => [
    { op: 'put-session', session: session(clientId) },
    { op: 'put-subscription', subscription: subscription(clientId, `t/${clientId}`) },
    { op: 'put-message', message: message(messageId) },
    { op: 'put-delivery', delivery: delivery(deliveryId, clientId, messageId) },
    { op: 'add-inbound-qos2', clientId, packetId: 7 },
  ]

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'topicscope-store-'))
    store = harness.open(dir)
  })
  afterEach(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a new store loads empty, with both id counters at 0', () => {
    expect(store.load(1_000)).toEqual({
      sessions: [], subscriptions: [], messages: [], deliveries: [], inboundQos2: [], retained: [], lastMessageId: 0, lastDeliveryId: 0,
    })
  })

  it('every put op round-trips through commit, a restart and load', () => {
    const s = session('c1', { username: 'alice', disconnectedAt: 500, protocolVersion: 4 })
    const sub = subscription('c1', '$share/g/a/+', { qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2, subscriptionId: 9 })
    const m = message(1, { topic: 'a/ü/b', payload: Uint8Array.of(0, 255, 0, 10), qos: 2, propertiesJson: '{"contentType":"x"}', publisher: 'p1', expiresAt: 9_999 })
    const d = delivery(1, 'c1', 1, { qos: 2, retain: true, subscriptionIds: [9, 12], state: 'awaiting-pubrec', packetId: 42 })
    const r = message(2, { topic: 'r/1', retain: true, payload: new Uint8Array(0) })
    store.commit([
      { op: 'put-session', session: s }, { op: 'put-subscription', subscription: sub }, { op: 'put-message', message: m },
      { op: 'put-delivery', delivery: d }, { op: 'add-inbound-qos2', clientId: 'c1', packetId: 3 }, { op: 'put-retained', message: r },
    ])
    reopen()
    expect(store.load(1_000)).toEqual({
      sessions: [s], subscriptions: [sub], messages: [m], deliveries: [d], inboundQos2: [{ clientId: 'c1', packetId: 3 }], retained: [r],
      lastMessageId: 2, lastDeliveryId: 1,
    })
  })

  it('an empty batch changes nothing', () => {
    store.commit([])
    expect(store.load(1_000).sessions).toEqual([])
  })

  it('put-session replaces the session and keeps its subscriptions and deliveries', () => {
    store.commit(seedClient('c1', 1, 1))
    const changed = session('c1', { disconnectedAt: 700, expiryIntervalS: 10 })
    store.commit([{ op: 'put-session', session: changed }])
    const state = store.load(1_000)
    expect(state.sessions).toEqual([changed])
    expect([state.subscriptions.length, state.deliveries.length, state.inboundQos2.length]).toEqual([1, 1, 1])
  })

  it('put-subscription on an existing filter replaces its options', () => {
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-subscription', subscription: subscription('c1', 'a/#') }])
    const changed = subscription('c1', 'a/#', { qos: 0, subscriptionId: 4 })
    store.commit([{ op: 'put-subscription', subscription: changed }])
    expect(store.load(1_000).subscriptions).toEqual([changed])
  })

  it('delete-subscription removes only that filter', () => {
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-subscription', subscription: subscription('c1', 'a') },
      { op: 'put-subscription', subscription: subscription('c1', 'b') }])
    store.commit([{ op: 'delete-subscription', clientId: 'c1', filter: 'a' }, { op: 'delete-subscription', clientId: 'c1', filter: 'nope' }])
    expect(store.load(1_000).subscriptions.map((s) => s.filter)).toEqual(['b'])
  })

  it('put-delivery on an existing id moves it through the QoS 2 states', () => {
    store.commit(seedClient('c1', 1, 1))
    const states = [
      { state: 'awaiting-pubrec', packetId: 5 }, { state: 'awaiting-pubcomp', packetId: 5 }, { state: 'awaiting-puback', packetId: 6 },
    ] as const
    for (const next of states) {
      store.commit([{ op: 'put-delivery', delivery: delivery(1, 'c1', 1, next) }])
      expect(store.load(1_000).deliveries).toEqual([delivery(1, 'c1', 1, next)])
    }
  })

  it('a fresh put-delivery is inserted, and a put of a delivery no commit held is inserted too', () => {
    store.commit([...seedClient('c1', 1, 1), { op: 'put-message', message: message(2) }, { op: 'put-delivery', fresh: true, delivery: delivery(2, 'c1', 2, { state: 'awaiting-pubcomp', packetId: 3 }) }])
    // Not fresh, but its first commit failed (so no row): still inserted.
    store.commit([{ op: 'put-message', message: message(3) }, { op: 'put-delivery', fresh: false, delivery: delivery(3, 'c1', 3) }])
    expect(store.load(1_000).deliveries.map((d) => [d.id, d.state])).toEqual([[1, 'queued'], [2, 'awaiting-pubcomp'], [3, 'queued']])
  })

  it('delete-delivery removes only that delivery, and its message is no longer loaded', () => {
    store.commit([...seedClient('c1', 1, 1), { op: 'put-message', message: message(2) }, { op: 'put-delivery', delivery: delivery(2, 'c1', 2) }])
    store.commit([{ op: 'delete-delivery', id: 1 }, { op: 'delete-delivery', id: 99 }])
    const state = store.load(1_000)
    expect(state.deliveries.map((d) => d.id)).toEqual([2])
    expect(state.messages.map((m) => m.id)).toEqual([2])
  })

  it('add-inbound-qos2 is idempotent and delete-inbound-qos2 removes only that id', () => {
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'add-inbound-qos2', clientId: 'c1', packetId: 1 },
      { op: 'add-inbound-qos2', clientId: 'c1', packetId: 1 }, { op: 'add-inbound-qos2', clientId: 'c1', packetId: 2 }])
    store.commit([{ op: 'delete-inbound-qos2', clientId: 'c1', packetId: 1 }])
    expect(store.load(1_000).inboundQos2).toEqual([{ clientId: 'c1', packetId: 2 }])
  })

  it('put-retained replaces the message of its topic, and delete-retained removes it', () => {
    store.commit([{ op: 'put-retained', message: message(1, { topic: 'r/a' }) }, { op: 'put-retained', message: message(2, { topic: 'r/b' }) }])
    store.commit([{ op: 'put-retained', message: message(3, { topic: 'r/a', payload: Uint8Array.of(3) }) }, { op: 'delete-retained', topic: 'r/b' }])
    expect(store.load(1_000).retained).toEqual([message(3, { topic: 'r/a', payload: Uint8Array.of(3) })])
  })

  it('delete-session also removes its subscriptions, deliveries and inbound QoS 2 ids, and nothing of other sessions', () => {
    store.commit([...seedClient('gone', 1, 1), ...seedClient('kept', 2, 2)])
    store.commit([{ op: 'delete-session', clientId: 'gone' }])
    reopen()
    const state = store.load(1_000)
    expect(state.sessions.map((s) => s.clientId)).toEqual(['kept'])
    expect(state.subscriptions.map((s) => s.clientId)).toEqual(['kept'])
    expect(state.deliveries.map((d) => d.clientId)).toEqual(['kept'])
    expect(state.inboundQos2.map((i) => i.clientId)).toEqual(['kept'])
    expect(state.messages.map((m) => m.id)).toEqual([2])
  })

  it("clear-deliveries removes the client's queued and inflight deliveries and keeps the rest", () => {
    store.commit([...seedClient('c1', 1, 1), ...seedClient('c2', 2, 2),
      { op: 'put-delivery', delivery: delivery(3, 'c1', 2, { state: 'awaiting-puback', packetId: 1 }) }])
    store.commit([{ op: 'clear-deliveries', clientId: 'c1' }])
    const state = store.load(1_000)
    expect(state.deliveries.map((d) => d.id)).toEqual([2])
    expect(state.sessions.map((s) => s.clientId)).toEqual(['c1', 'c2'])
    expect(state.subscriptions.map((s) => s.clientId)).toEqual(['c1', 'c2'])
  })

  it('load returns deliveries in id order, whatever order they were stored in', () => {
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-message', message: message(1) }])
    for (const id of [5, 2, 9, 1]) store.commit([{ op: 'put-delivery', delivery: delivery(id, 'c1', 1) }])
    store.commit([{ op: 'put-delivery', delivery: delivery(2, 'c1', 1, { state: 'awaiting-puback', packetId: 3 }) }])
    expect(store.load(1_000).deliveries.map((d) => d.id)).toEqual([1, 2, 5, 9])
  })

  it('load returns only the messages a delivery refers to', () => {
    store.commit([...seedClient('c1', 1, 1), { op: 'put-message', message: message(2) }])
    expect(store.load(1_000).messages.map((m) => m.id)).toEqual([1])
  })

  it('lastMessageId and lastDeliveryId never go down: not after deletes, prune or a restart, and count retained ids', () => {
    store.commit([...seedClient('c1', 10, 20), { op: 'put-retained', message: message(15, { topic: 'r' }) }])
    store.commit([{ op: 'put-message', message: message(3) }, { op: 'put-delivery', delivery: delivery(4, 'c1', 3) }])
    store.commit([{ op: 'delete-session', clientId: 'c1' }, { op: 'delete-retained', topic: 'r' }])
    store.prune(1_000)
    reopen()
    const state = store.load(1_000)
    expect([state.lastMessageId, state.lastDeliveryId]).toEqual([15, 20])
    expect([state.messages.length, state.deliveries.length, state.retained.length]).toEqual([0, 0, 0])
  })

  it.each([
    ['disconnected, expiry passed', { disconnectedAt: 1_000, expiryIntervalS: 60 }, 61_001, false],
    ['disconnected, expiry ends exactly now', { disconnectedAt: 1_000, expiryIntervalS: 60 }, 61_000, false],
    ['disconnected, expiry not yet passed', { disconnectedAt: 1_000, expiryIntervalS: 60 }, 60_999, true],
    ['disconnected, interval "never"', { disconnectedAt: 1_000, expiryIntervalS: NEVER }, 1e12, true],
    ['still connected at the crash (counts from the restart)', { disconnectedAt: null, expiryIntervalS: 60 }, 1e12, true],
    ['still connected at the crash, interval 0 (ended with its connection)', { disconnectedAt: null, expiryIntervalS: 0 }, 2_000, false],
  ] as const)('session expiry at load: %s', (_case, over, now, kept) => {
    store.commit([...seedClient('c1', 1, 1), { op: 'put-session', session: session('c1', over) }])
    reopen()
    const state = store.load(now)
    expect(state.sessions.length).toBe(kept ? 1 : 0)
    expect([state.subscriptions.length, state.deliveries.length, state.inboundQos2.length, state.messages.length]).toEqual(kept ? [1, 1, 1, 1] : [0, 0, 0, 0])
  })

  it('a session dropped at load stays deleted with its data, and the others are untouched', () => {
    store.commit([...seedClient('old', 1, 1), ...seedClient('new', 2, 2)])
    store.commit([{ op: 'put-session', session: session('old', { disconnectedAt: 0, expiryIntervalS: 1 }) }])
    store.load(5_000)
    reopen()
    const state = store.load(0)
    expect(state.sessions.map((s) => s.clientId)).toEqual(['new'])
    expect(state.deliveries.map((d) => d.clientId)).toEqual(['new'])
    expect(state.lastDeliveryId).toBe(2)
  })

  it('load still returns expired messages (the broker counts them as dropped)', () => {
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-message', message: message(1, { expiresAt: 10 }) },
      { op: 'put-delivery', delivery: delivery(1, 'c1', 1) }, { op: 'put-retained', message: message(2, { topic: 'r', expiresAt: 10 }) }])
    const state = store.load(1_000)
    expect([state.messages.map((m) => m.id), state.retained.map((m) => m.id)]).toEqual([[1], [2]])
  })

  it('prune deletes unreferenced messages and expired retained messages, and returns how many went', () => {
    store.commit([
      ...seedClient('c1', 1, 1),
      { op: 'put-message', message: message(3, { expiresAt: 10 }) }, // expired but still referenced: stays
      { op: 'put-delivery', delivery: delivery(3, 'c1', 3) },
      { op: 'put-retained', message: message(4, { topic: 'r/old', expiresAt: 500 }) },
      { op: 'put-retained', message: message(5, { topic: 'r/now', expiresAt: 1_000 }) },
      { op: 'put-retained', message: message(6, { topic: 'r/later', expiresAt: 1_001 }) },
      { op: 'put-retained', message: message(7, { topic: 'r/never' }) },
    ])
    store.commit([{ op: 'delete-delivery', id: 1 }]) // message 1 is now unreferenced too
    expect(store.prune(1_000)).toBe(3)
    expect(store.prune(1_000)).toBe(0)
    reopen()
    const state = store.load(1_000)
    expect(state.messages.map((m) => m.id)).toEqual([3])
    expect(state.retained.map((m) => m.topic)).toEqual(['r/later', 'r/never'])
  })

  it('the ops of one batch may come in any order: references are checked when the batch is complete', () => {
    store.commit([{ op: 'put-delivery', delivery: delivery(1, 'c1', 1) }, { op: 'put-message', message: message(1) },
      { op: 'put-session', session: session('c1') }])
    expect(store.load(1_000).deliveries.map((d) => d.id)).toEqual([1])
  })

  it('a batch whose 3rd op refers to a missing message throws and leaves nothing of the batch', () => {
    store.commit(seedClient('c1', 1, 1))
    const before = store.load(1_000)
    const batch: StoreOp[] = [
      { op: 'put-session', session: session('c2') },
      { op: 'put-message', message: message(2) },
      { op: 'put-delivery', delivery: delivery(2, 'c2', 99) },
      { op: 'delete-session', clientId: 'c1' },
      { op: 'put-retained', message: message(3, { topic: 'r' }) },
    ]
    expect(() => store.commit(batch)).toThrow(/missing/)
    reopen()
    expect(store.load(1_000)).toEqual(before)
  })

  it('a subscription of a session that is not stored is refused', () => {
    expect(() => store.commit([{ op: 'put-subscription', subscription: subscription('ghost', 'a') }])).toThrow(/missing/)
    expect(store.load(1_000).subscriptions).toEqual([])
  })

  it('the store keeps working after a failed batch', () => {
    expect(() => store.commit([{ op: 'put-delivery', delivery: delivery(1, 'ghost', 1) }])).toThrow()
    store.commit(seedClient('c1', 1, 1))
    expect(store.load(1_000).deliveries.map((d) => d.id)).toEqual([1])
  })
})
