// The QoS lab's virtual clients and fault rules in the page, refreshed with the lab's polling, and the
// actions on them. ipc-sync attaches the Api.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError, InvokeRequest } from '../../shared/ipc/contract'
import type { FaultRule, LabSimState, VirtualClientAction, VirtualClientConfig } from '../../shared/model/lab-sim'
import { invokeSafely } from './invoke-safely'

export interface LabSimStore {
  sim: LabSimState
  error: AppError | null
  attach(api: Api | null): void
  refresh(): Promise<void>
  /** True when done. */
  addClient(config: VirtualClientConfig): Promise<boolean>
  act(clientId: string, action: VirtualClientAction): Promise<boolean>
  addFault(rule: Omit<FaultRule, 'id' | 'hits'>): Promise<boolean>
  removeFault(id: string): Promise<void>
  release(id: number | 'all'): Promise<void>
}

type SimChannel = 'lab:sim' | 'lab:client-add' | 'lab:client-action' | 'lab:fault-add' | 'lab:fault-remove' | 'lab:fault-release'

export const EMPTY_SIM: LabSimState = { clients: [], faults: [], held: [] }

export const labSimStore = createStore<LabSimStore>()((set, get) => {
  let api: Api | null = null
  /** Every lab channel answers with the whole state, which replaces ours. */
  const apply = async <C extends SimChannel>(channel: C, req: InvokeRequest<C>): Promise<boolean> => {
    if (api === null) return false
    const r = await invokeSafely(api, channel, req)
    if (!r.ok) {
      set({ error: r.error })
      return false
    }
    // The lab polls this 4 times a second: an unchanged state keeps its object, so nothing re-renders.
    const same = JSON.stringify(r.value) === JSON.stringify(get().sim)
    if (!same || get().error !== null) set(same ? { error: null } : { sim: r.value as LabSimState, error: null })
    return true
  }
  return {
    sim: EMPTY_SIM,
    error: null,
    attach(next) {
      api = next
    },
    async refresh() {
      await apply('lab:sim', null)
    },
    addClient: (config) => apply('lab:client-add', config),
    act: (clientId, action) => apply('lab:client-action', { clientId, action }),
    addFault: (rule) => apply('lab:fault-add', rule),
    async removeFault(id) {
      await apply('lab:fault-remove', { id })
    },
    async release(id) {
      await apply('lab:fault-release', { id })
    },
  }
})

export function useLabSim<T>(selector: (s: LabSimStore) => T): T {
  return useStore(labSimStore, selector)
}
