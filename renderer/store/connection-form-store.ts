// Whether the Explorer's connection form is open, and on which profile: a new one (editing null) or a saved
// one, opened from the saved list or from an open connection's root row.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { SavedProfile } from '../../shared/model/explorer'

export interface ConnectionFormState {
  form: { editing: SavedProfile | null } | null
  openNew(): void
  openEdit(saved: SavedProfile): void
  close(): void
}

export const connectionFormStore = createStore<ConnectionFormState>()((set) => ({
  form: null,
  openNew: () => set({ form: { editing: null } }),
  openEdit: (saved) => set({ form: { editing: saved } }),
  close: () => set({ form: null }),
}))

export const useConnectionForm = (): ConnectionFormState['form'] => useStore(connectionFormStore, (s) => s.form)
