// The broker console's retained store seen as a tree: the levels fetched for the top and for each
// expanded level only (bounded by what the user opens), refreshed with the Broker view's 1 Hz refresh.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api } from '../../shared/ipc/contract'
import type { RetainedLevels } from '../../shared/model/broker-retained'
import { invokeSafely } from './invoke-safely'

/** The key of the top of the tree (null path) in `levels`: no topic level can be this string. */
export const TOP = '\u0000top'

export interface RetainedTreeState {
  /** Fetched levels by parent path (TOP for the top). */
  levels: Record<string, RetainedLevels>
  expanded: string[]
  attach(api: Api | null): void
  toggle(path: string): Promise<void>
  refresh(): Promise<void>
}

export const retainedTreeStore = createStore<RetainedTreeState>()((set, get) => {
  let api: Api | null = null
  const fetch = async (path: string | null): Promise<void> => {
    if (api === null) return
    const r = await invokeSafely(api, 'console:retained-levels', { path })
    if (r.ok) set((s) => ({ levels: { ...s.levels, [path ?? TOP]: r.value } }))
  }
  return {
    levels: {},
    expanded: [],
    attach(next) {
      api = next
    },
    async toggle(path) {
      const open = get().expanded.includes(path)
      // Closing a level closes what is below it too, and forgets their levels.
      const below = (p: string) => p === path || p.startsWith(`${path}/`)
      set((s) => ({
        expanded: open ? s.expanded.filter((p) => !below(p)) : [...s.expanded, path],
        levels: open ? Object.fromEntries(Object.entries(s.levels).filter(([p]) => !below(p))) : s.levels,
      }))
      if (!open) await fetch(path)
    },
    async refresh() {
      await Promise.all([fetch(null), ...get().expanded.map((p) => fetch(p))])
    },
  }
})

export function useRetainedTree<T>(selector: (s: RetainedTreeState) => T): T {
  return useStore(retainedTreeStore, selector)
}
