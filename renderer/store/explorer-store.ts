// The explorer's connections (one root each in the topic tree), from explorer:connections answers and pushes.
// Filled by ipc-sync.ts only; components read it through the hooks below.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { ExplorerConnection } from '../../shared/model/explorer'

export interface ExplorerState {
  connections: readonly ExplorerConnection[]
  /** False until the first list arrives (the view then says "loading", not "no connection"). */
  loaded: boolean
}

export const explorerStore = createStore<ExplorerState>()(() => ({ connections: [], loaded: false }))

export const useExplorerConnections = (): readonly ExplorerConnection[] => useStore(explorerStore, (s) => s.connections)
export const useConnectionsLoaded = (): boolean => useStore(explorerStore, (s) => s.loaded)
export const useExplorerConnection = (id: string): ExplorerConnection | undefined =>
  useStore(explorerStore, (s) => s.connections.find((c) => c.id === id))
