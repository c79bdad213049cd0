// SessionStore on node:sqlite in its own file (WAL): a commit is one record of the batch log beside it
// (batch-log.ts), applied to the tables coalesced in one IMMEDIATE transaction every so often; statements
// prepared once, payloads as BLOBs. Opening checks, migrates or moves aside the file (sqlite-file.ts,
// sqlite-schema.ts); this module must not hold broker logic beyond the load-time expiry rule.
import type { DatabaseSync } from 'node:sqlite'
import { loadSqlite } from '../../support/sqlite'
import { isSessionExpired } from './load-rules'
import { BatchLog, readBatchLog, type BatchLogOpen, type LoggedBatch } from './batch-log'
import { decodeBatch, encodeBatch } from './batch-codec'
import { BatchBacklog } from './batch-backlog'
import { ReferenceGuard } from './reference-guard'
import { NOTHING_FORGOTTEN, type CommitOutcome, type Durability, type SessionStore, type StoreOp, type StoreOpenReport, type StoredState } from './session-store'
import { BATCH_LOG_SUFFIX, describeError, ensureWritable, inspectFile, moveAside, storeError } from './sqlite-file'
import { migrate, NewerSchemaError, SCHEMA_VERSION } from './sqlite-schema'
import { bit, prepareStatements, toDelivery, toMessage, toSession, toSubscription, type Statements } from './sqlite-statements'

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000
/** After a checkpoint the WAL is truncated to this size, so a burst does not keep its disk space. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024
/** The batch log is applied to the tables once its batches hold this many bytes… */
const DEFAULT_APPLY_BYTES = 512 * 1024
/** …or once its oldest batch is this old, so the tables stay close to the broker's state. */
const APPLY_MAX_AGE_MS = 1_000
/** After a failure to apply it, the log is tried again this much later; commits are refused meanwhile. */
const APPLY_RETRY_MS = 1_000
/** SQLITE_CONSTRAINT_FOREIGNKEY: a deferred foreign key failed at COMMIT. */
const SQLITE_CONSTRAINT_FOREIGNKEY = 787

/** Options of SqliteSessionStore.open. */
export interface SqliteStoreOptions {
  /** 'process': synchronous=NORMAL (a commit survives kill -9); 'power': synchronous=FULL (fsync per commit). */
  durability: Durability
  /** Throw on a corrupt or unreadable file (leaving it untouched) instead of moving it aside and starting empty. */
  strict: boolean
  /** Clock for the moved-aside file name. */
  now?: () => number
  /** Open without writing (inspection): nothing is created, migrated or moved; commits fail with SQLITE_READONLY. */
  readOnly?: boolean
  /** Cap on the database's size (PRAGMA max_page_count, SQLITE_FULL beyond) and on the batch log's (ENOSPC beyond). */
  maxDatabaseBytes?: number
  /** Apply the batch log to the tables once its batches hold this many bytes (default 512 KiB). */
  applyBytes?: number
  /** Told when applying the batch log fails after a commit (its batches stay in the log; commits are refused until it works). */
  onApplyFailure?(err: Error): void
}

/** Connection settings as SQLite reports them, for the log and for tests. */
export interface SqliteDiagnostics {
  path: string
  schemaVersion: number
  journalMode: string
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'
  foreignKeys: boolean
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const

/** The broker's state in one SQLite file; see SessionStore for the contract. One broker per file. */
export class SqliteSessionStore implements SessionStore {
  private readonly q: Statements
  /** Batches in the log and not yet in the tables. */
  private readonly backlog = new BatchBacklog()
  /** Built from the tables once the batches a crash left are in them. */
  private guard = new ReferenceGuard([], [])
  private readonly applyBytes: number
  private readonly onApplyFailure: (err: Error) => void
  private nextSeq: number
  /** Set while the tables cannot be written: commits are refused until applying the log works again. */
  private applyFailure: Error | null = null
  private retryApplyAt = 0

  private constructor(
    private readonly db: DatabaseSync, readonly path: string, private readonly log: BatchLog | null,
    logged: readonly LoggedBatch[], opts: SqliteStoreOptions,
  ) {
    this.q = prepareStatements(db)
    this.applyBytes = opts.applyBytes ?? DEFAULT_APPLY_BYTES
    this.onApplyFailure = opts.onApplyFailure ?? (() => undefined)
    const applied = (this.q.selectAppliedSeq.get() as { value: number } | undefined)?.value ?? 0
    this.nextSeq = applied
    const left = logged.filter((b) => b.seq > applied)
    if (left.length > 0) {
      if (log === null) throw new Error(`${path}${BATCH_LOG_SUFFIX} holds ${left.length} batch(es) not yet applied, which a read-only store cannot apply`)
      for (const b of left) this.backlog.add(b.seq, decodeBatch(b.bytes), b.bytes.byteLength, 0)
      this.nextSeq = left[left.length - 1]!.seq
      this.applyLog(`applying ${left.length} batch(es) the last run left in ${log.path}`)
    } else {
      log?.clear()
    }
    this.guard = new ReferenceGuard(
      (this.q.selectSessionIds.all() as Array<{ client_id: string }>).map((r) => r.client_id),
      (this.q.selectMessageIds.all() as Array<{ id: number }>).map((r) => r.id),
    )
  }

