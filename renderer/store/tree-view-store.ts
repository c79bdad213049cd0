// How the Explorer shows its tree, not what is in it: the search box text and the sort order, plus the
// re-sort tick that live-value sorts advance once per second (TopicTree's timer). Page-local, never persisted.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'

/** Sort orders of sibling rows: by level name (natural order), or by a live value, largest or newest first. */
export type TreeSort = 'name' | 'messages' | 'rate' | 'updated'

export const TREE_SORTS: readonly TreeSort[] = ['name', 'messages', 'rate', 'updated']

/** Sorts by a value that changes with every delta: re-sorted on a timer, not on every delta. */
export const isLiveSort = (sort: TreeSort): boolean => sort !== 'name'

export interface TreeViewState {
  query: string
  sort: TreeSort
  /** Bumped by the re-sort timer while a live sort is chosen: the visible rows are re-sorted then. */
  sortTick: number
  setQuery(query: string): void
  setSort(sort: TreeSort): void
  tick(): void
}

export const treeViewStore = createStore<TreeViewState>()((set) => ({
  query: '',
  sort: 'name',
  sortTick: 0,
  setQuery: (query) => set({ query }),
  setSort: (sort) => set({ sort }),
  tick: () => set((s) => ({ sortTick: s.sortTick + 1 })),
}))

export const useTreeQuery = (): string => useStore(treeViewStore, (s) => s.query)
export const useTreeSort = (): TreeSort => useStore(treeViewStore, (s) => s.sort)
