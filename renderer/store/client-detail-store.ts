// The client the broker console shows in detail: which one, the page of its queue, what the backend
// answered, and the administrator's actions on it. Refreshed with the clients table (1 Hz).
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { ClientAction, ClientActionResult, ClientDetail, ClientSubscriptionRow } from '../../shared/model/broker-client-detail'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export const QUEUE_PAGE_SIZE = 100

export interface ClientDetailState {
  clientId: string | null
  queueOffset: number
  detail: ClientDetail | null
  error: AppError | null
  attach(api: Api | null): void
  show(clientId: string | null): Promise<void>
  setQueueOffset(offset: number): Promise<void>
  refresh(): Promise<void>
  act(action: ClientAction): Promise<Result<ClientActionResult>>
  subscribe(subscription: ClientSubscriptionRow): Promise<Result<null>>
  unsubscribe(filter: string): Promise<Result<null>>
}


export const clientDetailStore = createStore<ClientDetailState>()((set, get) => {
  let api: Api | null = null
  let latest = 0
  return {
    clientId: null,
    queueOffset: 0,
    detail: null,
    error: null,
    attach(next) {
      api = next
    },
    async show(clientId) {
      set({ clientId, queueOffset: 0, detail: null, error: null })
      await get().refresh()
    },
    async setQueueOffset(offset) {
      set({ queueOffset: Math.max(0, offset) })
      await get().refresh()
    },
    async refresh() {
      const { clientId, queueOffset } = get()
      if (clientId === null) return
      const mine = ++latest
      const result = api === null ? { ok: false as const, error: NOT_ATTACHED } : await invokeSafely(api, 'console:client', { clientId, queueOffset, queueLimit: QUEUE_PAGE_SIZE })
      if (mine !== latest || get().clientId !== clientId) return
      set(result.ok ? { detail: result.value, error: null } : { error: result.error })
    },
    async subscribe(subscription) {
      const clientId = get().clientId
      if (clientId === null || api === null) return { ok: false, error: NOT_ATTACHED }
      const result = await invokeSafely(api, 'console:client-subscribe', { clientId, subscription })
      await get().refresh()
      return result
    },
    async unsubscribe(filter) {
      const clientId = get().clientId
      if (clientId === null || api === null) return { ok: false, error: NOT_ATTACHED }
      const result = await invokeSafely(api, 'console:client-unsubscribe', { clientId, filter })
      await get().refresh()
      return result
    },
    async act(action) {
      const clientId = get().clientId
      if (clientId === null || api === null) return { ok: false, error: NOT_ATTACHED }
      const result = await invokeSafely(api, 'console:client-action', { clientId, action })
      await get().refresh()
      return result
    },
  }
})

export function useClientDetail<T>(selector: (s: ClientDetailState) => T): T {
  return useStore(clientDetailStore, selector)
}
