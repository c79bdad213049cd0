// The explorer's connections as the UI lists them: one root in the topic tree each.
import type { ConnectionStatus } from './connection-profile'

/** A connection the explorer holds open (the embedded broker's is always first). */
export interface ExplorerConnection {
  /** Also the `connectionId` of its tree deltas and snapshots. */
  id: string
  name: string
  /** e.g. "mqtt://127.0.0.1:1883" */
  url: string
  status: ConnectionStatus
}
