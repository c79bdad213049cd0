// The saved connection profiles (without secrets) and the actions on them: save, delete, open, close.
// ipc-sync attaches the Api and refreshes the list at start and after each reconnect; save and delete refresh it too.
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError, InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import type { SavedProfile, SaveProfileRequest } from '../../shared/model/explorer'
import type { ImportResult, ProfilesExport } from '../../shared/model/profile-transfer'
import { invokeSafely, NOT_ATTACHED } from './invoke-safely'

export interface ProfilesState {
  profiles: readonly SavedProfile[]
  /** False until the first list arrives. */
  loaded: boolean
  /** The last failure of an action started outside the form (list, connect, close, delete), shown in the Explorer. */
  error: AppError | null
  /** Gives the store the Api its actions call (ipc-sync does this at start; null detaches it). */
  attach(api: Api | null): void
  refresh(): Promise<void>
  /** The actions return their failure; the caller shows it (the form) or passes it to {@link report}. */
  save(req: SaveProfileRequest): Promise<Result<SavedProfile>>
  /** Deletes a profile and refreshes the list. */
  remove(id: string): Promise<Result<null>>
  open(id: string): Promise<Result<null>>
  close(id: string): Promise<Result<null>>
  /** Every saved profile as an export document (secrets only when asked). */
  exportAll(includeSecrets: boolean): Promise<Result<ProfilesExport>>
  /** Adds the profiles of an export file's text, then refreshes the list. */
  importJson(json: string): Promise<Result<ImportResult>>
  /** Keeps a failed action's error for the Explorer's banner (success clears it). */
  report(result: Result<unknown>): void
  clearError(): void
}


export const profilesStore = createStore<ProfilesState>()((set, get) => {
  let api: Api | null = null
  // Only the newest list request may set the list: an older answer would bring back a deleted profile.
  let latestRefresh = 0

  const call = <C extends InvokeChannel>(channel: C, req: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>> =>
    api === null ? Promise.resolve({ ok: false, error: NOT_ATTACHED }) : invokeSafely(api, channel, req)

  return {
    profiles: [],
    loaded: false,
    error: null,
    attach: (next) => {
      api = next
    },
    refresh: async () => {
      if (api === null) return
      const seq = ++latestRefresh
      const result = await call('connections:profiles', null)
      if (seq !== latestRefresh) return
      if (result.ok) set({ profiles: result.value, loaded: true })
      else set({ error: result.error })
    },
    save: async (req) => {
      const result = await call('connections:save', req)
      if (result.ok) await get().refresh()
      return result
    },
    remove: async (id) => {
      const result = await call('connections:delete', { id })
      if (result.ok) await get().refresh()
      return result
    },
    open: (id) => call('connections:open', { id }),
    close: (id) => call('connections:close', { id }),
    exportAll: (includeSecrets) => call('connections:export', { includeSecrets }),
    importJson: async (json) => {
      const result = await call('connections:import', { json })
      if (result.ok) await get().refresh()
      return result
    },
    report: (result) => set({ error: result.ok ? null : result.error }),
    clearError: () => set({ error: null }),
  }
})

export const useSavedProfiles = (): readonly SavedProfile[] => useStore(profilesStore, (s) => s.profiles)
export const useProfilesError = (): AppError | null => useStore(profilesStore, (s) => s.error)