  /**
   * Opens (or creates) the store at `path`: checks the directory can be written, checks the file
   * (a corrupt one is moved aside, or refused when `strict`), refuses a newer schema, migrates an
   * older one, and switches to WAL with the durability's `synchronous` level.
   */
  static open(path: string, opts: SqliteStoreOptions): { store: SqliteSessionStore; report: StoreOpenReport } {
    const readOnly = opts.readOnly ?? false
    const report: StoreOpenReport = { movedAsideTo: null, reason: null, migratedFrom: null, batchLogDamage: null }
    if (!readOnly) ensureWritable(path)
    const found = inspectFile(path, BUSY_TIMEOUT_MS)
    let version = 0
    if (found.ok) {
      version = found.version
    } else if (opts.strict || readOnly) {
      throw new Error(`${path} is corrupt or unreadable: ${found.reason}. ` +
        `It was left untouched${opts.strict ? ' (strict persistence)' : ''}: move it away or restore a backup to start the broker.`)
    } else {
      report.movedAsideTo = moveAside(path, (opts.now ?? Date.now)())
      report.reason = found.reason
    }
    if (version > SCHEMA_VERSION) throw new NewerSchemaError(path, version)
    if (version !== 0) report.migratedFrom = version
    if (readOnly && version < SCHEMA_VERSION) {
      throw new Error(`${path} has schema version ${version} and needs migrating to ${SCHEMA_VERSION}, which a read-only store cannot do`)
    }
    const db = connect(path, readOnly)
    let opened: BatchLogOpen | null = null
    try {
      if (!readOnly) {
        configure(db, opts)
        migrate(db, path)
        opened = BatchLog.open(path + BATCH_LOG_SUFFIX, { sync: opts.durability === 'power', strict: opts.strict, now: (opts.now ?? Date.now)(), maxBytes: opts.maxDatabaseBytes })
        report.batchLogDamage = opened.damaged
      }
      const logged = opened?.batches ?? readBatchLog(path + BATCH_LOG_SUFFIX)
      return { store: new SqliteSessionStore(db, path, opened?.log ?? null, logged, opts), report }
    } catch (err) {
      opened?.log.close()
      db.close()
      throw err instanceof NewerSchemaError ? err : storeError(`opening ${path} (schema version ${version}, this build: ${SCHEMA_VERSION})`, err)
    }
  }

  /**
   * Makes the batch durable as one record of the batch log (one write(), with an fdatasync for 'power'),
   * after checking its references as the tables' foreign keys would. Throws, with nothing kept, when the
   * batch is inconsistent or cannot be written, and while the tables cannot be written (a full disk).
   * The log is applied to the tables once it holds enough.
   */
  commit(ops: readonly StoreOp[]): CommitOutcome {
    if (ops.length === 0) return NOTHING_FORGOTTEN
    const doing = (): string => `commit of ${ops.length} op(s) to ${this.path}`
    if (this.log === null) {
      // Read-only: try the tables, which refuse with SQLITE_READONLY.
      this.transaction(doing(), () => { for (const op of ops) this.apply(op) })
      return NOTHING_FORGOTTEN
    }
    const now = Date.now()
    if (this.applyFailure !== null) {
      if (now < this.retryApplyAt) throw storeError(doing(), this.applyFailure)
      this.tryApply(now)
      if (this.applyFailure !== null) throw storeError(doing(), this.applyFailure)
    }
    const problem = this.guard.check(ops)
    if (problem !== null) throw storeError(doing(), new Error(`SQLITE_CONSTRAINT: FOREIGN KEY constraint failed (${problem})`))
    const batch = encodeBatch(ops)
    try {
      this.log.append(this.nextSeq + 1, batch)
    } catch (err) {
      throw storeError(doing(), err)
    }
    this.nextSeq++
    this.guard.accept(ops)
    this.backlog.add(this.nextSeq, ops, batch.byteLength, now)
    if (!this.backlog.isDue(now, this.applyBytes, APPLY_MAX_AGE_MS)) return NOTHING_FORGOTTEN
    return this.tryApply(now)
  }

