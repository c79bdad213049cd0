// The history store on real SQLite files: keyset pages, topic and subtree matching, previews, properties,
// pruning by age and budget with counters, deletions, reopening, corrupt files, and a printed throughput figure.
import type { MessageProperties } from '../../../../shared/model/message-properties'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HistoryStore, MAX_PAGE_MESSAGES, type HistoryStoreOptions, type NewHistoryMessage } from '../../../../electron/core/history/history-store'
import { HISTORY_SCHEMA_VERSION, PAYLOAD_HEAD_BYTES } from '../../../../electron/core/history/history-schema'
import type { HistoryCursor, HistoryMessage, HistoryPageRequest } from '../../../../shared/model/history'
import { makeTempDir } from '../../../support/temp-dir'

const T0 = Date.UTC(2026, 0, 1)
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0)
const BIG = { budgetBytes: 1 << 30, maxAgeMs: null }

function msg(overrides: Partial<NewHistoryMessage> = {}): NewHistoryMessage {
  return { connectionId: 'c1', topic: 'a/b', payload: new TextEncoder().encode('hello'), qos: 0, retain: false, dup: false,
    packetId: null, properties: null, receivedAt: T0, ...overrides }
}

/** Follows `before` cursors to the end and returns every message seen, in page order. */
function pageAll(store: HistoryStore, req: Omit<HistoryPageRequest, 'before'>): HistoryMessage[] {
  const seen: HistoryMessage[] = []
  let before: HistoryCursor | null = null
  for (;;) {
    const page = store.page({ ...req, before })
    seen.push(...page.messages)
    if (!page.hasMore) return seen
    before = page.nextCursor
  }
}

const byKeyDesc = (a: HistoryMessage, b: HistoryMessage) => b.receivedAt - a.receivedAt || b.id - a.id

