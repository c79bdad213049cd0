// Rules both SessionStore implementations apply at load, kept in one place so they cannot drift.
// Pure functions of stored data and a time; no I/O.
import { SESSION_NEVER_EXPIRES } from '../session'
import type { StoredSession } from './session-store'

/**
 * True when a session's expiry passed while the broker was down. A session still marked connected
 * (`disconnectedAt` null: the broker stopped without ending it) counts as disconnected at `now`, the
 * restart, as the broker treats it: the crash time is unknown, and an earlier guess (such as the last
 * commit) could end a session that was in fact connected until the crash and lose its queue. So such a
 * session is dropped here only when its interval is 0 (it ended with its connection [MQTT-3.1.2-23]).
 */
export function isSessionExpired(session: StoredSession, now: number): boolean {
  if (session.expiryIntervalS === SESSION_NEVER_EXPIRES) return false
  return (session.disconnectedAt ?? now) + session.expiryIntervalS * 1000 <= now
}
