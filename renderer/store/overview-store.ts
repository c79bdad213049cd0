// The broker console's overview (live figures, drops, 15 minutes of samples), pulled from the backend on
// each status push while the Broker view is open. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { BrokerOverview } from '../../shared/model/broker-overview'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface OverviewState {
  overview: BrokerOverview | null
  error: AppError | null
  attach(api: Api | null): void
  refresh(): Promise<void>
}


export const overviewStore = createStore<OverviewState>()((set) => {
  let api: Api | null = null
  return {
    overview: null,
    error: null,
    attach(next) {
      api = next
    },
    async refresh() {
      const result = api === null ? { ok: false as const, error: NOT_ATTACHED } : await invokeSafely(api, 'console:overview', null)
      set(result.ok ? { overview: result.value, error: null } : { error: result.error })
    },
  }
})

export function useOverview<T>(selector: (s: OverviewState) => T): T {
  return useStore(overviewStore, selector)
}
