// Builders of stored rows for the SessionStore tests: a complete row from an id, with overrides.
// Test data only; no store logic.
import type {
  StoredDelivery, StoredMessage, StoredSession, StoredSubscription,
} from '../../../../../electron/core/broker/persistence/session-store'

/** Session Expiry Interval "never". */
export const NEVER = 0xffffffff

export function session(clientId: string, over: Partial<StoredSession> = {}): StoredSession {
  return { clientId, expiryIntervalS: 3_600, disconnectedAt: null, protocolVersion: 5, username: null, createdAt: 100, ...over }
}

export function subscription(clientId: string, filter: string, over: Partial<StoredSubscription> = {}): StoredSubscription {
  return { clientId, filter, qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0, subscriptionId: null, ...over }
}

export function message(id: number, over: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id, topic: `t/${id}`, payload: new TextEncoder().encode(`payload ${id}`), qos: 1, retain: false, propertiesJson: null,
    publisher: null, receivedAt: 200, expiresAt: null, ...over,
  }
}

export function delivery(id: number, clientId: string, messageId: number, over: Partial<StoredDelivery> = {}): StoredDelivery {
  return { id, clientId, messageId, qos: 1, retain: false, subscriptionIds: [], state: 'queued', packetId: null, ...over }
}
