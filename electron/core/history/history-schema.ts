// The history database file: opening (checks, pragmas, migrations, corrupt files moved aside), the v1 schema,
// and how a row is encoded and decoded (properties as JSON, accounted bytes). Knows nothing about paging or pruning.
import type { MessageProperties } from '../../../shared/model/message-properties'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { loadSqlite } from '../support/sqlite'
import type { HistoryMessage } from '../../../shared/model/history'

/** Bump when the schema changes, and add a step to MIGRATIONS. Kept in `PRAGMA user_version`. */
export const HISTORY_SCHEMA_VERSION = 1

/**
 * Payload bytes kept in the row's `payload_head` column; the rest goes to `payload_tail`, the last column.
 * A preview up to this size reads the head only, so paging through 5 MB payloads never loads them whole
 * (SQLite's substr() on a blob reads all of it; a column placed before the tail needs no overflow walk).
 */
export const PAYLOAD_HEAD_BYTES = 64 * 1024

/** Fixed bytes accounted per row on top of its variable parts: integers, record headers, index keys. */
export const ROW_OVERHEAD_BYTES = 64

/** What opening the history file found, for the UI and the log. */
export interface HistoryOpenReport {
  /** The file was corrupt and was moved aside to this path (the history starts empty). */
  movedAsideTo: string | null
  /** Why it was moved aside, in English. */
  reason: string | null
  /** The schema version found before migrations ran; null for a new file or when none had to run. */
  migratedFrom: number | null
}

/** MIGRATIONS[n] turns a version-n database into version n+1 (0 = a new, empty file). Runs inside a transaction. */
const MIGRATIONS: Record<number, (db: DatabaseSync) => void> = {
  0: (db) => db.exec(`
    CREATE TABLE messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids are never reused, so a stale id in the UI never finds another message
      connection_id TEXT NOT NULL,
      topic TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      qos INTEGER NOT NULL,
      retain INTEGER NOT NULL,
      dup INTEGER NOT NULL,
      packet_id INTEGER,
      payload_size INTEGER NOT NULL, -- as received; more than the stored bytes when cut at maxPayloadBytes
      bytes INTEGER NOT NULL, -- accounted bytes (historyRowBytes), subtracted exactly when the row goes
      properties TEXT, -- JSON, Uint8Array as {"$b64": "..."}
      payload_head BLOB NOT NULL,
      payload_tail BLOB -- keep last: see PAYLOAD_HEAD_BYTES
    );
    CREATE INDEX messages_by_topic ON messages (connection_id, topic, received_at, id);
    CREATE INDEX messages_by_time ON messages (received_at); -- the rowid (id) is implied: (received_at, id) order
    CREATE TABLE meta (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      messages INTEGER NOT NULL, -- running totals, updated in the transaction that changes the rows
      bytes INTEGER NOT NULL,
      pruned_messages INTEGER NOT NULL,
      pruned_bytes INTEGER NOT NULL,
      truncated_on_store INTEGER NOT NULL
    );
    INSERT INTO meta VALUES (1, 0, 0, 0, 0, 0);
  `),
}

/** SQLite primary result codes that mean "this file is damaged", as opposed to locked, unreadable or full. */
const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26
/** The files SQLite may keep beside the database; they move with it. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const

/**
 * Opens (or creates, with its folder) the history file, migrated to the current schema. The policy of the
 * broker's store: a corrupt file is moved aside as `<name>.corrupt-<time>` (with its -wal, -shm, -journal)
 * and the history starts empty; a file from a newer Topicscope is refused (throws) and left untouched, as
 * are files that cannot be read for other reasons (permissions, a lock, a full disk).
 */
