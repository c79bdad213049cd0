// SessionStore on node:sqlite in its own file (WAL): one IMMEDIATE transaction per commit, statements
// prepared once, payloads as BLOBs. Opening checks, migrates or moves aside the file (sqlite-file.ts,
// sqlite-schema.ts); this module must not hold broker logic beyond the load-time expiry rule.
import type { DatabaseSync } from 'node:sqlite'
import { loadSqlite } from '../../support/sqlite'
import { isSessionExpired } from './load-rules'
import type { Durability, SessionStore, StoreOp, StoreOpenReport, StoredState } from './session-store'
import { describeError, ensureWritable, inspectFile, moveAside, storeError } from './sqlite-file'
import { migrate, NewerSchemaError, SCHEMA_VERSION } from './sqlite-schema'
import { bit, prepareStatements, toDelivery, toMessage, toSession, toSubscription, type Statements } from './sqlite-statements'

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000
/** After a checkpoint the WAL is truncated to this size, so a burst does not keep its disk space. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024
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
  /** Cap on the database size (PRAGMA max_page_count); a commit beyond it fails with SQLITE_FULL. */
  maxDatabaseBytes?: number
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

  private constructor(private readonly db: DatabaseSync, readonly path: string, private readonly readOnly: boolean) {
    this.q = prepareStatements(db)
  }

  /**
   * Opens (or creates) the store at `path`: checks the directory can be written, checks the file
   * (a corrupt one is moved aside, or refused when `strict`), refuses a newer schema, migrates an
   * older one, and switches to WAL with the durability's `synchronous` level.
   */
  static open(path: string, opts: SqliteStoreOptions): { store: SqliteSessionStore; report: StoreOpenReport } {
    const readOnly = opts.readOnly ?? false
    const report: StoreOpenReport = { movedAsideTo: null, reason: null, migratedFrom: null }
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
    try {
      if (!readOnly) {
        configure(db, opts)
        migrate(db, path)
      }
      return { store: new SqliteSessionStore(db, path, readOnly), report }
    } catch (err) {
      db.close()
      throw err instanceof NewerSchemaError ? err : storeError(`opening ${path} (schema version ${version}, this build: ${SCHEMA_VERSION})`, err)
    }
  }

  /** Applies the batch in one BEGIN IMMEDIATE … COMMIT; on any error rolls back and throws (cause named first). */
  commit(ops: readonly StoreOp[]): void {
    if (ops.length === 0) return
    this.transaction(`commit of ${ops.length} op(s) to ${this.path}`, () => {
      let lastMessageId = 0
      let lastDeliveryId = 0
      for (const op of ops) {
        this.apply(op)
        if (op.op === 'put-message' || op.op === 'put-retained') lastMessageId = Math.max(lastMessageId, op.message.id)
        else if (op.op === 'put-delivery') lastDeliveryId = Math.max(lastDeliveryId, op.delivery.id)
      }
      if (lastMessageId > 0) this.q.raiseCounter.run(lastMessageId, 'last_message_id')
      if (lastDeliveryId > 0) this.q.raiseCounter.run(lastDeliveryId, 'last_delivery_id')
    })
  }

  /**
   * Loads everything and deletes, in the same transaction, the sessions whose expiry passed while the
   * broker was down (see isSessionExpired) with their data. Expired messages are still returned: the
   * broker counts them as dropped ('expired') when it rebuilds the queues.
   */
  load(now: number): StoredState {
    return this.transaction(`load from ${this.path}`, () => {
      const sessions = this.q.selectSessions.all().map(toSession)
      const expired = new Set(sessions.filter((s) => isSessionExpired(s, now)).map((s) => s.clientId))
      if (!this.readOnly) for (const clientId of expired) this.deleteSession(clientId)
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
    }, !this.readOnly)
  }

  /**
   * Deletes messages no delivery refers to and retained messages whose expiry passed; returns how many
   * went. Messages still referenced stay even when expired: their deliveries are dropped by the broker.
   */
  prune(now: number): number {
    return this.transaction(`prune of ${this.path}`, () => {
      const messages = Number(this.q.pruneMessages.run().changes)
      return messages + Number(this.q.pruneRetained.run(now).changes)
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
    if (this.db.isOpen) this.db.close()
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
