// File-level work for the SQLite store at open: the writable-directory check, the corruption check
// (read-only: it must not change a file it may have to leave untouched), moving a bad file aside,
// and turning SQLite errors into messages that name the cause (SQLITE_FULL, SQLITE_READONLY…).
import { accessSync, constants, existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { loadSqlite } from '../../support/sqlite'
import { listTables, readSchemaVersion, REQUIRED_TABLES, SCHEMA_VERSION } from './sqlite-schema'

/** SQLite primary result codes by number (https://sqlite.org/rescode.html); extended codes keep them in the low byte. */
const SQLITE_CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
}
const SQLITE_CORRUPT = 11
const SQLITE_NOTADB = 26
/** The batch log's file is the database's path with this suffix (batch-log.ts). */
export const BATCH_LOG_SUFFIX = '-batches'
/** The files SQLite (and the batch log) may keep beside the database; they move with it. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal', BATCH_LOG_SUFFIX] as const

/** The primary SQLite result code of an error from node:sqlite, or null for any other error. */
export function sqliteCode(err: unknown): number | null {
  const errcode = (err as { errcode?: unknown } | null)?.errcode
  return typeof errcode === 'number' ? errcode & 0xff : null
}

/** "SQLITE_FULL: database or disk is full" for SQLite errors, "ENOSPC: …" for Node's, the message otherwise. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = sqliteCode(err)
  if (code !== null) return `${SQLITE_CODE_NAMES[code] ?? `SQLITE error ${code}`}: ${message}`
  const nodeCode = (err as { code?: unknown } | null)?.code
  return typeof nodeCode === 'string' && !message.startsWith(nodeCode) ? `${nodeCode}: ${message}` : message
}

/** An Error whose message names the cause first, then what was being done; the original is kept as `cause`. */
export function storeError(doing: string, err: unknown, detail: string | null = null): Error {
  return new Error(`${describeError(err)}${detail === null ? '' : ` (${detail})`} — ${doing}`, { cause: err })
}

/** Creates the store's directory if needed and checks that the directory (and the file, if any) can be written. */
export function ensureWritable(path: string): void {
  const dir = dirname(path)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 }) // stored messages may be private
    accessSync(dir, constants.W_OK)
  } catch (err) {
    throw new Error(`cannot write ${dir}: ${describeError(err)}`, { cause: err })
  }
  if (!existsSync(path)) return
  try {
    accessSync(path, constants.W_OK)
  } catch (err) {
    throw new Error(`cannot write ${path}: ${describeError(err)}`, { cause: err })
  }
}

/** What a look at a file found. */
export type Inspection = { ok: true; version: number } | { ok: false; reason: string }

/**
 * Checks the file at `path` (version 0 when there is none) through a read-only connection, so that
 * a file that turns out to be refused is left as it was. A read-write connection would not: closing it
 * checkpoints and deletes the -wal file, which may hold the only copy of committed transactions (only
 * the -shm index, which SQLite rebuilds from the WAL, may be rewritten). Checks `PRAGMA quick_check`,
 * the schema version and the tables. Corruption ("not a database", "malformed", a failed check) is
 * returned; other errors are thrown. A version newer than SCHEMA_VERSION is returned: the caller refuses it.
 */
export function inspectFile(path: string, busyTimeoutMs: number): Inspection {
  if (!existsSync(path)) return { ok: true, version: 0 }
  let db: DatabaseSync
  try {
    db = new (loadSqlite().DatabaseSync)(path, { readOnly: true, timeout: busyTimeoutMs })
  } catch (err) {
    if (isCorruption(err)) return { ok: false, reason: describeError(err) }
    throw storeError(`opening ${path}`, err)
  }
  try {
    return inspect(db)
  } catch (err) {
    throw storeError(`checking ${path}`, err)
  } finally {
    db.close()
  }
}

function inspect(db: DatabaseSync): Inspection {
  try {
    const rows = db.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>
    const problems = rows.map((r) => r.quick_check).filter((v) => v !== 'ok')
    if (problems.length > 0) return { ok: false, reason: `PRAGMA quick_check failed: ${problems.slice(0, 3).join('; ')}` }
    const version = readSchemaVersion(db)
    const tables = listTables(db)
    if (version === 0 && tables.length > 0) return { ok: false, reason: 'it has tables but no schema version, so it is not a Topicscope store' }
    if (version === SCHEMA_VERSION) {
      const missing = REQUIRED_TABLES.filter((t) => !tables.includes(t))
      if (missing.length > 0) return { ok: false, reason: `schema version ${version} without the table(s) ${missing.join(', ')}` }
    }
    return { ok: true, version }
  } catch (err) {
    if (isCorruption(err)) return { ok: false, reason: describeError(err) }
    throw err
  }
}

/** True for SQLite errors that mean the file is damaged or not a database at all. */
export function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err)
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB
}

/** `broker.sqlite.corrupt-2026-01-02T03-04-05-678Z`: ISO time with ':' and '.' replaced, safe on every file system. */
export function corruptName(path: string, nowMs: number): string {
  return `${path}.corrupt-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`
}

/**
 * Renames the database to its corrupt name, and its -wal/-shm/-journal files to that name plus the
 * same suffix, so `sqlite3 <moved file>` still finds its WAL for a forensic look. Returns the new path.
 */
export function moveAside(path: string, nowMs: number): string {
  let aside = corruptName(path, nowMs)
  for (let n = 2; existsSync(aside); n++) aside = `${corruptName(path, nowMs)}-${n}`
  try {
    renameSync(path, aside)
    for (const suffix of SIDE_FILE_SUFFIXES) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix)
  } catch (err) {
    throw new Error(`cannot move the unreadable ${path} aside: ${describeError(err)}`, { cause: err })
  }
  return aside
}
