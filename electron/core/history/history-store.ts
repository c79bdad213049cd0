// The explorer's message history on node:sqlite, in its own file, shared by all connections: batched
// appends, keyset pages by topic or subtree, and pruning to an age and a byte budget, oldest first.
// Synchronous like node:sqlite. Callers batch appends and run the prune timer; append prunes only when far over budget.
import type { ReceivedMessageInfo } from '../../../shared/model/message-properties'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { HistoryCursor, HistoryMessage, HistoryPage, HistoryPageRequest, HistoryStats } from '../../../shared/model/history'
import { AppFailure } from '../support/app-failure'
import { PAYLOAD_HEAD_BYTES, encodeProperties, historyRowBytes, historyRowToMessage, openHistoryDatabase, type HistoryOpenReport, type HistoryRow } from './history-schema'

/** A message to record; the store assigns its id and accounts its bytes. */
export interface NewHistoryMessage extends ReceivedMessageInfo {
  connectionId: string
  topic: string
  /** Stored whole up to maxPayloadBytes, cut beyond (the full size is kept and the message flagged truncated). */
  payload: Uint8Array
}

/** The bounds the store keeps to; changeable at run time with `configure`. */
export interface HistoryLimits {
  /** Accounted bytes kept (see historyRowBytes); beyond it the oldest messages go. */
  budgetBytes: number
  /** Messages older than this go; null = no age limit. */
  maxAgeMs: number | null
  /** Largest payload stored whole; default min(DEFAULT_MAX_PAYLOAD_BYTES, budgetBytes / 10). */
  maxPayloadBytes?: number
}

/** Options of HistoryStore.open. */
export interface HistoryStoreOptions extends HistoryLimits {
  /** Clock for automatic pruning and for naming a corrupt file moved aside; default Date.now. */
  now?: () => number
}

/** What a prune or a deletion removed. */
export interface HistoryRemoval {
  messages: number
  bytes: number
}

/** What `prune` removed, and whether it finished (false when it stopped at `maxRows` with work left). */
export interface HistoryPruneResult extends HistoryRemoval {
  complete: boolean
}

/** Largest `limit` a page request may ask for. */
export const MAX_PAGE_MESSAGES = 1000
/** Payloads longer than this are stored cut (16 MiB: far above what a viewer shows, well below MQTT's 256 MB). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
/** `append` prunes by itself once the total passes the budget by this factor; below it, the caller's timer does. */
export const AUTO_PRUNE_OVER_BUDGET_RATIO = 1.1
/**
 * Rows deleted per prune transaction. Each commit rewrites the index pages it touched, so small chunks cost:
 * on a 500k-row file, 100k rows went in 1.9 s by 2,000 and 0.4 s by 20,000; 10,000 keeps a chunk near 70 ms.
 */
const PRUNE_CHUNK_ROWS = 10_000
/** Rows an automatic prune (inside `append`) may delete per call, so one append never stalls for long. */
const AUTO_PRUNE_MAX_ROWS = 50_000
/** A subtree page first scans this many recent rows per wanted message by time, before sorting the subtree. */
const PROBE_ROWS_PER_MESSAGE = 20

const ROW_COLUMNS = 'id, connection_id, topic, received_at, qos, retain, dup, packet_id, payload_size, properties'
const BEFORE = 'received_at <= $bAt AND (received_at < $bAt OR id < $bId)'
const AFTER = 'received_at >= $aAt AND (received_at > $aAt OR id > $aId)'
const EXACT = 'connection_id = $conn AND topic = $topic'
// A range on the topic string, never LIKE with user text: topic ≤ t < topic+'0' holds the topic and every name
// under topic+'/' ('0' follows '/' in byte order), plus siblings such as "a/b-c" that the last test removes.
const SUBTREE = 'connection_id = $conn AND topic >= $topic AND topic < $topicEnd AND (topic = $topic OR topic >= $topicSub)'

