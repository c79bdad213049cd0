// User-facing settings shared by the backend (which stores them) and the renderer (which edits them).

/** 'system' follows the OS colour scheme. */
export type ThemeSetting = 'system' | 'light' | 'dark'
/** 'system' follows the OS or browser language, falling back to English. */
export type LanguageSetting = 'system' | 'en' | 'fr'

import type { Durability, PersistenceMode } from './persistence'

/** 'local' listens on 127.0.0.1 (this machine only); 'network' on every interface. */
export type BrokerExposure = 'local' | 'network'

export const THEME_SETTINGS: readonly ThemeSetting[] = ['system', 'light', 'dark']
export const BROKER_EXPOSURES: readonly BrokerExposure[] = ['local', 'network']
export const LANGUAGE_SETTINGS: readonly LanguageSetting[] = ['system', 'en', 'fr']

/** The settings the renderer may read and change. */
export interface Settings {
  appearance: { theme: ThemeSetting; language: LanguageSetting }
  /** The embedded broker's TCP listener (port 0 picks a free port, for tests). */
  broker: { port: number; exposure: BrokerExposure; persistence: PersistenceMode; durability: Durability }
}

/** A partial change: only the fields present are applied. */
export interface SettingsPatch {
  appearance?: Partial<Settings['appearance']>
  broker?: Partial<Settings['broker']>
}

/** What a fresh install starts with. */
export const DEFAULT_SETTINGS: Settings = {
  appearance: { theme: 'system', language: 'system' },
  broker: { port: 1883, exposure: 'local', persistence: 'acknowledged', durability: 'process' },
}