describe('HistoryStore', () => {
  let dir: ReturnType<typeof makeTempDir>
  let path: string
  const opened: HistoryStore[] = []
  const open = (options: HistoryStoreOptions = BIG) => {
    const result = HistoryStore.open(path, { now: () => NOW, ...options })
    opened.push(result.store)
    return result
  }

  beforeEach(() => {
    dir = makeTempDir()
    path = join(dir.path, 'history.sqlite')
  })
  afterEach(() => {
    for (const store of opened.splice(0)) {
      try { store.close() } catch { /* closed by the test */ }
    }
    dir.remove()
  })

  describe('pages', () => {
    it('pages newest first with keyset cursors: no duplicates, no gaps, stable with equal timestamps', () => {
      const { store } = open()
      // Seven messages share each timestamp; another topic and another connection interleave.
      store.append(Array.from({ length: 250 }, (_, i) => msg({ receivedAt: T0 + Math.floor(i / 7), payload: Uint8Array.of(i % 256) })))
      store.append(Array.from({ length: 50 }, (_, i) => msg({ topic: i % 2 ? 'a/c' : 'a/b', connectionId: i % 2 ? 'c1' : 'c2', receivedAt: T0 + i })))
      const expected = pageAll(store, { connectionId: 'c1', topic: 'a/b', limit: MAX_PAGE_MESSAGES })
      expect(expected).toHaveLength(250)

      const seen = pageAll(store, { connectionId: 'c1', topic: 'a/b', limit: 40 })

      expect(seen.map((m) => m.id)).toEqual(expected.map((m) => m.id))
      expect(new Set(seen.map((m) => m.id)).size).toBe(250)
      expect([...seen].sort(byKeyDesc)).toEqual(seen)
    })

    it('keeps paging back unaffected by messages appended between pages', () => {
      const { store } = open()
      store.append(Array.from({ length: 30 }, (_, i) => msg({ receivedAt: T0 + i })))
      const first = store.page({ connectionId: 'c1', topic: 'a/b', limit: 10 })
      store.append([msg({ receivedAt: T0 + 5 }), msg({ receivedAt: T0 + 100 })])

      const second = store.page({ connectionId: 'c1', topic: 'a/b', limit: 10, before: first.nextCursor })

      expect(second.messages.map((m) => m.receivedAt)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10].map((i) => T0 + i))
      expect(second.hasMore).toBe(true)
    })

    it('pages forward with `after`: the oldest newer messages, newest first, cursor on the newest', () => {
      const { store } = open()
      store.append(Array.from({ length: 30 }, (_, i) => msg({ receivedAt: T0 + i })))
      const all = pageAll(store, { connectionId: 'c1', topic: 'a/b', limit: 100 })
      const from = all[20]! // receivedAt T0 + 9

      const page = store.page({ connectionId: 'c1', topic: 'a/b', limit: 5, after: { receivedAt: from.receivedAt, id: from.id } })
      const next = store.page({ connectionId: 'c1', topic: 'a/b', limit: 50, after: page.nextCursor })

      expect(page.messages.map((m) => m.receivedAt - T0)).toEqual([14, 13, 12, 11, 10])
      expect(page.hasMore).toBe(true)
      expect(page.nextCursor).toEqual({ receivedAt: T0 + 14, id: page.messages[0]!.id })
      expect(next.messages.map((m) => m.receivedAt - T0)).toEqual([29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15])
      expect(next.hasMore).toBe(false)
    })

    it('gives totalForTopic on a first page only, and an empty page with a null cursor', () => {
      const { store } = open()
      store.append(Array.from({ length: 12 }, (_, i) => msg({ receivedAt: T0 + i })))
      const first = store.page({ connectionId: 'c1', topic: 'a/b', limit: 5 })
      expect(first.totalForTopic).toBe(12)
      expect(store.page({ connectionId: 'c1', topic: 'a/b', limit: 5, before: first.nextCursor }).totalForTopic).toBeUndefined()
      expect(store.page({ connectionId: 'c1', topic: 'nothing', limit: 5 })).toEqual({ messages: [], hasMore: false, nextCursor: null, totalForTopic: 0 })
    })

    it.each([0, MAX_PAGE_MESSAGES + 1, 1.5])('rejects a limit of %s as a bad request', (limit) => {
      const { store } = open()
      expect(() => store.page({ connectionId: 'c1', topic: 'a/b', limit })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    })
  })

  describe('topics', () => {
    const TOPICS = ['a/b', 'a/b/c', 'a/b/c/d', 'a/b/', 'a/bc', 'a/b-c', 'a/b.x', 'a', 'x/a/b']
    const topicsOf = (messages: HistoryMessage[]) => [...new Set(messages.map((m) => m.topic))].sort()

    it.each([
      ['exactly', false, ['a/b']],
      ['with its subtree', true, ['a/b', 'a/b/', 'a/b/c', 'a/b/c/d']],
    ])('matches a topic %s, one connection only', (_name, includeSubtopics, expected) => {
      const { store } = open()
      store.append(TOPICS.map((topic, i) => msg({ topic, receivedAt: T0 + i })))
      store.append([msg({ connectionId: 'c2', topic: 'a/b/c' })])
      expect(topicsOf(pageAll(store, { connectionId: 'c1', topic: 'a/b', includeSubtopics, limit: 3 }))).toEqual(expected)
    })

    it('finds a sparse subtree behind many newer messages of other topics, newest first', () => {
      const { store } = open()
      store.append(Array.from({ length: 30 }, (_, i) => msg({ topic: i % 2 ? 'home/x' : 'home/x/y', receivedAt: T0 + i })))
      store.append(Array.from({ length: 3000 }, (_, i) => msg({ topic: `noise/${i % 10}`, receivedAt: T0 + 100 + i })))

      const seen = pageAll(store, { connectionId: 'c1', topic: 'home/x', includeSubtopics: true, limit: 4 })

      expect(seen.map((m) => m.receivedAt - T0)).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i))
      expect(store.page({ connectionId: 'c1', topic: 'home/x', includeSubtopics: true, limit: 4 }).totalForTopic).toBe(30)
    })

    it('pages a subtree forward with `after`, and within a window of `before` and `after`', () => {
      const { store } = open()
      store.append(Array.from({ length: 40 }, (_, i) => msg({ topic: ['p', 'p/q', 'pq', 'p/q/r'][i % 4], receivedAt: T0 + i })))
      const all = pageAll(store, { connectionId: 'c1', topic: 'p', includeSubtopics: true, limit: 7 })
      const key = (m: HistoryMessage): HistoryCursor => ({ receivedAt: m.receivedAt, id: m.id })
      expect(all).toHaveLength(30)

      const forward = store.page({ connectionId: 'c1', topic: 'p', includeSubtopics: true, limit: 4, after: key(all[10]!) })
      const window = store.page({ connectionId: 'c1', topic: 'p', includeSubtopics: true, limit: 100, before: key(all[3]!), after: key(all[9]!) })

      expect(forward.messages.map((m) => m.id)).toEqual(all.slice(6, 10).map((m) => m.id))
      expect(forward).toMatchObject({ hasMore: true, nextCursor: key(all[6]!) })
      expect(window.messages.map((m) => m.id)).toEqual(all.slice(4, 9).map((m) => m.id))
      expect(window).toMatchObject({ hasMore: false, nextCursor: key(all[8]!) })
    })

    it("treats '%' and '_' as plain characters (no LIKE pattern)", () => {
      const { store } = open()
      store.append(['s/%', 's/%/deep', 's/_', 's/a', 's/ab', 's/%x'].map((topic) => msg({ topic })))
      expect(topicsOf(pageAll(store, { connectionId: 'c1', topic: 's/%', limit: 10 }))).toEqual(['s/%'])
      expect(topicsOf(pageAll(store, { connectionId: 'c1', topic: 's/%', includeSubtopics: true, limit: 10 }))).toEqual(['s/%', 's/%/deep'])
      expect(topicsOf(pageAll(store, { connectionId: 'c1', topic: 's/_', includeSubtopics: true, limit: 10 }))).toEqual(['s/_'])
    })
  })

  describe('payloads and properties', () => {
    it.each([
      ['cut', 10, 10, true],
      ['zero bytes', 0, 0, true],
      ['as long as the payload', 1000, 1000, false],
      ['longer than the payload', 5000, 1000, false],
    ])('flags a preview %s as truncated only when bytes are missing', (_name, preview, length, truncated) => {
      const { store } = open()
      const payload = Uint8Array.from({ length: 1000 }, (_, i) => i % 251)
      store.append([msg({ payload })])
      const [got] = store.page({ connectionId: 'c1', topic: 'a/b', limit: 1, payloadPreviewBytes: preview }).messages
      expect(got).toMatchObject({ payloadSize: 1000, truncated })
      expect(got!.payload).toEqual(payload.subarray(0, length))
    })

    it('round-trips a 5 MB payload through get, and previews it from its head', () => {
      const { store } = open()
      const payload = Uint8Array.from({ length: 5 * 1024 * 1024 }, (_, i) => (i * 7919) % 256)
      store.append([msg({ payload })])
      const [preview] = store.page({ connectionId: 'c1', topic: 'a/b', limit: 1, payloadPreviewBytes: PAYLOAD_HEAD_BYTES + 100 }).messages
      const full = store.get(preview!.id)!

      expect(preview!.payload).toEqual(payload.subarray(0, PAYLOAD_HEAD_BYTES + 100))
      expect(preview).toMatchObject({ truncated: true, payloadSize: payload.byteLength })
      expect(full).toMatchObject({ truncated: false, payloadSize: payload.byteLength })
      expect(Buffer.compare(full.payload, payload)).toBe(0)
      expect(Buffer.isBuffer(full.payload)).toBe(false)
      expect(store.get(full.id + 1)).toBeNull()
    })

    it('stores an empty payload and only the bytes of a Buffer view', () => {
      const { store } = open()
      const pooled = Buffer.from('xxhelloyy').subarray(2, 7)
      store.append([msg({ payload: new Uint8Array(0) }), msg({ payload: pooled, receivedAt: T0 + 1 })])
      const [view, empty] = store.page({ connectionId: 'c1', topic: 'a/b', limit: 5 }).messages
      expect(new TextDecoder().decode(view!.payload)).toBe('hello')
      expect(empty).toMatchObject({ payload: new Uint8Array(0), payloadSize: 0, truncated: false })
    })

    it('stores a payload over maxPayloadBytes cut, flagged, with its full size, and counts it', () => {
      const { store } = open({ ...BIG, maxPayloadBytes: 100 })
      store.append([msg({ payload: new Uint8Array(250).fill(7) })])
      const [stored] = store.page({ connectionId: 'c1', topic: 'a/b', limit: 1 }).messages
      expect(store.get(stored!.id)).toMatchObject({ payload: new Uint8Array(100).fill(7), payloadSize: 250, truncated: true })
      expect(store.stats()).toMatchObject({ truncatedOnStore: 1, maxPayloadBytes: 100 })
    })

    it('round-trips properties, Uint8Array fields and "$b64"-named user properties included', () => {
      const { store } = open()
      // `nested` is not an MQTT property: it checks that objects shaped like the encoding's own tags survive.
      const properties = {
        contentType: 'application/json', payloadFormatIndicator: true, messageExpiryIntervalS: 60, subscriptionIds: [1, 2],
        correlationData: Buffer.from('..corr..').subarray(2, 6), responseTopic: 'r/1',
        userProperties: [{ key: 'a', value: '1' }, { key: '$b64', value: 'not bytes' }, { key: 'a', value: '2' }],
        nested: { $esc: { $b64: 'x' } }, lookalike: { $b64: 'not bytes' },
      } as MessageProperties
      store.append([msg({ properties, qos: 2, retain: true, dup: true, packetId: 42 })])
      const [got] = store.page({ connectionId: 'c1', topic: 'a/b', limit: 1 }).messages

      expect(got).toMatchObject({ qos: 2, retain: true, dup: true, packetId: 42, receivedAt: T0 })
      expect(got!.properties).toEqual({ ...properties, correlationData: new TextEncoder().encode('corr') })
      const bytes = got!.properties!.correlationData as Uint8Array
      expect(bytes).toBeInstanceOf(Uint8Array)
      expect(Buffer.isBuffer(bytes)).toBe(false)
    })
  })

  describe('pruning', () => {
    /** Accounted bytes of one msg() row, read from a scratch store. */
    const rowBytes = () => {
      const scratch = HistoryStore.open(join(dir.path, 'scratch.sqlite'), BIG).store
      scratch.append([msg()])
      const { bytes } = scratch.stats()
      scratch.close()
      return bytes
    }

    it('prunes messages older than maxAgeMs and counts them', () => {
      const { store } = open({ budgetBytes: 1 << 30, maxAgeMs: 10_000 })
      store.append(Array.from({ length: 20 }, (_, i) => msg({ receivedAt: NOW - 19_000 + i * 1000 })))

      const result = store.prune(NOW)

      expect(result).toMatchObject({ messages: 9, complete: true })
      expect(store.stats()).toMatchObject({ messages: 11, oldestAt: NOW - 10_000, newestAt: NOW, prunedMessages: 9, prunedBytes: result.bytes })
    })

    it('prunes to the byte budget oldest first (ties by id) with counters', () => {
      const each = rowBytes()
      const { store } = open()
      store.append(Array.from({ length: 15 }, (_, i) => msg({ receivedAt: T0 + Math.floor(i / 2), payload: Uint8Array.of(1, 2, 3, 4, i) })))
      store.configure({ budgetBytes: 10 * each, maxAgeMs: null })

      const result = store.prune(NOW)

      expect(result).toEqual({ messages: 5, bytes: 5 * each, complete: true })
      const left = pageAll(store, { connectionId: 'c1', topic: 'a/b', limit: 100 })
      expect(left.map((m) => m.payload[4]).sort((a, b) => a! - b!)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
      expect(store.stats()).toMatchObject({ messages: 10, bytes: 10 * each, prunedMessages: 5, prunedBytes: 5 * each })
    })

    it('prunes by itself on append only once the budget is passed by more than 10%', () => {
      const each = rowBytes()
      const { store } = open({ budgetBytes: 100 * each, maxAgeMs: null })
      store.append(Array.from({ length: 105 }, (_, i) => msg({ receivedAt: T0 + i })))
      expect(store.stats()).toMatchObject({ messages: 105, prunedMessages: 0 })

      store.append(Array.from({ length: 10 }, (_, i) => msg({ receivedAt: T0 + 105 + i })))

      expect(store.stats()).toMatchObject({ messages: 100, bytes: 100 * each, prunedMessages: 15, oldestAt: T0 + 15 })
    })

    it('stops at maxRows and reports the prune incomplete; the next call finishes', () => {
      const { store } = open({ budgetBytes: 1 << 30, maxAgeMs: 1000 })
      store.append(Array.from({ length: 30 }, (_, i) => msg({ receivedAt: T0 + i })))
      expect(store.prune(NOW, { maxRows: 12 })).toMatchObject({ messages: 12, complete: false })
      expect(store.prune(NOW)).toMatchObject({ messages: 18, complete: true })
      expect(store.stats()).toMatchObject({ messages: 0, bytes: 0, oldestAt: null, newestAt: null, prunedMessages: 30 })
    })
  })

  describe('deletions, stats and reopening', () => {
    it('deletes a topic, a subtree or a connection, without counting them as pruned', () => {
      const { store } = open()
      store.append(['a/b', 'a/b/c', 'a/bc', 'z'].map((topic) => msg({ topic })))
      store.append([msg({ connectionId: 'c2', topic: 'a/b' })])
      const before = store.stats().bytes

      const exact = store.deleteTopic('c1', 'a/b', { subtree: false })
      expect(exact.messages).toBe(1)
      expect(store.deleteTopic('c1', 'a', { subtree: true }).messages).toBe(2) // a/b/c and a/bc
      expect(store.clearConnection('c2').messages).toBe(1)

      expect(pageAll(store, { connectionId: 'c1', topic: 'z', limit: 10 })).toHaveLength(1)
      expect(store.stats()).toMatchObject({ messages: 1, prunedMessages: 0, prunedBytes: 0 })
      expect(store.stats().bytes).toBeLessThan(before - exact.bytes)
    })

    it('reports totals, span and limits, with nulls when empty', () => {
      const { store } = open({ budgetBytes: 5_000_000, maxAgeMs: 3_600_000 })
      expect(store.stats()).toEqual({ messages: 0, bytes: 0, oldestAt: null, newestAt: null, budgetBytes: 5_000_000, maxAgeMs: 3_600_000,
        maxPayloadBytes: 500_000, prunedMessages: 0, prunedBytes: 0, truncatedOnStore: 0 })
      store.append([msg({ receivedAt: NOW - 5 }), msg({ receivedAt: NOW - 9 }), msg({ receivedAt: NOW })])
      expect(store.stats()).toMatchObject({ messages: 3, oldestAt: NOW - 9, newestAt: NOW })
      expect(store.stats().bytes).toBeGreaterThan(3 * 5)
    })

    it('keeps messages and running totals across a reopen', () => {
      const first = open({ budgetBytes: 1 << 30, maxAgeMs: 1000 }).store
      first.append(Array.from({ length: 10 }, (_, i) => msg({ receivedAt: NOW - 5000 + i * 1000 })))
      first.prune(NOW)
      const stats = first.stats()
      first.close()

      const { store, report } = open({ budgetBytes: 1 << 30, maxAgeMs: 1000 })

      expect(report).toEqual({ movedAsideTo: null, reason: null, migratedFrom: null })
      expect(store.stats()).toEqual(stats)
      expect(stats).toMatchObject({ messages: 6, prunedMessages: 4 }) // NOW-5000 … NOW-2000 were older than 1 s
      expect(pageAll(store, { connectionId: 'c1', topic: 'a/b', limit: 2 })).toHaveLength(6)
    })
  })

  describe('opening', () => {
    it('moves a corrupt file (and its -wal) aside, starts empty and says so', () => {
      writeFileSync(path, 'this is not a database, just text that is long enough to look like a header '.repeat(10))
      writeFileSync(`${path}-wal`, 'stale wal')

      const { store, report } = open()

      const moved = `${path}.corrupt-2026-11-29T12-00-00-000Z`
      expect(report).toMatchObject({ movedAsideTo: moved, reason: expect.stringMatching(/not a database/) })
      expect(readFileSync(moved, 'utf8')).toMatch(/^this is not a database/)
      expect(readFileSync(`${moved}-wal`, 'utf8')).toBe('stale wal')
      store.append([msg()])
      expect(store.stats().messages).toBe(1)
    })

    it('moves aside a database damaged in the middle (found by the check at open)', () => {
      const first = open().store
      first.append(Array.from({ length: 2000 }, (_, i) => msg({ topic: `t/${i}`, receivedAt: T0 + i })))
      first.close()
      const bytes = readFileSync(path)
      bytes.fill(0xa5, 8 * 4096, 12 * 4096) // pages 9 to 12 of the table and its indexes
      writeFileSync(path, bytes)

      const { store, report } = open()

      expect(report.movedAsideTo).toBe(`${path}.corrupt-2026-11-29T12-00-00-000Z`)
      expect(report.reason).toMatch(/quick_check|malformed/)
      expect(store.stats().messages).toBe(0)
    })

    it('moves aside a database that is not ours, with a -2 suffix when the name is taken', () => {
      const db = new DatabaseSync(path)
      db.exec('CREATE TABLE other (x)')
      db.close()
      writeFileSync(`${path}.corrupt-2026-11-29T12-00-00-000Z`, 'an earlier one')
      const { report } = open()
      expect(report).toMatchObject({ movedAsideTo: `${path}.corrupt-2026-11-29T12-00-00-000Z-2`, reason: expect.stringMatching(/not a Topicscope history/) })
    })

    it('refuses a file written by a newer schema and leaves it untouched', () => {
      const db = new DatabaseSync(path)
      db.exec(`PRAGMA user_version = ${HISTORY_SCHEMA_VERSION + 1}`)
      db.close()
      expect(() => open()).toThrow(/newer Topicscope/)
      expect(readdirSync(dir.path)).toEqual(['history.sqlite'])
    })

    it('throws, moving nothing, when the file cannot be created', () => {
      writeFileSync(join(dir.path, 'not-a-folder'), '')
      path = join(dir.path, 'not-a-folder', 'history.sqlite')
      expect(() => open()).toThrow(/EEXIST|ENOTDIR/)
      expect(readdirSync(dir.path)).toEqual(['not-a-folder'])
    })
  })

  it('measures append throughput (printed, not asserted)', () => {
    const { store } = open({ budgetBytes: 1 << 30, maxAgeMs: null })
    const payload = new Uint8Array(100).fill(0x61)
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 500 }, (_, i) =>
      msg({ topic: `bench/device-${(b * 500 + i) % 97}/state`, payload, receivedAt: T0 + b * 500 + i })))
    const started = performance.now()
    for (const batch of batches) store.append(batch)
    const ms = performance.now() - started
    console.log(`history append: 10000 messages of 100 bytes in batches of 500: ${ms.toFixed(1)} ms (${Math.round(10_000 / (ms / 1000))} msg/s)`)
    expect(store.stats().messages).toBe(10_000)
  })
})
