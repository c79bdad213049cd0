// The QoS lab's trace in the page: the newest packets (at most LAB_KEEP; older ones are let go and
// counted), pulled from the backend a few times a second while the lab is open, never one IPC message
// per packet. Live follows the newest; paused holds a position that steps and scrubs through what is kept.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import { DEFAULT_TRACE_FILTER, EMBEDDED_TRACE, MAX_TRACE_PAGE, type TraceEvent, type TraceFilter } from '../../shared/model/lab-trace'
import { invokeSafely } from './invoke-safely'

export const LAB_KEEP = 2000
export const LAB_POLL_MS = 250
/** Pages fetched in one poll at most, so a backlog arrives over a few polls instead of one long one. */
const PAGES_PER_POLL = 4

export interface LabState {
  events: TraceEvent[]
  afterSeq: number
  /** Dropped by the backend's bound, and let go here beyond LAB_KEEP. */
  droppedBackend: number
  droppedHere: number
  capacity: number
  recordingSince: number | null
  filter: TraceFilter
  /** EMBEDDED_TRACE or one of the app's connections (seen from this side). */
  source: string
  seenFromThisSide: boolean
  /** null: live (the newest is shown); a number: paused, showing events up to this index. */
  cursor: number | null
  presenter: boolean
  error: AppError | null
  attach(api: Api | null): void
  poll(): Promise<void>
  setFilter(filter: TraceFilter): Promise<void>
  setSource(source: string): Promise<void>
  pause(): void
  live(): void
  /** Moves the paused position by `delta` events (pauses first when live). */
  step(delta: number): void
  scrub(index: number): void
  clear(): Promise<void>
  setPresenter(on: boolean): void
}

export const labStore = createStore<LabState>()((set, get) => {
  let api: Api | null = null
  let polling = false
  return {
    events: [],
    afterSeq: 0,
    droppedBackend: 0,
    droppedHere: 0,
    capacity: 0,
    recordingSince: null,
    filter: DEFAULT_TRACE_FILTER,
    source: EMBEDDED_TRACE,
    seenFromThisSide: false,
    cursor: null,
    presenter: false,
    error: null,
    attach(next) {
      api = next
    },
    async poll() {
      if (api === null || polling) return
      polling = true
      try {
        for (let i = 0; i < PAGES_PER_POLL; i++) {
          const { afterSeq, filter, source } = get()
          const r = await invokeSafely(api, 'lab:trace', { source, afterSeq, limit: MAX_TRACE_PAGE, filter })
          if (!r.ok) return set({ error: r.error })
          if (get().filter !== filter || get().source !== source) return // changed meanwhile: the new poll starts afresh
          const page = r.value
          const lastShown = page.events.at(-1)?.seq ?? (page.more ? afterSeq : Math.max(afterSeq, page.lastSeq))
          set((s) => {
            const all = page.events.length === 0 ? s.events : [...s.events, ...page.events]
            const excess = Math.max(0, all.length - LAB_KEEP)
            return {
              events: excess === 0 ? all : all.slice(excess),
              droppedHere: s.droppedHere + excess,
              // A paused view keeps showing the same packets while older ones are let go.
              cursor: s.cursor === null ? null : Math.max(0, s.cursor - excess),
              afterSeq: lastShown, droppedBackend: page.dropped, capacity: page.capacity, recordingSince: page.recordingSince, seenFromThisSide: page.seenFromThisSide, error: null,
            }
          })
          if (!page.more) return
        }
      } finally {
        polling = false
      }
    },
    async setFilter(filter) {
      set({ filter, events: [], afterSeq: 0, droppedHere: 0, cursor: null })
      await get().poll()
    },
    async setSource(source) {
      set({ source, events: [], afterSeq: 0, droppedHere: 0, cursor: null })
      await get().poll()
    },
    pause() {
      const { events, cursor } = get()
      if (cursor === null) set({ cursor: Math.max(0, events.length - 1) })
    },
    live() {
      set({ cursor: null })
    },
    step(delta) {
      const { events, cursor } = get()
      const from = cursor ?? events.length - 1
      set({ cursor: Math.min(Math.max(0, from + delta), Math.max(0, events.length - 1)) })
    },
    scrub(index) {
      set({ cursor: Math.min(Math.max(0, index), Math.max(0, get().events.length - 1)) })
    },
    async clear() {
      // A connection's trace is only let go of here: the backend's ring of it is nobody else's concern.
      if (api !== null && get().source === EMBEDDED_TRACE) await invokeSafely(api, 'lab:trace-clear', null)
      set((s) => ({ events: [], droppedHere: 0, cursor: null, afterSeq: s.afterSeq }))
    },
    setPresenter(on) {
      set({ presenter: on })
    },
  }
})

export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(labStore, selector)
}
