// Validation of history page requests coming from the page (the trust boundary of 'history:page').
import type { HistoryCursor, HistoryPageRequest } from './history'

/** Largest page a request may ask for (the store caps it too). */
export const MAX_HISTORY_PAGE = 1000

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function parseCursor(raw: unknown, name: string): HistoryCursor | null | string {
  if (raw === undefined || raw === null) return null
  if (!isObject(raw) || typeof raw.receivedAt !== 'number' || typeof raw.id !== 'number') return `"${name}" must be { receivedAt, id }.`
  return { receivedAt: raw.receivedAt, id: raw.id }
}

/** The request, or a sentence naming the first bad field. */
export function parseHistoryPageRequest(raw: unknown): HistoryPageRequest | string {
  if (!isObject(raw)) return 'A history request must be an object.'
  if (typeof raw.connectionId !== 'string' || raw.connectionId === '') return 'A history request needs a connection id.'
  if (typeof raw.topic !== 'string' || raw.topic.length > 65_535) return 'A history request needs a topic.'
  if (typeof raw.limit !== 'number' || !Number.isInteger(raw.limit) || raw.limit < 1 || raw.limit > MAX_HISTORY_PAGE) {
    return `The page size must be a whole number from 1 to ${MAX_HISTORY_PAGE}.`
  }
  const before = parseCursor(raw.before, 'before')
  if (typeof before === 'string') return before
  const after = parseCursor(raw.after, 'after')
  if (typeof after === 'string') return after
  const preview = raw.payloadPreviewBytes
  if (preview !== undefined && (typeof preview !== 'number' || !Number.isInteger(preview) || preview < 0)) return 'The preview size must be a whole number of bytes.'
  return {
    connectionId: raw.connectionId, topic: raw.topic, includeSubtopics: raw.includeSubtopics === true, before, after, limit: raw.limit,
    ...(preview !== undefined ? { payloadPreviewBytes: preview as number } : {}),
  }
}
