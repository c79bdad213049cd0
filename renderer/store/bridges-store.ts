// The broker console's bridges: the list with each one's state and counters (refreshed with the Broker
// view's 1 Hz refresh), and saving or removing one. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import type { BridgeSave, BridgeView } from '../../shared/model/bridge'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface BridgesState {
  bridges: BridgeView[] | null
  error: AppError | null
  attach(api: Api | null): void
  refresh(): Promise<void>
  /** True when saved. */
  save(bridge: BridgeSave): Promise<boolean>
  remove(id: string): Promise<void>
}


export const bridgesStore = createStore<BridgesState>()((set) => {
  let api: Api | null = null
  return {
    bridges: null,
    error: null,
    attach(next) {
      api = next
    },
    async refresh() {
      if (api === null) return set({ error: NOT_ATTACHED })
      const r = await invokeSafely(api, 'console:bridges', null)
      set(r.ok ? { bridges: r.value, error: null } : { error: r.error })
    },
    async save(bridge) {
      if (api === null) return false
      const r = await invokeSafely(api, 'console:bridge-save', bridge)
      set(r.ok ? { bridges: r.value, error: null } : { error: r.error })
      return r.ok
    },
    async remove(id) {
      if (api === null) return
      const r = await invokeSafely(api, 'console:bridge-remove', { id })
      set(r.ok ? { bridges: r.value, error: null } : { error: r.error })
    },
  }
})

export function useBridges<T>(selector: (s: BridgesState) => T): T {
  return useStore(bridgesStore, selector)
}