  /**
   * Applies the logged batches to the tables, coalesced, and records the last one's seq in the same
   * transaction; then empties the log. Throws (tables unchanged, the log kept) on failure.
   */
  applyLog(doing = `applying the batch log to ${this.path}`): CommitOutcome {
    if (this.backlog.isEmpty) return NOTHING_FORGOTTEN
    const todo = this.backlog.toApply()
    this.transaction(doing, () => {
      for (const op of todo.ops) this.apply(op)
      if (todo.lastMessageId > 0) this.q.raiseCounter.run(todo.lastMessageId, 'last_message_id')
      if (todo.lastDeliveryId > 0) this.q.raiseCounter.run(todo.lastDeliveryId, 'last_delivery_id')
      this.q.setAppliedSeq.run(todo.lastSeq)
    })
    this.backlog.clear()
    this.guard.forgetMessages(todo.droppedMessageIds)
    this.applyFailure = null
    try {
      this.log?.clear()
    } catch {
      // The records stay, and the next open skips them: their seq is recorded as applied.
    }
    return { messagesForgotten: todo.droppedMessageIds.size > 0 }
  }

  /** applyLog from a commit: its batch is durable already, so a failure is reported, not thrown. */
  private tryApply(now: number): CommitOutcome {
    try {
      return this.applyLog()
    } catch (err) {
      this.applyFailure = err instanceof Error ? err : new Error(String(err))
      this.retryApplyAt = now + APPLY_RETRY_MS
      this.onApplyFailure(this.applyFailure)
      return NOTHING_FORGOTTEN
    }
  }

  /**
   * Loads everything and deletes, in the same transaction, the sessions whose expiry passed while the
   * broker was down (see isSessionExpired) with their data. Expired messages are still returned: the
   * broker counts them as dropped ('expired') when it rebuilds the queues.
   */
  load(now: number): StoredState {
    if (this.log !== null) this.applyLog()
    return this.transaction(`load from ${this.path}`, () => {
      const sessions = this.q.selectSessions.all().map(toSession)
      const expired = new Set(sessions.filter((s) => isSessionExpired(s, now)).map((s) => s.clientId))
      if (this.log !== null) {
        for (const clientId of expired) this.deleteSession(clientId)
        // Gone from the tables behind the guard's back: a later batch naming them must be refused.
        this.guard.accept([...expired].map((clientId) => ({ op: 'delete-session', clientId })))
      }
      const kept = <T extends { clientId: string }>(r: T): boolean => !expired.has(r.clientId)
      const deliveries = this.q.selectDeliveries.all().map(toDelivery).filter(kept)
      const referenced = new Set(deliveries.map((d) => d.messageId))
      const counters = this.q.selectCounters.get() as { message: number; delivery: number }
      return {
        sessions: sessions.filter(kept),
        subscriptions: this.q.selectSubscriptions.all().map(toSubscription).filter(kept),
        messages: this.q.selectReferencedMessages.all().map(toMessage).filter((m) => referenced.has(m.id)),
        deliveries,
        inboundQos2: (this.q.selectInbound.all() as Array<{ client_id: string; packet_id: number }>)
          .map((r) => ({ clientId: r.client_id, packetId: r.packet_id })).filter(kept),
        retained: this.q.selectRetained.all().map(toMessage),
        lastMessageId: counters.message,
        lastDeliveryId: counters.delivery,
      }
    }, this.log !== null)
  }

  /**
   * Deletes messages no delivery refers to and retained messages whose expiry passed; returns how many
   * went. Messages still referenced stay even when expired: their deliveries are dropped by the broker.
   */
  prune(now: number): number {
    this.applyLog()
    return this.transaction(`prune of ${this.path}`, () => {
      const messages = this.q.pruneMessages.all() as Array<{ id: number }>
      this.guard.forgetMessages(messages.map((m) => m.id))
      return messages.length + Number(this.q.pruneRetained.run(now).changes)
    })
  }

  /** The connection's settings as SQLite reports them (journal mode, synchronous level, foreign keys). */
  diagnostics(): SqliteDiagnostics {
    const pragma = (name: string): unknown => Object.values(this.db.prepare(`PRAGMA ${name}`).get() ?? {})[0]
    return {
      path: this.path,
      schemaVersion: Number(pragma('user_version')),
      journalMode: String(pragma('journal_mode')),
      synchronous: SYNCHRONOUS_NAMES[Number(pragma('synchronous'))] ?? 'OFF',
      foreignKeys: Number(pragma('foreign_keys')) === 1,
    }
  }

  /** Closes the file (SQLite checkpoints the WAL into it). Safe to call twice. */
  close(): void {
    if (!this.db.isOpen) return
    try {
      this.applyLog()
    } catch {
      // The log keeps the batches: the next open applies them.
    }
    this.log?.close()
    this.db.close()
  }

