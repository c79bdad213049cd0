// The embedded broker's live summary, part of the status pushed once a second.

import type { ListenerKind } from './broker-change'

/** What the status bar and the About view show of the embedded broker. */
export interface EmbeddedBrokerStatus {
  state: 'running' | 'failed' | 'stopped'
  /** One per listener, e.g. "mqtt://127.0.0.1:1883". */
  urls: string[]
  /** The open listeners with the clients each one carries now (what a listener restart would disconnect). */
  listeners: Array<{ kind: ListenerKind; url: string; clients: number }>
  /** The port given on the command line (serve --mqtt-port) for this run, overriding the settings; else null. */
  portFromCommandLine: number | null
  /** Why it is not running (state 'failed'), in English. */
  error: string | null
  clientsConnected: number
  /** Sessions kept, connected or not. */
  sessions: number
  subscriptions: number
  retained: number
  messagesReceived: number
  messagesSent: number
  /** Messages dropped for any reason since start. */
  dropped: number
}
