// The broker console's subscriptions: the search and page shown, and the last "who receives" answer.
// ipc-sync attaches the Api; the Broker view refreshes the page at 1 Hz.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { SubscriptionsPage, WhoReceives } from '../../shared/model/broker-subscriptions'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export const SUBSCRIPTIONS_PAGE_SIZE = 50

export interface SubscriptionsState {
  text: string
  offset: number
  page: SubscriptionsPage | null
  answer: WhoReceives | null
  error: AppError | null
  attach(api: Api | null): void
  setText(text: string): Promise<void>
  setOffset(offset: number): Promise<void>
  refresh(): Promise<void>
  ask(topic: string): Promise<void>
}


export const subscriptionsStore = createStore<SubscriptionsState>()((set, get) => {
  let api: Api | null = null
  let latest = 0
  return {
    text: '',
    offset: 0,
    page: null,
    answer: null,
    error: null,
    attach(next) {
      api = next
    },
    async setText(text) {
      set({ text, offset: 0 })
      await get().refresh()
    },
    async setOffset(offset) {
      set({ offset: Math.max(0, offset) })
      await get().refresh()
    },
    async refresh() {
      if (api === null) return set({ error: NOT_ATTACHED })
      const mine = ++latest
      const result = await invokeSafely(api, 'console:subscriptions', { text: get().text, offset: get().offset, limit: SUBSCRIPTIONS_PAGE_SIZE })
      if (mine !== latest) return
      set(result.ok ? { page: result.value, error: null } : { error: result.error })
    },
    async ask(topic) {
      if (api === null) return set({ error: NOT_ATTACHED })
      const result = await invokeSafely(api, 'console:who-receives', { topic })
      set(result.ok ? { answer: result.value, error: null } : { answer: null, error: result.error })
    },
  }
})

export function useSubscriptions<T>(selector: (s: SubscriptionsState) => T): T {
  return useStore(subscriptionsStore, selector)
}
