// Which main view is showing. Changed by the sidebar, the Ctrl/Cmd+digit shortcuts and the native menu
// (the app:navigate push); not persisted.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { VIEW_IDS, type ViewId } from '../../shared/model/views'

export interface NavigationState {
  view: ViewId
  navigate(view: ViewId): void
}

export const navigationStore = createStore<NavigationState>()((set) => ({
  view: VIEW_IDS[0] ?? 'about',
  navigate: (view) => set({ view }),
}))

export const useCurrentView = (): ViewId => useStore(navigationStore, (s) => s.view)
