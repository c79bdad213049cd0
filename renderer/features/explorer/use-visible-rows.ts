// The visible tree rows for the current structure, expanded set, search and sort, from one memoized selector that
// the tree and the search count share (so the search runs once per change), and the live-sort re-sort timer.
import { useEffect, useMemo } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useExplorerConnections } from '../../store/explorer-store'
import { topicTreeStore } from '../../store/topic-tree-store'
import { isLiveSort, treeViewStore, useTreeSort } from '../../store/tree-view-store'
import { createVisibleRowsSelector, type VisibleRows } from './flatten-visible'
import { parseTreeSearch } from './tree-search'

/**
 * How often a live-value sort (messages, rate, last update) re-sorts. Deltas arrive every ~100 ms and change
 * those values, but they never rebuild the rows themselves (house style B4): the order is refreshed only on
 * this tick, on a structure change, or at once when the user picks a sort, so rows do not jump on every delta.
 */
export const RESORT_INTERVAL_MS = 1_000

// One for the page, like the stores: its caches are keyed by structureVersion, which only grows in a store's life.
let selectVisibleRows = createVisibleRowsSelector()

/** Drops the cached rows and indexes: for tests, which reset the stores (and so structureVersion) between cases. */
export function resetVisibleRows(): void {
  selectVisibleRows = createVisibleRowsSelector()
}

export function useVisibleRows(): VisibleRows {
  const connections = useExplorerConnections()
  const structureVersion = useStore(topicTreeStore, (s) => s.structureVersion)
  const expanded = useStore(topicTreeStore, (s) => s.expanded)
  const { query, sort, sortTick } = useStore(treeViewStore, useShallow((s) => ({ query: s.query, sort: s.sort, sortTick: s.sortTick })))
  const search = useMemo(() => parseTreeSearch(query), [query])
  // Node values are not read here: rows subscribe to their own node, so a count change skips the tree.
  return selectVisibleRows({ connections, trees: topicTreeStore.getState().trees, expanded, sort, search }, structureVersion,
    isLiveSort(sort) ? sortTick : 0)
}

/** While a live-value sort is chosen, advances the re-sort tick every {@link RESORT_INTERVAL_MS} (not while paused). */
export function useResortTimer(): void {
  const sort = useTreeSort()
  useEffect(() => {
    if (!isLiveSort(sort)) return undefined
    const handle = setInterval(() => {
      if (!topicTreeStore.getState().paused) treeViewStore.getState().tick()
    }, RESORT_INTERVAL_MS)
    return () => clearInterval(handle)
  }, [sort])
}
