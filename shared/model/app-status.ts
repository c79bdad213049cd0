// The backend's live state, pushed to the status bar about once a second.
import type { EmbeddedBrokerStatus } from './broker-status'

/** Which front end the backend is serving. */
export type AppMode = 'desktop' | 'web'

/** A problem the user must see but that did not stop the app (e.g. a corrupt settings file was replaced). */
export interface AppWarning {
  id: string
  /** Stable code the renderer translates; `params` fill its placeholders. */
  code: 'settings-corrupt' | 'settings-unreadable' | 'settings-unwritable' | 'web-exposed' | 'broker-failed' | 'listener-failed' | 'bridges-unreadable' | 'persistence-failed' | 'persistence-reset' | 'persistence-log-damaged' | 'history-reset' | 'history-unavailable' | 'connections-unreadable' | 'publishes-unreadable'
  params: Record<string, string>
  /** English text for logs and for a renderer that lacks a translation. */
  message: string
  at: number
}

/** Facts about this running backend that do not change while it runs. */
export interface AppInfo {
  name: string
  version: string
  mode: AppMode
  platform: string
  /** Node version of the backend (Electron's or the headless runtime's). */
  runtime: string
  dataDir: string
  settingsFile: string
  startedAt: number
  /** Where passwords and TLS keys of saved connections are kept: sealed by the OS keychain, or in a file only the user can read. */
  secretStorage: { kind: 'os-keychain' | 'file-0600'; file: string }
}

/** Live state for the status bar. */
export interface BackendStatus {
  state: 'ready' | 'stopping'
  uptimeMs: number
  memory: { rssBytes: number; heapUsedBytes: number }
  /** Browser tabs connected over the web transport (0 in the desktop app). */
  webClients: number
  warnings: AppWarning[]
  /** null when this backend runs no broker. */
  broker: EmbeddedBrokerStatus | null
  at: number
}
