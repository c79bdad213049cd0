// Live state of the link between this page and the backend, for the status bar and the error screens.
import { createStore } from 'zustand/vanilla'

/** 'unauthorized' means the backend refused our token; retrying cannot help. */
export type TransportState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized'

export interface TransportStatus {
  kind: 'electron' | 'web'
  state: TransportState
  /** When the next reconnect attempt starts (epoch ms), while 'reconnecting'. */
  retryAt: number | null
}

/** One vanilla store: tests and non-React code read it without a component. */
export const transportStore = createStore<TransportStatus>()(() => ({ kind: 'web', state: 'connecting', retryAt: null }))
