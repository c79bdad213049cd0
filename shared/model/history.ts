// Message history as plain data for the history view: stored messages, paged requests and answers,
// and the store's totals. Epoch ms and Uint8Array only; no Node types (this file crosses IPC).
import type { ReceivedMessageInfo } from './message-properties'

/** Where a page starts or stops: the (receivedAt, id) key of a message. Keys are unique because ids are. */
export interface HistoryCursor {
  receivedAt: number
  id: number
}

/** One message seen by a connection, as the history store returns it. */
export interface HistoryMessage extends ReceivedMessageInfo {
  /** Assigned by the store, increasing in insertion order, never reused. */
  id: number
  /** The explorer connection (or the embedded broker's observer) that saw the message. */
  connectionId: string
  /** The topic name as received (never a filter). */
  topic: string
  /**
   * The payload, or its first bytes when `truncated` is true: cut for a preview (`payloadPreviewBytes`)
   * or cut when stored because it exceeded the store's `maxPayloadBytes`.
   */
  payload: Uint8Array
  /** The full payload size in bytes as received, whatever `payload` holds. */
  payloadSize: number
  /** True when `payload` holds fewer than `payloadSize` bytes. Never cut silently: show the size and offer the rest. */
  truncated: boolean
}

/** A request for one page of history, newest first, for one topic or one subtree of one connection. */
export interface HistoryPageRequest {
  connectionId: string
  /** A topic name; matched exactly (no wildcards, no pattern characters). */
  topic: string
  /** Also include every topic below `topic` (`a/b` gives `a/b` and `a/b/…`, not `a/bc`). Default false. */
  includeSubtopics?: boolean
  /** Only messages older than this key (scrolling down). The previous page's `nextCursor`. */
  before?: HistoryCursor | null
  /** Only messages newer than this key (catching up with new messages). Without `before`, the page holds the oldest of them. */
  after?: HistoryCursor | null
  /** Maximum messages in the page (1 to the store's maximum page size). */
  limit: number
  /** Cut each payload to this many bytes (with `truncated` and the full `payloadSize`); omitted = whole payloads. */
  payloadPreviewBytes?: number
}

/** One page of history. */
export interface HistoryPage {
  /** Newest first, whatever the direction of travel. */
  messages: HistoryMessage[]
  /** More messages exist beyond this page in the direction of travel (older for `before`, newer for `after`). */
  hasMore: boolean
  /**
   * The key to continue from in the same direction: the oldest message's key (pass as `before`) when paging
   * back, the newest message's key (pass as `after`) when paging forward; null when the page is empty.
   */
  nextCursor: HistoryCursor | null
  /** How many messages the topic (or subtree) holds in all; only on a first page (no `before` nor `after`). */
  totalForTopic?: number
}

/** The history store's size, limits and what it has pruned, for the status bar and the history settings. */
export interface HistoryStats {
  /** Messages stored now. */
  messages: number
  /** Accounted bytes stored now (payloads, topics, properties and a fixed per-row overhead); compared with `budgetBytes`. */
  bytes: number
  /** receivedAt of the oldest stored message, epoch ms; null when empty. */
  oldestAt: number | null
  /** receivedAt of the newest stored message, epoch ms; null when empty. */
  newestAt: number | null
  /** The byte budget: beyond it the oldest messages are pruned. */
  budgetBytes: number
  /** Messages older than this are pruned; null = no age limit. */
  maxAgeMs: number | null
  /** Largest payload stored whole; longer ones are stored cut, flagged `truncated`, with their full size kept. */
  maxPayloadBytes: number
  /** Messages pruned (by age or budget) since the database was created. Deletions asked by the user are not counted. */
  prunedMessages: number
  /** Accounted bytes of those pruned messages. */
  prunedBytes: number
  /** Messages whose payload was stored cut at `maxPayloadBytes`, since the database was created. */
  truncatedOnStore: number
}
