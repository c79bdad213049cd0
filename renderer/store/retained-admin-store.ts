// The broker console's retained store: the filter and page shown, a delete being confirmed (with the topics
// it would remove), and the last delete's undo. ipc-sync attaches the Api; the Broker view refreshes at 1 Hz.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { RetainedPage } from '../../shared/model/broker-retained'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export const RETAINED_PAGE_SIZE = 50

export type RetainedAdminPhase =
  | { kind: 'idle' }
  | { kind: 'confirm'; label: string; topics: string[] }
  | { kind: 'deleted'; deleted: number; undoId: string }
  | { kind: 'restored'; restored: number; skipped: number }

export interface RetainedAdminState {
  filter: string
  offset: number
  page: RetainedPage | null
  phase: RetainedAdminPhase
  error: AppError | null
  attach(api: Api | null): void
  setFilter(filter: string): Promise<void>
  setOffset(offset: number): Promise<void>
  refresh(): Promise<void>
  /** Asks to delete one topic, or (with `subtree`) every topic the current filter matches: shows the preview. */
  ask(topic: string | null): Promise<void>
  confirm(): Promise<void>
  cancel(): void
  undo(): Promise<void>
}


export const retainedAdminStore = createStore<RetainedAdminState>()((set, get) => {
  let api: Api | null = null
  let latest = 0
  /** A delete or undo is running. */
  let busy = false
  const fail = (error: AppError): void => set({ error })
  return {
    filter: '',
    offset: 0,
    page: null,
    phase: { kind: 'idle' },
    error: null,
    attach(next) {
      api = next
    },
    async setFilter(filter) {
      set({ filter, offset: 0 })
      await get().refresh()
    },
    async setOffset(offset) {
      set({ offset: Math.max(0, offset) })
      await get().refresh()
    },
    async refresh() {
      if (api === null) return fail(NOT_ATTACHED)
      const mine = ++latest
      const result = await invokeSafely(api, 'console:retained', { filter: get().filter, offset: get().offset, limit: RETAINED_PAGE_SIZE })
      if (mine !== latest) return
      set(result.ok ? { page: result.value, error: null } : { error: result.error })
    },
    async ask(topic) {
      if (api === null) return fail(NOT_ATTACHED)
      if (topic !== null) return set({ phase: { kind: 'confirm', label: topic, topics: [topic] } })
      const result = await invokeSafely(api, 'console:retained-topics', { filter: get().filter })
      if (!result.ok) return fail(result.error)
      set({ phase: { kind: 'confirm', label: get().filter === '' ? '#' : get().filter, topics: result.value.topics } })
    },
    async confirm() {
      const phase = get().phase
      if (phase.kind !== 'confirm' || api === null || busy) return
      busy = true // a second click while the first delete runs would delete nothing and lose the undo
      try {
        const result = await invokeSafely(api, 'console:retained-delete', { topics: phase.topics })
        if (!result.ok) return fail(result.error)
        set({ phase: { kind: 'deleted', deleted: result.value.deleted, undoId: result.value.undoId } })
      } finally {
        busy = false
      }
      await get().refresh()
    },
    cancel() {
      set({ phase: { kind: 'idle' } })
    },
    async undo() {
      const phase = get().phase
      if (phase.kind !== 'deleted' || api === null || busy) return
      busy = true
      try {
        const result = await invokeSafely(api, 'console:retained-undo', { undoId: phase.undoId })
        if (!result.ok) return fail(result.error)
        set({ phase: { kind: 'restored', ...result.value } })
      } finally {
        busy = false
      }
      await get().refresh()
    },
  }
})

export function useRetainedAdmin<T>(selector: (s: RetainedAdminState) => T): T {
  return useStore(retainedAdminStore, selector)
}