type Totals = { messages: number; bytes: number; prunedMessages: number; prunedBytes: number; truncatedOnStore: number }
type Params = Record<string, string | number | null>

/** The message history of every connection, in one SQLite file. Not safe for use from two processes. */
export class HistoryStore {
  private readonly statements = new Map<string, StatementSync>()
  private limits: Required<HistoryLimits>
  private readonly totals: Totals
  /** Deltas of the open transaction, applied to `totals` on commit only (a rollback leaves memory matching the file). */
  private pending: Totals[] = []

  private constructor(private readonly db: DatabaseSync, limits: HistoryLimits, private readonly now: () => number) {
    this.limits = resolveLimits(limits)
    const meta = this.stmt('SELECT messages, bytes, pruned_messages, pruned_bytes, truncated_on_store FROM meta WHERE id = 1').get() as Record<string, number>
    this.totals = { messages: meta.messages!, bytes: meta.bytes!, prunedMessages: meta.pruned_messages!, prunedBytes: meta.pruned_bytes!, truncatedOnStore: meta.truncated_on_store! }
  }

  /**
   * Opens or creates the history file (e.g. `<dataDir>/history.sqlite`). A corrupt file is moved aside as
   * `<name>.corrupt-<ISO time>` and the history starts empty; `report` says so. Other I/O failures throw.
   */
  static open(path: string, options: HistoryStoreOptions): { store: HistoryStore; report: HistoryOpenReport } {
    const now = options.now ?? Date.now
    const { db, report } = openHistoryDatabase(path, now)
    return { store: new HistoryStore(db, options, now), report }
  }

  /** Changes the bounds; the next prune (timer or automatic) applies them. */
  configure(limits: HistoryLimits): void {
    this.limits = resolveLimits(limits)
  }

