// The backend as the page knows it: fixed facts (app:info), live status (app:status) and the last request
// that failed. Filled by ipc-sync.ts; components read it through the narrow hooks below, never the whole state.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError, InvokeChannel } from '../../shared/ipc/contract'
import type { AppInfo, AppWarning, BackendStatus } from '../../shared/model/app-status'
import { invokeSafely } from './invoke-safely'

/** A failed request, kept so the UI can say what went wrong. */
export interface RequestError {
  channel: InvokeChannel
  error: AppError
}

export interface AppState {
  info: AppInfo | null
  status: BackendStatus | null
  lastError: RequestError | null
  /** Gives the store the Api its actions call (ipc-sync does this at start; null detaches it). */
  attach(api: Api | null): void
  /** Hides a warning at once and tells the backend, which then stops sending it. */
  dismissWarning(id: string): Promise<void>
  clearError(): void
}

export const appStore = createStore<AppState>()((set, get) => {
  let api: Api | null = null
  return {
    info: null,
    status: null,
    lastError: null,
    attach: (next) => {
      api = next
    },
    dismissWarning: async (id) => {
      const before = get().status
      if (before !== null) set({ status: { ...before, warnings: before.warnings.filter((w) => w.id !== id) } })
      if (api === null) return
      const result = await invokeSafely(api, 'app:dismiss-warning', { id })
      if (!result.ok) {
        set({ lastError: { channel: 'app:dismiss-warning', error: result.error } })
        return
      }
      // A status push may have overtaken the answer; keep whichever is newer.
      const current = get().status
      if (current === null || result.value.at >= current.at) set({ status: result.value })
    },
    clearError: () => set({ lastError: null }),
  }
})

const NO_WARNINGS: readonly AppWarning[] = []

export const useAppInfo = (): AppInfo | null => useStore(appStore, (s) => s.info)
export const useBackendStatus = (): BackendStatus | null => useStore(appStore, (s) => s.status)
export const useWarnings = (): readonly AppWarning[] => useStore(appStore, (s) => s.status?.warnings ?? NO_WARNINGS)
export const useLastError = (): RequestError | null => useStore(appStore, (s) => s.lastError)