export function openHistoryDatabase(path: string, now: () => number): { db: DatabaseSync; report: HistoryOpenReport } {
  mkdirSync(dirname(path), { recursive: true })
  const report: HistoryOpenReport = { movedAsideTo: null, reason: null, migratedFrom: null }
  const found = inspectFile(path)
  if (typeof found === 'string') {
    report.movedAsideTo = moveAside(path, now())
    report.reason = found
  } else if (found > HISTORY_SCHEMA_VERSION) {
    throw new Error(`${path} has history schema version ${found}, but this build of Topicscope reads version ${HISTORY_SCHEMA_VERSION} and older. ` +
      'It was written by a newer Topicscope: use that version, or move the file away to start with an empty history.')
  } else if (found !== 0 && found !== HISTORY_SCHEMA_VERSION) {
    report.migratedFrom = found
  }
  const db = new (loadSqlite().DatabaseSync)(path)
  try {
    // WAL: readers never wait for the writer. NORMAL: a power loss may drop the last commits, which is
    // acceptable for an observation log (unlike the broker's acknowledged messages). 16 MiB page cache.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384')
    migrate(db)
    return { db, report }
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * The schema version of the file (0 when there is none), or why it is unusable. Looks through a read-only
 * connection: closing a read-write one would checkpoint and delete a -wal that a moved-aside file needs.
 */
function inspectFile(path: string): number | string {
  if (!existsSync(path)) return 0
  let db: DatabaseSync
  try {
    db = new (loadSqlite().DatabaseSync)(path, { readOnly: true })
  } catch (err) {
    if (isCorruption(err)) return (err as Error).message
    throw err
  }
  try {
    // About 60 ms for a 100 MB history file; corruption found now costs less than a failure mid-session.
    const problems = (db.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((v) => v !== 'ok')
    if (problems.length > 0) return `PRAGMA quick_check failed: ${problems.slice(0, 3).join('; ')}`
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((r) => r.name)
    if (version === 0 && tables.length > 0) return 'it has tables but no schema version, so it is not a Topicscope history'
    if (version === HISTORY_SCHEMA_VERSION) {
      const missing = ['messages', 'meta'].filter((t) => !tables.includes(t))
      if (missing.length > 0) return `schema version ${version} without the table(s) ${missing.join(', ')}`
      if ((db.prepare('SELECT count(*) AS n FROM meta WHERE id = 1').get() as { n: number }).n !== 1) return 'the totals row is missing'
    }
    return version
  } catch (err) {
    if (isCorruption(err)) return (err as Error).message
    throw err
  } finally {
    db.close()
  }
}

/** Runs the migrations after the file's version and sets `user_version`, all of it or none. */
function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    const from = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
    for (let version = from; version < HISTORY_SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version]
      if (step === undefined) throw new Error(`no history migration from schema version ${version}`)
      step(db)
    }
    if (from !== HISTORY_SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${HISTORY_SCHEMA_VERSION}`)
    db.exec('COMMIT')
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw err
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { errcode?: unknown } | null)?.errcode
  return typeof code === 'number' && [SQLITE_CORRUPT, SQLITE_NOTADB].includes(code & 0xff)
}

/** Renames the file to `<path>.corrupt-<ISO time, ':' and '.' as '-'>` (plus -2, -3… if taken), side files alike. */
function moveAside(path: string, nowMs: number): string {
  const base = `${path}.corrupt-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`
  let aside = base
  for (let n = 2; existsSync(aside); n++) aside = `${base}-${n}`
  renameSync(path, aside)
  for (const suffix of SIDE_FILE_SUFFIXES) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix)
  return aside
}

/** Accounted size of one stored row: what the byte budget counts. Approximates the row plus its two index entries. */
export function historyRowBytes(connectionId: string, topic: string, propertiesJson: string | null, storedPayloadBytes: number): number {
  const keyBytes = Buffer.byteLength(connectionId, 'utf8') + Buffer.byteLength(topic, 'utf8')
  return storedPayloadBytes + 2 * keyBytes + (propertiesJson === null ? 0 : Buffer.byteLength(propertiesJson, 'utf8')) + ROW_OVERHEAD_BYTES
}

/** A messages row as read for a page: the payload comes as `head` and `tail` (either possibly cut by the query). */
export interface HistoryRow {
  id: number; connection_id: string; topic: string; received_at: number; qos: number; retain: number; dup: number
  packet_id: number | null; payload_size: number; properties: string | null; head: Uint8Array; tail: Uint8Array | null
}

/** A row as plain data: head and tail joined; `truncated` when fewer bytes than received (preview or cut on store). */
export function historyRowToMessage(row: HistoryRow): HistoryMessage {
  let payload = row.head
  if (row.tail !== null && row.tail.byteLength > 0) {
    payload = new Uint8Array(row.head.byteLength + row.tail.byteLength)
    payload.set(row.head)
    payload.set(row.tail, row.head.byteLength)
  } else if (payload.byteOffset !== 0 || payload.byteLength !== payload.buffer.byteLength) {
    payload = copyToUint8Array(payload)
  }
  return {
    id: row.id, connectionId: row.connection_id, topic: row.topic, payload, payloadSize: row.payload_size,
    truncated: payload.byteLength < row.payload_size, qos: row.qos as 0 | 1 | 2, retain: row.retain === 1, dup: row.dup === 1,
    packetId: row.packet_id, properties: decodeProperties(row.properties), receivedAt: row.received_at,
  }
}

const TAG_BYTES = '$b64'
const TAG_ESCAPE = '$esc'

/**
 * Properties as JSON text: a Uint8Array becomes {"$b64": "<base64>"}. A genuine object whose only key is
 * "$b64" or "$esc" (say, a user property named so) is wrapped as {"$esc": {...}} so it decodes unchanged.
 */
export function encodeProperties(properties: MessageProperties | null): string | null {
  return properties === null ? null : JSON.stringify(toJsonValue(properties))
}

/** The inverse of encodeProperties: Uint8Array fields come back as plain Uint8Array (never Buffer). */
export function decodeProperties(json: string | null): MessageProperties | null {
  return json === null ? null : (fromJsonValue(JSON.parse(json)) as MessageProperties)
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [TAG_BYTES]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value === null || typeof value !== 'object') return value
  const out = mapValues(value as Record<string, unknown>, toJsonValue)
  return isTagShaped(out) ? { [TAG_ESCAPE]: out } : out
}

function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue)
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  if (isTagShaped(record)) {
    const bytes = record[TAG_BYTES]
    if (typeof bytes === 'string') return copyToUint8Array(Buffer.from(bytes, 'base64'))
    const inner = record[TAG_ESCAPE]
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) return mapValues(inner as Record<string, unknown>, fromJsonValue)
  }
  return mapValues(record, fromJsonValue)
}

function isTagShaped(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record)
  return keys.length === 1 && (keys[0] === TAG_BYTES || keys[0] === TAG_ESCAPE)
}

/** Object.fromEntries defines own properties, so a "__proto__" key stays a key. */
function mapValues(record: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]))
}

/** A standalone Uint8Array: Buffers may share an 8 KiB pool, which structured clone would copy whole across IPC. */
function copyToUint8Array(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength)
  out.set(bytes)
  return out
}
