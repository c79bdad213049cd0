// The user's settings as last confirmed by the backend, plus `update(patch)`, which applies a change at once
// and saves it through settings:update (reverting it if the backend refuses).
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Api, AppError } from '../../shared/ipc/contract'
import { DEFAULT_SETTINGS, type LanguageSetting, type Settings, type SettingsPatch, type ThemeSetting } from '../../shared/model/settings'
import { applySettingsPatch } from '../../shared/model/settings-parse'
import { invokeSafely } from './invoke-safely'

export interface SettingsState {
  /** null until the backend has answered settings:get. */
  settings: Settings | null
  /** Why the last update was not saved. */
  error: AppError | null
  /** Gives the store the Api its actions call (ipc-sync does this at start; null detaches it). */
  attach(api: Api | null): void
  update(patch: SettingsPatch): Promise<void>
  clearError(): void
}

export const settingsStore = createStore<SettingsState>()((set, get) => {
  let api: Api | null = null
  let latestUpdate = 0
  return {
    settings: null,
    error: null,
    attach: (next) => {
      api = next
    },
    update: async (patch) => {
      const seq = ++latestUpdate
      const before = get().settings
      set({ settings: applySettingsPatch(before ?? DEFAULT_SETTINGS, patch), error: null })
      const result = api === null
        ? { ok: false as const, error: { code: 'unavailable' as const, message: 'Not connected to the backend.' } }
        : await invokeSafely(api, 'settings:update', patch)
      // Only the newest change decides what shows; an older answer would undo a newer optimistic value.
      if (seq !== latestUpdate) {
        if (!result.ok) set({ error: result.error })
        return
      }
      if (result.ok) set({ settings: result.value })
      else set({ settings: before, error: result.error })
    },
    clearError: () => set({ error: null }),
  }
})

/** The settings in effect: the defaults until the backend has answered. */
export const useThemeSetting = (): ThemeSetting =>
  useStore(settingsStore, (s) => (s.settings ?? DEFAULT_SETTINGS).appearance.theme)
export const useLanguageSetting = (): LanguageSetting =>
  useStore(settingsStore, (s) => (s.settings ?? DEFAULT_SETTINGS).appearance.language)
export const useSettingsError = (): AppError | null => useStore(settingsStore, (s) => s.error)
export const useBrokerSettings = (): Settings['broker'] =>
  useStore(settingsStore, (s) => (s.settings ?? DEFAULT_SETTINGS).broker)
