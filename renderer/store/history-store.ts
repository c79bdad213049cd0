// The message history of the selected topic, paged from the backend's history store: the newest page
// first, newer messages fetched when the tree says some arrived, older pages on request. Bounded: at most
// MAX_KEPT messages stay in the page (the oldest go, and "older" can fetch them again). Also holds the
// message the detail shows, and whole payloads fetched for cut previews. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError, InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { HistoryCursor, HistoryMessage } from '../../shared/model/history'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

/** Messages per page. */
export const HISTORY_PAGE_SIZE = 50
/** Each payload in a page is cut to this many bytes; the detail fetches the whole one on request. */
export const HISTORY_PREVIEW_BYTES = 4096
/** Messages kept in memory for one topic; beyond it the oldest are dropped (and can be fetched again). */
export const MAX_KEPT = 500
/** Whole payloads kept, by message id (a 5 MB payload each, at most). */
const MAX_FULL_PAYLOADS = 4

export interface HistoryState {
  connectionId: string | null
  topic: string | null
  /** Newest first. */
  messages: readonly HistoryMessage[]
  /** More messages exist before the oldest one here. */
  hasOlder: boolean
  /** Messages the topic holds in the store (from the first page), or null before it arrives. */
  total: number | null
  loading: boolean
  error: AppError | null
  /** The message the detail shows; null follows the newest. */
  selectedId: number | null
  /** Whole messages fetched for cut previews, by id. */
  full: ReadonlyMap<number, HistoryMessage>
  /** Ids whose whole payload is being fetched. */
  fetchingFull: ReadonlySet<number>
  attach(api: Api | null): void
  /** Shows a topic's history (null: none), starting from its newest page. */
  show(connectionId: string | null, topic: string | null): Promise<void>
  /** Fetches what arrived since the newest message shown (called when the tree reports new messages). */
  refresh(): Promise<void>
  loadOlder(): Promise<void>
  select(id: number | null): void
  loadFull(id: number): Promise<void>
}


const cursorOf = (m: HistoryMessage): HistoryCursor => ({ receivedAt: m.receivedAt, id: m.id })

export function createHistoryStore() {
  return createStore<HistoryState>()((set, get) => {
    let api: Api | null = null
    /** Bumped by show(): answers for an earlier topic are ignored. */
    let generation = 0
    let refreshing = false
    let refreshAgain = false
    /** A refresh asked for while a page was loading: it runs once that page is in. */
    let refreshAfterLoad = false
    const loaded = (): void => {
      if (!refreshAfterLoad) return
      refreshAfterLoad = false
      void get().refresh()
    }

    const call = <C extends InvokeChannel>(channel: C, req: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>> =>
      api === null ? Promise.resolve({ ok: false, error: NOT_ATTACHED }) : invokeSafely(api, channel, req)

    const page = (extra: { before?: HistoryCursor; after?: HistoryCursor }) => {
      const { connectionId, topic } = get()
      return call('history:page', { connectionId: connectionId!, topic: topic!, limit: HISTORY_PAGE_SIZE, payloadPreviewBytes: HISTORY_PREVIEW_BYTES, ...extra })
    }

    return {
      connectionId: null,
      topic: null,
      messages: [],
      hasOlder: false,
      total: null,
      loading: false,
      error: null,
      selectedId: null,
      full: new Map(),
      fetchingFull: new Set(),

      attach(next) {
        api = next
      },

      async show(connectionId, topic) {
        const mine = ++generation
        refreshAgain = false
        set({ connectionId, topic, messages: [], hasOlder: false, total: null, error: null, selectedId: null, full: new Map(), fetchingFull: new Set(), loading: topic !== null })
        if (connectionId === null || topic === null) return
        const result = await page({})
        if (mine !== generation) return
        if (!result.ok) return set({ loading: false, error: result.error })
        set({ loading: false, messages: result.value.messages, hasOlder: result.value.hasMore, total: result.value.totalForTopic ?? null })
        loaded()
      },

      async refresh() {
        if (get().topic === null) return
        if (get().loading) {
          refreshAfterLoad = true // what arrives meanwhile may be newer than the page being loaded
          return
        }
        // One request at a time: a burst of tree updates becomes one more request after the current one.
        if (refreshing) {
          refreshAgain = true
          return
        }
        refreshing = true
        try {
          do {
            refreshAgain = false
            const mine = generation
            const newest = get().messages[0]
            if (newest === undefined) {
              await get().show(get().connectionId, get().topic)
              return
            }
            const result = await page({ after: cursorOf(newest) })
            if (mine !== generation) return
            if (!result.ok) return set({ error: result.error })
            const added = result.value.messages
            if (added.length === 0) continue
            const merged = [...added, ...get().messages]
            // After a burst bigger than a page, the gap between the two pages is simply not shown: start over.
            if (result.value.hasMore) {
              await get().show(get().connectionId, get().topic)
              return
            }
            set({
              messages: merged.slice(0, MAX_KEPT),
              hasOlder: get().hasOlder || merged.length > MAX_KEPT,
              total: get().total === null ? null : get().total! + added.length,
              error: null,
            })
          } while (refreshAgain)
        } finally {
          refreshing = false
        }
      },

      async loadOlder() {
        const oldest = get().messages.at(-1)
        if (oldest === undefined || !get().hasOlder || get().loading) return
        const mine = generation
        set({ loading: true })
        const result = await page({ before: cursorOf(oldest) })
        if (mine !== generation) return
        if (!result.ok) return set({ loading: false, error: result.error })
        const messages = [...get().messages, ...result.value.messages]
        // Keep the newest MAX_KEPT: reading far back drops the newest ones, which a refresh brings back.
        set({ loading: false, messages: messages.slice(-MAX_KEPT), hasOlder: result.value.hasMore, error: null })
        loaded()
      },

      select(id) {
        set({ selectedId: id })
      },

      async loadFull(id) {
        if (get().full.has(id) || get().fetchingFull.has(id)) return
        const mine = generation
        set({ fetchingFull: new Set([...get().fetchingFull, id]) })
        const result = await call('history:message', { id })
        if (mine !== generation) return
        const fetching = new Set(get().fetchingFull)
        fetching.delete(id)
        if (!result.ok) return set({ fetchingFull: fetching, error: result.error })
        const full = new Map(get().full)
        full.set(id, result.value)
        for (const key of [...full.keys()].slice(0, Math.max(0, full.size - MAX_FULL_PAYLOADS))) full.delete(key)
        set({ fetchingFull: fetching, full })
      },
    }
  })
}

export const historyStore = createHistoryStore()

export function useHistory<T>(selector: (s: HistoryState) => T): T {
  return useStore(historyStore, selector)
}

/** The message the detail shows (the selected one, else the newest), with its whole payload when fetched. */
export function selectShownMessage(s: HistoryState): { message: HistoryMessage; previous: HistoryMessage | null } | null {
  const index = s.selectedId === null ? 0 : s.messages.findIndex((m) => m.id === s.selectedId)
  const found = s.messages[index]
  if (found === undefined) return null
  const previous = s.messages[index + 1] ?? null
  return { message: s.full.get(found.id) ?? found, previous: previous === null ? null : s.full.get(previous.id) ?? previous }
}
