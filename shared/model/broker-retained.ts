// The broker console's retained store: every retained message the embedded broker holds, a page at a
// time, filtered by a topic prefix or an MQTT filter; deleting one or a subtree with a preview; undo.

export interface RetainedRow {
  topic: string
  sizeBytes: number
  qos: 0 | 1 | 2
  publisher: string | null
  receivedAt: number
  expiresAt: number | null
  /** The first bytes as text when they are text, for a glance (the Explorer shows the whole message). */
  preview: string | null
}

export interface RetainedQuery {
  /** An MQTT filter ('home/#', '+/temp') or a plain prefix ('home/'); empty matches all. */
  filter: string
  offset: number
  limit: number
}

export interface RetainedPage {
  rows: RetainedRow[]
  total: number
  /** Every retained message the broker holds, and their payload bytes. */
  held: number
  heldBytes: number
}

export interface RetainedDeleteResult {
  deleted: number
  undoId: string
}

/** One level of the retained store seen as a tree. */
export interface RetainedLevel {
  level: string
  /** The topic of this level ("home/kitchen"). */
  path: string
  /** Retained messages at and below it, and their payload bytes. */
  count: number
  bytes: number
  /** Whether this exact topic holds a retained message. */
  retained: boolean
  hasChildren: boolean
}

/** The levels below `path` (null: the top), at most MAX_RETAINED_LEVELS, with how many there are. */
export interface RetainedLevels {
  path: string | null
  levels: RetainedLevel[]
  total: number
}

export const MAX_RETAINED_LEVELS = 500

export function parseRetainedLevelsRequest(raw: unknown): { path: string | null } | string {
  if (!isObject(raw) || (raw.path !== null && (typeof raw.path !== 'string' || raw.path.length > 65_535))) return 'A retained tree request needs a path (null for the top).'
  return { path: raw.path }
}

export const MAX_RETAINED_PAGE = 500
/** Topics one delete takes at most (the preview shows them all before it). */
export const MAX_RETAINED_DELETE = 100_000

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseRetainedQuery(raw: unknown): RetainedQuery | string {
  if (!isObject(raw) || typeof raw.filter !== 'string' || raw.filter.length > 65_535) return 'A retained query needs a filter (empty for all).'
  const { offset, limit } = raw
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return 'offset must be a whole number.'
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_RETAINED_PAGE) return `limit must be 1 to ${MAX_RETAINED_PAGE}.`
  return { filter: raw.filter, offset, limit }
}

export function parseRetainedDelete(raw: unknown): { topics: string[] } | string {
  if (!isObject(raw) || !Array.isArray(raw.topics) || raw.topics.length === 0 || raw.topics.length > MAX_RETAINED_DELETE) return `A delete needs 1 to ${MAX_RETAINED_DELETE} topics.`
  if (!raw.topics.every((t) => typeof t === 'string' && t !== '')) return 'Every topic must be a non-empty string.'
  return { topics: raw.topics as string[] }
}