  /**
   * Records a batch in one transaction (the caller batches: one call per flush, not per message), then
   * prunes at once if the total passed the budget by more than 10%.
   */
  append(messages: readonly NewHistoryMessage[]): void {
    if (messages.length === 0) return
    const cap = this.limits.maxPayloadBytes
    const insert = this.stmt(`INSERT INTO messages (connection_id, topic, received_at, qos, retain, dup, packet_id, payload_size,
      bytes, properties, payload_head, payload_tail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    let bytes = 0
    let cut = 0
    this.transaction(() => {
      for (const m of messages) {
        const stored = m.payload.byteLength > cap ? m.payload.subarray(0, cap) : m.payload
        if (stored !== m.payload) cut++
        const properties = encodeProperties(m.properties)
        const rowBytes = historyRowBytes(m.connectionId, m.topic, properties, stored.byteLength)
        bytes += rowBytes
        const head = stored.byteLength > PAYLOAD_HEAD_BYTES ? stored.subarray(0, PAYLOAD_HEAD_BYTES) : stored
        const tail = stored.byteLength > PAYLOAD_HEAD_BYTES ? stored.subarray(PAYLOAD_HEAD_BYTES) : null
        insert.run(m.connectionId, m.topic, m.receivedAt, m.qos, m.retain ? 1 : 0, m.dup ? 1 : 0, m.packetId,
          m.payload.byteLength, rowBytes, properties, head, tail)
      }
      this.addToTotals({ messages: messages.length, bytes, truncatedOnStore: cut })
    })
    if (this.totals.bytes > this.limits.budgetBytes * AUTO_PRUNE_OVER_BUDGET_RATIO) this.prune(this.now(), { maxRows: AUTO_PRUNE_MAX_ROWS })
  }

  /**
   * One page, newest first, by keyset on (receivedAt, id): stable under appends and equal timestamps.
   * Payloads are cut to `payloadPreviewBytes` when asked, with `truncated` and the full `payloadSize`.
   * @throws AppFailure('bad-request') for a limit outside 1…MAX_PAGE_MESSAGES or a bad preview size.
   */
  page(req: HistoryPageRequest): HistoryPage {
    checkPageRequest(req)
    const before = req.before ?? null
    const after = req.after ?? null
    const forward = before === null && after !== null
    const where = req.includeSubtopics === true ? SUBTREE : EXACT
    const topic = topicParams(req.connectionId, req.topic, req.includeSubtopics === true)
    const cursor: Params = {}
    if (before !== null) Object.assign(cursor, { bAt: before.receivedAt, bId: before.id })
    if (after !== null) Object.assign(cursor, { aAt: after.receivedAt, aId: after.id })
    const bounds = [before !== null ? BEFORE : null, after !== null ? AFTER : null].filter((c) => c !== null)
    const order = forward ? 'ASC' : 'DESC'
    const ids = (where === SUBTREE ? this.probeByTime(req, bounds, order, cursor) : null)
      ?? this.idsByTopic(where, bounds, order, { ...topic, ...cursor, n: req.limit + 1 })
    const hasMore = ids.length > req.limit
    const messages = this.fetch(ids.slice(0, req.limit), req.payloadPreviewBytes ?? null)
      .sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id)
    const edge = forward ? messages[0] : messages[messages.length - 1]
    const page: HistoryPage = { messages, hasMore, nextCursor: edge === undefined ? null : { receivedAt: edge.receivedAt, id: edge.id } }
    if (before === null && after === null) {
      page.totalForTopic = (this.stmt(`SELECT count(*) AS n FROM messages INDEXED BY messages_by_topic WHERE ${where}`).get(topic) as { n: number }).n
    }
    return page
  }

  /** One message with its whole stored payload (cut only if it was stored cut: then `truncated` is true); null if gone. */
  get(id: number): HistoryMessage | null {
    return this.fetch([id], null)[0] ?? null
  }

  /** Deletes a topic's messages (and with `subtree`, every topic below it) for one connection. Not counted as pruned. */
  deleteTopic(connectionId: string, topic: string, options: { subtree: boolean }): HistoryRemoval {
    const where = options.subtree ? SUBTREE : EXACT
    return this.deleteWhere(`INDEXED BY messages_by_topic WHERE ${where}`, topicParams(connectionId, topic, options.subtree))
  }

  /** Deletes every message of one connection. Not counted as pruned. */
  clearConnection(connectionId: string): HistoryRemoval {
    return this.deleteWhere('INDEXED BY messages_by_topic WHERE connection_id = $conn', { conn: connectionId })
  }

  /** Totals and bounds; cheap (running totals, and min/max read from the time index). */
  stats(): HistoryStats {
    const span = this.stmt('SELECT (SELECT min(received_at) FROM messages) AS lo, (SELECT max(received_at) FROM messages) AS hi').get() as { lo: number | null; hi: number | null }
    const { messages, bytes, prunedMessages, prunedBytes, truncatedOnStore } = this.totals
    const { budgetBytes, maxAgeMs, maxPayloadBytes } = this.limits
    return { messages, bytes, oldestAt: span.lo, newestAt: span.hi, budgetBytes, maxAgeMs, maxPayloadBytes, prunedMessages, prunedBytes, truncatedOnStore }
  }

  /**
   * Deletes messages older than maxAgeMs, then the oldest until the total fits the budget, in chunks of
   * one transaction each. Counts what went. `maxRows` bounds the work of one call (`complete` tells).
   */
  prune(now: number, options: { maxRows?: number } = {}): HistoryPruneResult {
    const result: HistoryPruneResult = { messages: 0, bytes: 0, complete: true }
    let rowsLeft = options.maxRows ?? Number.POSITIVE_INFINITY
    const chunk = (cutoff: number | null, excess: number | null): boolean => {
      if (rowsLeft <= 0) return (result.complete = false)
      const removed = this.pruneChunk(Math.min(PRUNE_CHUNK_ROWS, rowsLeft), cutoff, excess)
      result.messages += removed.messages
      result.bytes += removed.bytes
      rowsLeft -= removed.messages
      return removed.messages > 0
    }
    const { maxAgeMs, budgetBytes } = this.limits
    if (maxAgeMs !== null) while (chunk(now - maxAgeMs, null));
    while (result.complete && this.totals.bytes > budgetBytes && chunk(null, this.totals.bytes - budgetBytes));
    return result
  }

  /** Closes the file; the store is unusable afterwards. */
  close(): void {
    this.statements.clear()
    this.db.close()
  }

  /** Deletes up to `maxRows` oldest rows: those older than `cutoff`, or just enough to remove `excess` bytes. */
  private pruneChunk(maxRows: number, cutoff: number | null, excess: number | null): HistoryRemoval {
    return this.transaction(() => {
      const rows = (cutoff === null
        ? this.stmt('SELECT id, received_at, bytes FROM messages INDEXED BY messages_by_time ORDER BY received_at, id LIMIT $n').all({ n: maxRows })
        : this.stmt('SELECT id, received_at, bytes FROM messages INDEXED BY messages_by_time WHERE received_at < $cutoff ORDER BY received_at, id LIMIT $n').all({ cutoff, n: maxRows })) as Array<{ id: number; received_at: number; bytes: number }>
      let taken = 0
      let bytes = 0
      for (const row of rows) {
        if (excess !== null && bytes >= excess) break
        taken++
        bytes += row.bytes
      }
      const last = rows[taken - 1]
      if (last === undefined) return { messages: 0, bytes: 0 }
      // Everything up to the last key taken: exactly the rows counted above, oldest first.
      this.stmt('DELETE FROM messages WHERE received_at <= $at AND (received_at < $at OR id <= $id)').run({ at: last.received_at, id: last.id })
      this.addToTotals({ messages: -taken, bytes: -bytes, prunedMessages: taken, prunedBytes: bytes })
      return { messages: taken, bytes }
    })
  }

  /**
   * Subtree pages: walk the time index back (or forth) from the cursor over a bounded number of rows and keep
   * the subtree's. Returns null when that found too few and did not reach the end, so the caller sorts the
   * subtree's index range instead. Recent-first pages of a busy subtree then cost the page, not the subtree.
   */
  private probeByTime(req: HistoryPageRequest, bounds: string[], order: string, cursor: Params): number[] | null {
    const scan = (req.limit + 1) * PROBE_ROWS_PER_MESSAGE
    const where = bounds.length === 0 ? '' : `WHERE ${bounds.join(' AND ')}`
    const rows = this.stmt(`SELECT id, connection_id, topic FROM messages INDEXED BY messages_by_time ${where}
      ORDER BY received_at ${order}, id ${order} LIMIT $scan`).all({ ...cursor, scan }) as Array<{ id: number; connection_id: string; topic: string }>
    const prefix = req.topic + '/'
    const ids: number[] = []
    for (const row of rows) {
      if (row.connection_id === req.connectionId && (row.topic === req.topic || row.topic.startsWith(prefix))) ids.push(row.id)
      if (ids.length > req.limit) return ids
    }
    return rows.length < scan ? ids : null
  }

  private idsByTopic(where: string, bounds: string[], order: string, params: Params): number[] {
    const clause = [where, ...bounds].join(' AND ')
    const rows = this.stmt(`SELECT id FROM messages INDEXED BY messages_by_topic WHERE ${clause}
      ORDER BY received_at ${order}, id ${order} LIMIT $n`).all(params) as Array<{ id: number }>
    return rows.map((r) => r.id)
  }

  /** Rows by id, payloads whole or cut to `preview` bytes (reading the head column only when that suffices). */
  private fetch(ids: number[], preview: number | null): HistoryMessage[] {
    if (ids.length === 0) return []
    const head = preview === null || preview >= PAYLOAD_HEAD_BYTES ? 'payload_head' : 'substr(payload_head, 1, $preview)'
    const tail = preview === null ? 'payload_tail' : preview <= PAYLOAD_HEAD_BYTES ? 'NULL' : 'substr(payload_tail, 1, $preview - $headBytes)'
    const params: Params = { ids: JSON.stringify(ids) }
    if (preview !== null && preview < PAYLOAD_HEAD_BYTES) params.preview = preview
    if (preview !== null && preview > PAYLOAD_HEAD_BYTES) Object.assign(params, { preview, headBytes: PAYLOAD_HEAD_BYTES })
    const rows = this.stmt(`SELECT ${ROW_COLUMNS}, ${head} AS head, ${tail} AS tail FROM messages
      WHERE id IN (SELECT value FROM json_each($ids))`).all(params) as unknown as HistoryRow[]
    return rows.map(historyRowToMessage)
  }

  private deleteWhere(where: string, params: Params): HistoryRemoval {
    return this.transaction(() => {
      const found = this.stmt(`SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM messages ${where}`).get(params) as { n: number; b: number }
      if (found.n > 0) this.stmt(`DELETE FROM messages ${where}`).run(params)
      this.addToTotals({ messages: -found.n, bytes: -found.b })
      return { messages: found.n, bytes: found.b }
    })
  }

  /** Adds to the running totals in the meta row (inside the caller's transaction) and, once committed, in memory. */
  private addToTotals(delta: Partial<Totals>): void {
    const d: Totals = { messages: 0, bytes: 0, prunedMessages: 0, prunedBytes: 0, truncatedOnStore: 0, ...delta }
    this.stmt(`UPDATE meta SET messages = messages + $messages, bytes = bytes + $bytes, pruned_messages = pruned_messages + $prunedMessages,
      pruned_bytes = pruned_bytes + $prunedBytes, truncated_on_store = truncated_on_store + $truncatedOnStore WHERE id = 1`).run(d)
    this.pending.push(d)
  }

  private transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      for (const d of this.pending) for (const key of Object.keys(d) as Array<keyof Totals>) this.totals[key] += d[key]
      return result
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw err
    } finally {
      this.pending = []
    }
  }

  private stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql)
    if (statement === undefined) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }
}

/** Parameters of EXACT or SUBTREE. */
function topicParams(connectionId: string, topic: string, subtree: boolean): Params {
  return subtree ? { conn: connectionId, topic, topicEnd: topic + '0', topicSub: topic + '/' } : { conn: connectionId, topic }
}

/** The payload cap defaults to a tenth of the budget at most, so one message never evicts most of the history. */
function resolveLimits(limits: HistoryLimits): Required<HistoryLimits> {
  const maxPayloadBytes = limits.maxPayloadBytes ?? Math.min(DEFAULT_MAX_PAYLOAD_BYTES, Math.floor(limits.budgetBytes / 10))
  return { budgetBytes: limits.budgetBytes, maxAgeMs: limits.maxAgeMs, maxPayloadBytes }
}

function checkPageRequest(req: HistoryPageRequest): void {
  if (!Number.isInteger(req.limit) || req.limit < 1 || req.limit > MAX_PAGE_MESSAGES) {
    throw new AppFailure('bad-request', `A history page holds 1 to ${MAX_PAGE_MESSAGES} messages (asked: ${req.limit}).`)
  }
  const preview = req.payloadPreviewBytes
  if (preview !== undefined && (!Number.isInteger(preview) || preview < 0)) {
    throw new AppFailure('bad-request', `The payload preview size must be a whole number of bytes, 0 or more (asked: ${preview}).`)
  }
  for (const cursor of [req.before, req.after] as Array<HistoryCursor | null | undefined>) {
    if (cursor != null && !(Number.isFinite(cursor.receivedAt) && Number.isInteger(cursor.id))) {
      throw new AppFailure('bad-request', 'A history cursor needs a finite receivedAt and an integer id.')
    }
  }
}
