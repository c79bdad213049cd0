// The explorer's connections as the UI lists them: one root in the topic tree each.
import type { ConnectionProfile, ConnectionStatus } from './connection-profile'

/** A connection the explorer holds open (the embedded broker's is always first). */
export interface ExplorerConnection {
  /** Also the `connectionId` of its tree deltas and snapshots. */
  id: string
  name: string
  /** e.g. "mqtt://127.0.0.1:1883" */
  url: string
  /** 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0 (the publish form offers MQTT 5 properties only on 5). */
  protocolVersion: 3 | 4 | 5
  status: ConnectionStatus
}

/**
 * A saved profile as the page sees it: secrets are never sent back (password and TLS key are null);
 * `hasPassword` / `hasTlsKey` say whether one is stored.
 */
export interface SavedProfile {
  profile: ConnectionProfile
  hasPassword: boolean
  hasTlsKey: boolean
}

/** Saving a profile: a null password or key keeps the stored one; `clearPassword` removes it. */
export interface SaveProfileRequest {
  profile: ConnectionProfile
  clearPassword?: boolean
}
