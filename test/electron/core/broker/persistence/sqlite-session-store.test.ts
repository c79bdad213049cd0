// SQLite-only behaviour of the session store: connection settings, corrupt files moved aside (or refused
// when strict), schema migrations and newer schemas, write failures named by cause, and a commit that
// survives kill -9. The behaviours both stores share are in session-store.test.ts.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { buildSync } from 'esbuild'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteSessionStore, type SqliteStoreOptions } from '../../../../../electron/core/broker/persistence/sqlite-session-store'
import type { StoreOp } from '../../../../../electron/core/broker/persistence/session-store'
import { delivery, message, session, subscription } from './store-fixtures'

/** 2026-01-02T03:04:05.678Z, the clock of every open here. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
const MOVED_SUFFIX = '.corrupt-2026-01-02T03-04-05-678Z'
/** Root writes through chmod, so permission tests use other ways to make writes fail there. */
const IS_ROOT = process.getuid?.() === 0

/** The v1 schema as that build wrote it (no subscription ids, no message expiry), frozen here on purpose. */
const V1_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('last_message_id', 0), ('last_delivery_id', 0);
CREATE TABLE sessions (client_id TEXT PRIMARY KEY, expiry_interval_s INTEGER NOT NULL, disconnected_at INTEGER,
  protocol_version INTEGER NOT NULL, username TEXT, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE subscriptions (client_id TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  filter TEXT NOT NULL, qos INTEGER NOT NULL, no_local INTEGER NOT NULL, retain_as_published INTEGER NOT NULL,
  retain_handling INTEGER NOT NULL, subscription_id INTEGER, PRIMARY KEY (client_id, filter)) WITHOUT ROWID;
CREATE TABLE messages (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL,
  retain INTEGER NOT NULL, properties_json TEXT, publisher TEXT, received_at INTEGER NOT NULL);
CREATE TABLE deliveries (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  message_id INTEGER NOT NULL REFERENCES messages (id) DEFERRABLE INITIALLY DEFERRED, qos INTEGER NOT NULL,
  retain INTEGER NOT NULL, state TEXT NOT NULL, packet_id INTEGER);
CREATE INDEX deliveries_by_client ON deliveries (client_id, id);
CREATE INDEX deliveries_by_message ON deliveries (message_id);
CREATE TABLE inbound_qos2 (client_id TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  packet_id INTEGER NOT NULL, PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID;
CREATE TABLE retained (topic TEXT PRIMARY KEY, message_id INTEGER NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL,
  retain INTEGER NOT NULL, properties_json TEXT, publisher TEXT, received_at INTEGER NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 1;
`

let dir: string
let path: string
const open = (over: Partial<SqliteStoreOptions> = {}) =>
  SqliteSessionStore.open(path, { durability: 'process', strict: false, now: () => NOW, ...over })

/** A closed database with one client's data, large enough to span many pages. */
function writeRealDatabase(): void {
  const { store } = open()
  const ops: StoreOp[] = [{ op: 'put-session', session: session('c1') }]
  // Each message with a delivery: a message nothing refers to never leaves the batch log for the tables.
  for (let id = 1; id <= 200; id++) ops.push({ op: 'put-message', message: message(id, { payload: new Uint8Array(500) }) }, { op: 'put-delivery', delivery: delivery(id, 'c1', id) })
  store.commit(ops)
  store.close()
}

/** Runs one statement on the file through a connection of its own. */
function peek<T>(sql: string): T {
  const db = new DatabaseSync(path)
  try {
    return db.prepare(sql).get() as T
  } finally {
    db.close()
  }
}

const columnsOf = (db: DatabaseSync, table: string): string[] =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name).sort()

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'topicscope-sqlite-'))
  path = join(dir, 'broker.sqlite')
})
afterEach(() => {
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

describe('SqliteSessionStore: connection settings', () => {
  it('a new file is in WAL mode with synchronous NORMAL for durability "process", foreign keys on and an empty report', () => {
    const { store, report } = open()
    expect(store.diagnostics()).toEqual({ path, schemaVersion: 3, journalMode: 'wal', synchronous: 'NORMAL', foreignKeys: true })
    expect(report).toEqual({ movedAsideTo: null, reason: null, migratedFrom: null, batchLogDamage: null })
    store.close()
    expect(peek<{ journal_mode: string }>('PRAGMA journal_mode').journal_mode).toBe('wal')
  })

  it('durability "power" sets synchronous FULL', () => {
    const { store } = open({ durability: 'power' })
    expect(store.diagnostics().synchronous).toBe('FULL')
    store.close()
  })

  it('reopening a current file reports the version it found', () => {
    open().store.close()
    const { store, report } = open()
    expect(report).toEqual({ movedAsideTo: null, reason: null, migratedFrom: 3, batchLogDamage: null })
    store.close()
  })
})

describe('SqliteSessionStore: corrupt or unreadable files', () => {
  const CASES = [
    ['garbage bytes', () => writeFileSync(path, 'not a database '.repeat(300)), /SQLITE_NOTADB: file is not a database/],
    ['a truncated database', () => { writeRealDatabase(); truncateSync(path, Math.floor(statSync(path).size / 2)) }, /SQLITE_CORRUPT|quick_check/],
    ['a SQLite file of another program', () => { const db = new DatabaseSync(path); db.exec('CREATE TABLE notes (x)'); db.close() }, /not a Topicscope store/],
  ] as const

  it.each(CASES)('%s: moved aside as <name>.corrupt-<time>, the store starts empty and the report says why', (_case, damage, reason) => {
    damage()
    const bytes = readFileSync(path)
    const { store, report } = open()
    expect(report).toEqual({ movedAsideTo: path + MOVED_SUFFIX, reason: expect.stringMatching(reason), migratedFrom: null, batchLogDamage: null })
    expect(readFileSync(path + MOVED_SUFFIX)).toEqual(bytes)
    expect(store.load(NOW).sessions).toEqual([])
    store.commit([{ op: 'put-session', session: session('fresh') }])
    store.close()
    expect(open().store.load(NOW).sessions.map((s) => s.clientId)).toEqual(['fresh'])
  })

  it.each(CASES)('%s with strict: open throws naming the file and the reason, and the file is untouched', (_case, damage, reason) => {
    damage()
    const bytes = readFileSync(path)
    expect(() => open({ strict: true })).toThrow(new RegExp(`${path}.*${reason.source}`))
    expect(readFileSync(path)).toEqual(bytes)
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
  })

  it('its -wal and -shm files move with it, keeping their suffixes, and the WAL is not changed', () => {
    writeFileSync(path, 'not a database '.repeat(300))
    writeFileSync(`${path}-wal`, 'wal bytes')
    writeFileSync(`${path}-shm`, 'shm bytes') // an index SQLite rebuilds from the WAL: it may be rewritten
    open().store.close()
    expect(readFileSync(`${path}${MOVED_SUFFIX}-wal`, 'utf8')).toBe('wal bytes')
    expect(existsSync(`${path}${MOVED_SUFFIX}-shm`)).toBe(true)
  })

  it('with strict, its -wal file is left untouched too', () => {
    writeFileSync(path, 'not a database '.repeat(300))
    writeFileSync(`${path}-wal`, 'wal bytes')
    expect(() => open({ strict: true })).toThrow(/SQLITE_NOTADB/)
    expect(readFileSync(`${path}-wal`, 'utf8')).toBe('wal bytes')
  })
})

describe('SqliteSessionStore: schema versions', () => {
  it('a v1 file is migrated to the current version with its data kept and the new columns filled with defaults', () => {
    const db = new DatabaseSync(path)
    db.exec(V1_SCHEMA)
    db.exec(`INSERT INTO sessions VALUES ('c1', 60, 1000, 4, 'alice', 10);
      INSERT INTO subscriptions VALUES ('c1', 'a/#', 1, 0, 0, 0, NULL);
      INSERT INTO messages VALUES (5, 'a/b', X'0102', 1, 0, NULL, 'p', 20);
      INSERT INTO deliveries VALUES (8, 'c1', 5, 1, 0, 'awaiting-puback', 3);
      INSERT INTO retained VALUES ('r', 6, X'03', 0, 1, NULL, NULL, 30);
      UPDATE meta SET value = 6 WHERE key = 'last_message_id'; UPDATE meta SET value = 9 WHERE key = 'last_delivery_id';`)
    db.close()
    const { store, report } = open()
    expect(report.migratedFrom).toBe(1)
    expect(store.diagnostics().schemaVersion).toBe(3)
    expect(store.load(2_000)).toEqual({
      sessions: [session('c1', { expiryIntervalS: 60, disconnectedAt: 1000, protocolVersion: 4, username: 'alice', createdAt: 10 })],
      subscriptions: [subscription('c1', 'a/#')],
      messages: [message(5, { topic: 'a/b', payload: Uint8Array.of(1, 2), publisher: 'p', receivedAt: 20 })],
      deliveries: [delivery(8, 'c1', 5, { state: 'awaiting-puback', packetId: 3 })],
      inboundQos2: [],
      retained: [message(6, { topic: 'r', payload: Uint8Array.of(3), qos: 0, retain: true, receivedAt: 30 })],
      lastMessageId: 6,
      lastDeliveryId: 9,
    })
    store.close()
  })

  it('a migrated file has the same columns as a new one', () => {
    const old = new DatabaseSync(path)
    old.exec(V1_SCHEMA)
    old.close()
    open().store.close()
    const freshPath = join(dir, 'fresh.sqlite')
    SqliteSessionStore.open(freshPath, { durability: 'process', strict: true }).store.close()
    const migrated = new DatabaseSync(path)
    const fresh = new DatabaseSync(freshPath)
    for (const table of ['meta', 'sessions', 'subscriptions', 'messages', 'deliveries', 'inbound_qos2', 'retained']) {
      expect(columnsOf(migrated, table)).toEqual(columnsOf(fresh, table))
    }
    migrated.close()
    fresh.close()
  })

  it.each([false, true])('a file from a newer build is refused (strict %s): not moved aside, not changed', (strict) => {
    writeRealDatabase()
    const db = new DatabaseSync(path)
    db.exec('PRAGMA user_version = 4')
    db.close()
    expect(() => open({ strict })).toThrow(/has schema version 4, but this build of Topicscope reads schema version 3/)
    expect(peek<{ user_version: number }>('PRAGMA user_version').user_version).toBe(4)
    expect(peek<{ n: number }>('SELECT COUNT(*) AS n FROM messages').n).toBe(200)
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
  })
})

describe('SqliteSessionStore: write failures', () => {
  it('a directory that cannot be created (a file is in its place) is refused at open', () => {
    writeFileSync(join(dir, 'blocker'), 'x')
    path = join(dir, 'blocker', 'data', 'broker.sqlite')
    expect(() => open()).toThrow(`cannot write ${join(dir, 'blocker', 'data')}: ENOTDIR`)
  })

  it.skipIf(IS_ROOT)('a read-only directory is refused at open', () => {
    chmodSync(dir, 0o555)
    expect(() => open()).toThrow(`cannot write ${dir}: EACCES`)
  })

  it.skipIf(IS_ROOT)('a read-only file is refused at open', () => {
    writeRealDatabase()
    chmodSync(path, 0o444)
    expect(() => open()).toThrow(`cannot write ${path}: EACCES`)
  })

  it('a store that cannot write (opened read-only): commit and prune throw SQLITE_READONLY and the data is kept', () => {
    writeRealDatabase()
    const { store } = open({ readOnly: true })
    expect(() => store.commit([{ op: 'delete-session', clientId: 'c1' }])).toThrow(/^SQLITE_READONLY: .* — commit of 1 op\(s\) to /)
    expect(() => store.prune(NOW)).toThrow(/^SQLITE_READONLY/)
    expect(store.load(NOW).sessions.map((s) => s.clientId)).toEqual(['c1'])
    store.close()
  })

  it('a full disk: a batch the log cannot hold is refused with ENOSPC, what was stored stays, and a smaller batch still fits', () => {
    const { store } = open({ maxDatabaseBytes: 64 * 1024 })
    store.commit([{ op: 'put-retained', message: message(1, { topic: 'r/small' }) }])
    expect(() => store.commit([{ op: 'put-retained', message: message(2, { topic: 'r/big', payload: new Uint8Array(200_000) }) }]))
      .toThrow(/^ENOSPC: no space left on device: the batch log would pass its cap of 65536 bytes — commit of 1 op\(s\) to /)
    store.commit([{ op: 'put-retained', message: message(3, { topic: 'r/next' }) }])
    expect(store.load(NOW).retained.map((m) => m.topic)).toEqual(['r/next', 'r/small'])
    store.close()
  })

  it('tables that cannot take the log (SQLITE_FULL): the failure is reported, later commits are refused, and nothing logged is lost', () => {
    const failures: Error[] = []
    const { store } = open({ applyBytes: 1, onApplyFailure: (e) => failures.push(e) })
    store.commit([{ op: 'put-retained', message: message(1, { topic: 'r/kept' }) }])
    store.close()
    // Reopened with tables that may not grow: the next commit is logged, then cannot be applied.
    const capped = open({ applyBytes: 1, maxDatabaseBytes: statSync(path).size, onApplyFailure: (e) => failures.push(e) }).store
    capped.commit([{ op: 'put-retained', message: message(2, { topic: 'r/logged', payload: new Uint8Array(20_000) }) }])
    expect(failures.map((e) => e.message)).toEqual([expect.stringMatching(/^SQLITE_FULL: database or disk is full — applying the batch log to /)])
    expect(() => capped.commit([{ op: 'put-retained', message: message(3, { topic: 'r/refused' }) }])).toThrow(/^SQLITE_FULL: .* — commit of 1 op\(s\) to /)
    capped.close()
    // With room again, the logged batch reaches the tables; the refused one never was.
    const { store: roomy } = open()
    expect(roomy.load(NOW).retained.map((m) => m.topic)).toEqual(['r/kept', 'r/logged'])
    roomy.close()
  })

  it('a broken reference is refused at commit, naming the tables involved, and nothing of the batch is kept', () => {
    const { store } = open()
    expect(() => store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-delivery', delivery: delivery(1, 'c1', 99) }]))
      .toThrow(/^SQLITE_CONSTRAINT: FOREIGN KEY constraint failed \(a deliveries row \(id 1\) refers to a missing messages row \(99\)\)/)
    expect(() => store.commit([{ op: 'put-subscription', subscription: subscription('ghost', 'a') }]))
      .toThrow(/a subscriptions row refers to a missing sessions row \("ghost"\)/)
    store.close()
    expect(open().store.load(NOW).sessions).toEqual([])
  })
})

describe('SqliteSessionStore: crash safety', () => {
  it('a batch whose commit returned survives a SIGKILL right after (durability "process")', () => {
    const bundle = join(dir, 'crash-child.cjs')
    buildSync({ entryPoints: [join(import.meta.dirname, 'crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node24', outfile: bundle, logLevel: 'warning' })
    const child = spawnSync(process.execPath, [bundle, path, '1000'], { encoding: 'utf8', timeout: 10_000 })
    expect([child.signal, child.stdout, child.stderr]).toEqual(['SIGKILL', 'committed\n', ''])
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0) // the batch was in the WAL only, never checkpointed
    const { store } = open({ strict: true })
    const state = store.load(NOW)
    expect([state.sessions.length, state.messages.length, state.deliveries.length, state.lastDeliveryId]).toEqual([1, 1000, 1000, 1000])
    store.close()
    expect(existsSync(`${path}-wal`)).toBe(false) // a clean close checkpoints and removes it
  })
})

describe('SqliteSessionStore: the batch log', () => {
  const LOG = (): string => `${path}-batches`
  const count = (table: string): number => peek<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).n

  it("a QoS 2 delivery's three commits (put, moved, deleted) never reach the tables, and the commit that applies them says its message was left out", () => {
    const { store } = open({ applyBytes: Number.MAX_SAFE_INTEGER })
    store.commit([{ op: 'put-session', session: session('c1') }])
    store.commit([{ op: 'put-message', message: message(1) }, { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1, { qos: 2, state: 'awaiting-pubrec', packetId: 1 }) }])
    store.commit([{ op: 'put-delivery', delivery: delivery(1, 'c1', 1, { qos: 2, state: 'awaiting-pubcomp', packetId: 1 }) }])
    store.commit([{ op: 'delete-delivery', id: 1 }])
    expect(statSync(LOG()).size).toBeGreaterThan(8)
    expect(store.applyLog()).toEqual({ messagesForgotten: true })
    expect([count('sessions'), count('messages'), count('deliveries')]).toEqual([1, 0, 0])
    expect(statSync(LOG()).size).toBe(8)
    expect(store.load(NOW).lastDeliveryId).toBe(1) // its id is not handed out again
    store.close()
  })

  it('a delivery still in flight when the log is applied is written, and its later delete reaches the table', () => {
    const { store } = open({ applyBytes: Number.MAX_SAFE_INTEGER })
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-message', message: message(1) }, { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1) }])
    expect(store.applyLog()).toEqual({ messagesForgotten: false })
    expect([count('messages'), count('deliveries')]).toEqual([1, 1])
    store.commit([{ op: 'put-delivery', delivery: delivery(1, 'c1', 1, { state: 'awaiting-puback', packetId: 4 }) }, { op: 'delete-delivery', id: 1 }])
    store.applyLog()
    expect(count('deliveries')).toBe(0)
    store.close()
  })

  it('batches a crash left in the log are applied at the next open, once: those already applied are skipped', () => {
    const { store } = open({ applyBytes: Number.MAX_SAFE_INTEGER })
    store.commit([{ op: 'put-session', session: session('c1') }, { op: 'put-message', message: message(1) }, { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1) }])
    const applied = readFileSync(LOG())
    store.applyLog()
    store.commit([{ op: 'put-message', message: message(2) }, { op: 'put-delivery', fresh: true, delivery: delivery(2, 'c1', 2) }])
    // A crash after the first apply's transaction but before the log was emptied: both records are in the file.
    const bothRecords = Buffer.concat([applied, readFileSync(LOG()).subarray(8)])
    store.close()
    writeFileSync(LOG(), bothRecords)
    // Applying the first record again would insert delivery 1 twice and fail the open.
    const reopened = open({ strict: true }).store
    expect(reopened.load(NOW).deliveries.map((d) => d.id)).toEqual([1, 2])
    expect(statSync(LOG()).size).toBe(8)
    reopened.close()
  })

  it('a session that expired while the broker was down is refused as a reference after load, not left to fail the next apply', () => {
    const first = open().store
    first.commit([{ op: 'put-session', session: session('old', { disconnectedAt: 0, expiryIntervalS: 1 }) }])
    first.close()
    const { store } = open()
    expect(store.load(5_000).sessions).toEqual([])
    expect(() => store.commit([{ op: 'put-subscription', subscription: subscription('old', 'a') }])).toThrow(/missing sessions row \("old"\)/)
    store.commit([{ op: 'put-session', session: session('new') }])
    expect(store.applyLog()).toEqual({ messagesForgotten: false })
    store.close()
  })

  it('durability "power" syncs the log on each commit and still reads back', () => {
    const { store } = open({ durability: 'power' })
    store.commit([{ op: 'put-session', session: session('c1') }])
    store.close()
    expect(open().store.load(NOW).sessions.map((s) => s.clientId)).toEqual(['c1'])
  })
})
