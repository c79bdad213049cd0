// Clearing retained messages from the UI: which topics hold one, clearing them in chunks (so the page
// can show progress), and undoing a clear by publishing the cleared messages again.

/** Topics one 'retained:clear' call takes at most; the page sends bigger sets in chunks. */
export const MAX_CLEAR_CHUNK = 500
/** Topics 'retained:list' returns at most. */
export const MAX_RETAINED_LIST = 100_000

export interface RetainedListRequest {
  connectionId: string
  topic: string
  /** Also every topic below `topic`. */
  subtree: boolean
}

export interface RetainedList {
  topics: string[]
  /** More retained topics exist than MAX_RETAINED_LIST. */
  truncated: boolean
}

export interface ClearRetainedRequest {
  connectionId: string
  topics: string[]
  /** The undo record of the earlier chunks of the same clear, to add this chunk to; null starts one. */
  undoId: string | null
}

export interface TopicFailure {
  topic: string
  reason: string
}

export interface ClearRetainedResult {
  cleared: string[]
  failed: TopicFailure[]
  undoId: string
  /** Cleared topics whose message the history still had, so undo can bring them back (in this record, all chunks). */
  undoable: number
}

export interface UndoClearResult {
  restored: number
  failed: TopicFailure[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= 200

export function parseRetainedListRequest(raw: unknown): RetainedListRequest | string {
  if (!isObject(raw) || !isId(raw.connectionId)) return 'A retained list request needs a connection id.'
  if (typeof raw.topic !== 'string' || raw.topic === '' || raw.topic.length > 65_535) return 'A retained list request needs a topic.'
  return { connectionId: raw.connectionId, topic: raw.topic, subtree: raw.subtree === true }
}

export function parseClearRetainedRequest(raw: unknown): ClearRetainedRequest | string {
  if (!isObject(raw) || !isId(raw.connectionId)) return 'A clear request needs a connection id.'
  if (!Array.isArray(raw.topics) || raw.topics.length === 0 || raw.topics.length > MAX_CLEAR_CHUNK || !raw.topics.every((t) => typeof t === 'string' && t !== '')) {
    return `A clear request needs 1 to ${MAX_CLEAR_CHUNK} topics.`
  }
  if (raw.undoId !== null && raw.undoId !== undefined && !isId(raw.undoId)) return 'The undo id must be a string.'
  return { connectionId: raw.connectionId, topics: raw.topics as string[], undoId: (raw.undoId as string | null | undefined) ?? null }
}
