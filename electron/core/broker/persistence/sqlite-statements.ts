// The SQLite store's prepared statements (created once per connection) and the mapping between rows
// and stored objects. Table and column names appear only here and in sqlite-schema.ts.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { DeliveryState, StoredDelivery, StoredMessage, StoredSession, StoredSubscription } from './session-store'

type Row = Record<string, unknown>
const MESSAGE_COLUMNS = 'id, topic, payload, qos, retain, properties_json, publisher, received_at, expires_at'

/** Every statement the store runs, by purpose. */
export type Statements = ReturnType<typeof prepareStatements>

/** Prepares every statement of the store on `db` (throws if the schema lacks a table or column they use). */
export function prepareStatements(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql)
  const upsert = (cols: string) => cols.split(', ').map((c) => `${c} = excluded.${c}`).join(', ')
  return {
    beginImmediate: p('BEGIN IMMEDIATE'),
    beginDeferred: p('BEGIN'),
    commit: p('COMMIT'),
    rollback: p('ROLLBACK'),
    selectAppliedSeq: p("SELECT value FROM meta WHERE key = 'applied_batch_seq'"),
    setAppliedSeq: p("UPDATE meta SET value = ? WHERE key = 'applied_batch_seq'"),
    raiseCounter: p('UPDATE meta SET value = MAX(value, ?) WHERE key = ?'),
    putSession: p(`INSERT INTO sessions (client_id, expiry_interval_s, disconnected_at, protocol_version, username, created_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET
      ${upsert('expiry_interval_s, disconnected_at, protocol_version, username, created_at')}`),
    deleteSession: p('DELETE FROM sessions WHERE client_id = ?'),
    putSubscription: p(`INSERT INTO subscriptions (client_id, filter, qos, no_local, retain_as_published, retain_handling, subscription_id)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, filter) DO UPDATE SET
      ${upsert('qos, no_local, retain_as_published, retain_handling, subscription_id')}`),
    deleteSubscription: p('DELETE FROM subscriptions WHERE client_id = ? AND filter = ?'),
    deleteSubscriptionsOf: p('DELETE FROM subscriptions WHERE client_id = ?'),
    // A message id always names the same message: putting it again (once per batch that uses it) writes nothing.
    putMessage: p(`INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    insertDelivery: p(`INSERT INTO deliveries (id, client_id, message_id, qos, retain, subscription_ids, state, packet_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    // A delivery's client, message and options never change after its first put: later puts only move its
    // state, which touches no index.
    setDeliveryState: p('UPDATE deliveries SET state = ?, packet_id = ? WHERE id = ?'),
    deleteDelivery: p('DELETE FROM deliveries WHERE id = ?'),
    deleteDeliveriesOf: p('DELETE FROM deliveries WHERE client_id = ?'),
    addInbound: p('INSERT OR IGNORE INTO inbound_qos2 (client_id, packet_id) VALUES (?, ?)'),
    deleteInbound: p('DELETE FROM inbound_qos2 WHERE client_id = ? AND packet_id = ?'),
    deleteInboundOf: p('DELETE FROM inbound_qos2 WHERE client_id = ?'),
    putRetained: p(`INSERT INTO retained (topic, message_id, payload, qos, retain, properties_json, publisher, received_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic) DO UPDATE SET
      ${upsert('message_id, payload, qos, retain, properties_json, publisher, received_at, expires_at')}`),
    deleteRetained: p('DELETE FROM retained WHERE topic = ?'),
    selectSessionIds: p('SELECT client_id FROM sessions'),
    selectMessageIds: p('SELECT id FROM messages'),
    selectSessions: p('SELECT * FROM sessions ORDER BY client_id'),
    selectSubscriptions: p('SELECT * FROM subscriptions ORDER BY client_id, filter'),
    selectReferencedMessages: p(`SELECT ${MESSAGE_COLUMNS} FROM messages m
      WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id) ORDER BY id`),
    selectDeliveries: p('SELECT * FROM deliveries ORDER BY id'),
    selectInbound: p('SELECT client_id, packet_id FROM inbound_qos2 ORDER BY client_id, packet_id'),
    selectRetained: p(`SELECT message_id AS id, topic, payload, qos, retain, properties_json, publisher, received_at, expires_at
      FROM retained ORDER BY topic`),
    selectCounters: p(`SELECT
      MAX((SELECT value FROM meta WHERE key = 'last_message_id'), IFNULL((SELECT MAX(id) FROM messages), 0),
          IFNULL((SELECT MAX(message_id) FROM retained), 0)) AS message,
      MAX((SELECT value FROM meta WHERE key = 'last_delivery_id'), IFNULL((SELECT MAX(id) FROM deliveries), 0)) AS delivery`),
    pruneMessages: p('DELETE FROM messages WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id) RETURNING id'),
    pruneRetained: p('DELETE FROM retained WHERE expires_at IS NOT NULL AND expires_at <= ?'),
  }
}

/** SQLite has no boolean: 1 and 0. */
export const bit = (b: boolean): number => (b ? 1 : 0)

/** A messages or retained row (retained rows select message_id AS id). */
export function toMessage(r: Row): StoredMessage {
  return {
    id: r.id as number, topic: r.topic as string, payload: r.payload as Uint8Array, qos: r.qos as 0 | 1 | 2, retain: r.retain === 1,
    propertiesJson: r.properties_json as string | null, publisher: r.publisher as string | null,
    receivedAt: r.received_at as number, expiresAt: r.expires_at as number | null,
  }
}

export function toSession(r: Row): StoredSession {
  return {
    clientId: r.client_id as string, expiryIntervalS: r.expiry_interval_s as number, disconnectedAt: r.disconnected_at as number | null,
    protocolVersion: r.protocol_version as 3 | 4 | 5, username: r.username as string | null, createdAt: r.created_at as number,
  }
}

export function toSubscription(r: Row): StoredSubscription {
  return {
    clientId: r.client_id as string, filter: r.filter as string, qos: r.qos as 0 | 1 | 2, noLocal: r.no_local === 1,
    retainAsPublished: r.retain_as_published === 1, retainHandling: r.retain_handling as 0 | 1 | 2,
    subscriptionId: r.subscription_id as number | null,
  }
}

export function toDelivery(r: Row): StoredDelivery {
  return {
    id: r.id as number, clientId: r.client_id as string, messageId: r.message_id as number, qos: r.qos as 0 | 1 | 2,
    retain: r.retain === 1, subscriptionIds: JSON.parse(r.subscription_ids as string) as number[],
    state: r.state as DeliveryState, packetId: r.packet_id as number | null,
  }
}