  private transaction<T>(doing: string, body: () => T, write = true): T {
    try {
      (write ? this.q.beginImmediate : this.q.beginDeferred).run()
    } catch (err) {
      throw storeError(doing, err)
    }
    try {
      const result = body()
      this.q.commit.run()
      return result
    } catch (err) {
      const detail = (err as { errcode?: number }).errcode === SQLITE_CONSTRAINT_FOREIGNKEY ? this.foreignKeyDetail() : null
      this.rollback()
      throw storeError(doing, err, detail)
    }
  }

  private rollback(): void {
    // SQLite already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR…): isTransaction says so.
    if (!this.db.isOpen || !this.db.isTransaction) return
    try {
      this.q.rollback.run()
    } catch {
      // Nothing more can be done here; the original error is the one worth reporting.
    }
  }

  /** Which rows broke a deferred foreign key (a full check, so only run after a failed COMMIT). */
  private foreignKeyDetail(): string | null {
    try {
      const rows = this.db.prepare('PRAGMA foreign_key_check').all() as Array<{ table: string; rowid: number | null; parent: string }>
      if (rows.length === 0) return null
      const first = rows.slice(0, 3).map((r) => `a ${r.table} row${r.rowid === null ? '' : ` (rowid ${r.rowid})`} refers to a missing ${r.parent} row`)
      return first.join('; ') + (rows.length > 3 ? `; ${rows.length - 3} more` : '')
    } catch (err) {
      return `foreign_key_check failed: ${describeError(err)}`
    }
  }

  private deleteSession(clientId: string): void {
    this.q.deleteSubscriptionsOf.run(clientId)
    this.q.deleteDeliveriesOf.run(clientId)
    this.q.deleteInboundOf.run(clientId)
    this.q.deleteSession.run(clientId)
  }

  private apply(op: StoreOp): void {
    const q = this.q
    switch (op.op) {
      case 'put-session': {
        const s = op.session
        q.putSession.run(s.clientId, s.expiryIntervalS, s.disconnectedAt, s.protocolVersion, s.username, s.createdAt)
        return
      }
      case 'delete-session': return this.deleteSession(op.clientId)
      case 'put-subscription': {
        const s = op.subscription
        q.putSubscription.run(s.clientId, s.filter, s.qos, bit(s.noLocal), bit(s.retainAsPublished), s.retainHandling, s.subscriptionId)
        return
      }
      case 'delete-subscription': return void q.deleteSubscription.run(op.clientId, op.filter)
      case 'put-message': {
        const m = op.message
        q.putMessage.run(m.id, m.topic, m.payload, m.qos, bit(m.retain), m.propertiesJson, m.publisher, m.receivedAt, m.expiresAt)
        return
      }
      case 'put-delivery': {
        const d = op.delivery
        // Insert only when there is no row to move on: a new delivery, or one whose first commit failed.
        if (op.fresh !== true && Number(q.setDeliveryState.run(d.state, d.packetId, d.id).changes) > 0) return
        q.insertDelivery.run(d.id, d.clientId, d.messageId, d.qos, bit(d.retain), JSON.stringify(d.subscriptionIds), d.state, d.packetId)
        return
      }
      case 'delete-delivery': return void q.deleteDelivery.run(op.id)
      case 'clear-deliveries': return void q.deleteDeliveriesOf.run(op.clientId)
      case 'add-inbound-qos2': return void q.addInbound.run(op.clientId, op.packetId)
      case 'delete-inbound-qos2': return void q.deleteInbound.run(op.clientId, op.packetId)
      case 'put-retained': {
        const m = op.message
        q.putRetained.run(m.topic, m.id, m.payload, m.qos, bit(m.retain), m.propertiesJson, m.publisher, m.receivedAt, m.expiresAt)
        return
      }
      case 'delete-retained': return void q.deleteRetained.run(op.topic)
      default: {
        const unknown: never = op
        throw new Error(`unknown store op ${JSON.stringify(unknown)}`)
      }
    }
  }
}

function connect(path: string, readOnly: boolean): DatabaseSync {
  try {
    return new (loadSqlite().DatabaseSync)(path, { readOnly, timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true })
  } catch (err) {
    throw storeError(`opening ${path}`, err)
  }
}

function configure(db: DatabaseSync, opts: SqliteStoreOptions): void {
  const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string }
  if (mode.journal_mode !== 'wal') throw new Error(`cannot switch the store to WAL mode (SQLite kept '${mode.journal_mode}')`)
  db.exec(`PRAGMA synchronous = ${opts.durability === 'power' ? 'FULL' : 'NORMAL'}`)
  db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
  if (opts.maxDatabaseBytes !== undefined) {
    const { page_size: pageSize } = db.prepare('PRAGMA page_size').get() as { page_size: number }
    db.exec(`PRAGMA max_page_count = ${Math.max(1, Math.floor(opts.maxDatabaseBytes / pageSize))}`)
  }
}
