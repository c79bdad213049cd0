// The broker console's clients table: the query (filter, state, sort, page) and the page the backend
// answered. The table pulls: on a query change, and on each status push (1 Hz) while the view is open.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { ClientsPage, ClientsQuery } from '../../shared/model/broker-clients'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export const CLIENTS_PAGE_SIZE = 50

export interface ClientsState {
  query: ClientsQuery
  page: ClientsPage | null
  error: AppError | null
  attach(api: Api | null): void
  /** Changes the query (a filter or sort change goes back to the first page) and fetches. */
  setQuery(patch: Partial<ClientsQuery>): Promise<void>
  refresh(): Promise<void>
}

const FIRST: ClientsQuery = { text: '', state: 'all', sort: 'clientId', descending: false, offset: 0, limit: CLIENTS_PAGE_SIZE }

export const clientsStore = createStore<ClientsState>()((set, get) => {
  let api: Api | null = null
  let latest = 0
  return {
    query: FIRST,
    page: null,
    error: null,
    attach(next) {
      api = next
    },
    async setQuery(patch) {
      const keepsPage = Object.keys(patch).every((k) => k === 'offset')
      set({ query: { ...get().query, ...patch, ...(keepsPage ? {} : { offset: 0 }) } })
      await get().refresh()
    },
    async refresh() {
      const mine = ++latest
      const result = api === null ? { ok: false as const, error: NOT_ATTACHED } : await invokeSafely(api, 'console:clients', get().query)
      if (mine !== latest) return // an older answer must not replace a newer query's
      set(result.ok ? { page: result.value, error: null } : { error: result.error })
    },
  }
})

export function useClients<T>(selector: (s: ClientsState) => T): T {
  return useStore(clientsStore, selector)
}
