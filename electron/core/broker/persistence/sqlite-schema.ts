// The SQLite store's schema as a list of migrations, and the code that brings a file up to date.
// A new file runs every migration, so a fresh file and a migrated one have the same schema. It must
// never edit a released migration: add one instead and bump SCHEMA_VERSION.
import type { DatabaseSync } from 'node:sqlite'

/** The schema version this build reads and writes (kept in `PRAGMA user_version`). */
export const SCHEMA_VERSION = 3

/** One step of the schema: it takes a file from version `to - 1` to version `to`. */
export interface Migration {
  to: number
  description: string
  sql: string
}

// Foreign keys are DEFERRABLE INITIALLY DEFERRED: they are checked at COMMIT, so the ops of one batch
// may come in any order but the batch as a whole must be consistent (a failed check rolls it back).
// No ON DELETE CASCADE: 'delete-session' deletes the children itself, and an upsert never deletes.
const V1_SQL = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('last_message_id', 0), ('last_delivery_id', 0);

CREATE TABLE sessions (
  client_id         TEXT PRIMARY KEY,
  expiry_interval_s INTEGER NOT NULL,
  disconnected_at   INTEGER,
  protocol_version  INTEGER NOT NULL,
  username          TEXT,
  created_at        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE subscriptions (
  client_id           TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  filter              TEXT NOT NULL,
  qos                 INTEGER NOT NULL,
  no_local            INTEGER NOT NULL,
  retain_as_published INTEGER NOT NULL,
  retain_handling     INTEGER NOT NULL,
  subscription_id     INTEGER,
  PRIMARY KEY (client_id, filter)
) WITHOUT ROWID;

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  topic           TEXT NOT NULL,
  payload         BLOB NOT NULL,
  qos             INTEGER NOT NULL,
  retain          INTEGER NOT NULL,
  properties_json TEXT,
  publisher       TEXT,
  received_at     INTEGER NOT NULL
);

CREATE TABLE deliveries (
  id         INTEGER PRIMARY KEY,
  client_id  TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  message_id INTEGER NOT NULL REFERENCES messages (id) DEFERRABLE INITIALLY DEFERRED,
  qos        INTEGER NOT NULL,
  retain     INTEGER NOT NULL,
  state      TEXT NOT NULL,
  packet_id  INTEGER
);
CREATE INDEX deliveries_by_client ON deliveries (client_id, id);
CREATE INDEX deliveries_by_message ON deliveries (message_id);

CREATE TABLE inbound_qos2 (
  client_id TEXT NOT NULL REFERENCES sessions (client_id) DEFERRABLE INITIALLY DEFERRED,
  packet_id INTEGER NOT NULL,
  PRIMARY KEY (client_id, packet_id)
) WITHOUT ROWID;

CREATE TABLE retained (
  topic           TEXT PRIMARY KEY,
  message_id      INTEGER NOT NULL,
  payload         BLOB NOT NULL,
  qos             INTEGER NOT NULL,
  retain          INTEGER NOT NULL,
  properties_json TEXT,
  publisher       TEXT,
  received_at     INTEGER NOT NULL
) WITHOUT ROWID;
`

// v2 (MQTT 5): Subscription Identifiers travel with each delivery [MQTT-3.3.4-3], and messages carry
// their expiry so the broker can drop them (and prune retained ones) after a restart [MQTT-3.3.2-5].
const V2_SQL = `
ALTER TABLE deliveries ADD COLUMN subscription_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN expires_at INTEGER;
ALTER TABLE retained ADD COLUMN expires_at INTEGER;
`

// v3: group commits go to the batch log beside the file (batch-log.ts) and reach the tables later; the
// transaction that applies them records the last one's seq here, so a crash before the log is emptied
// does not apply them twice.
const V3_SQL = `
INSERT INTO meta (key, value) VALUES ('applied_batch_seq', 0);
`

/** Every schema step in order; MIGRATIONS[i].to === i + 1. */
export const MIGRATIONS: readonly Migration[] = [
  { to: 1, description: 'sessions, subscriptions, messages, deliveries, inbound QoS 2 ids, retained messages', sql: V1_SQL },
  { to: 2, description: 'MQTT 5: subscription ids on deliveries, message expiry', sql: V2_SQL },
  { to: 3, description: 'the seq of the last batch applied from the batch log', sql: V3_SQL },
]

/** The tables a file of SCHEMA_VERSION must have; a file that lacks one is treated as corrupt. */
export const REQUIRED_TABLES = ['meta', 'sessions', 'subscriptions', 'messages', 'deliveries', 'inbound_qos2', 'retained'] as const

/** Reads the schema version of an open file (0 for a new, empty file). */
export function readSchemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined
  return row?.user_version ?? 0
}

/** Names of the tables in an open file (SQLite's own tables excluded). */
export function listTables(db: DatabaseSync): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>
  return rows.map((r) => r.name)
}

/** A file written by a newer build: it is refused, never treated as corrupt or overwritten. */
export class NewerSchemaError extends Error {
  constructor(readonly path: string, readonly found: number) {
    super(
      `${path} has schema version ${found}, but this build of Topicscope reads schema version ${SCHEMA_VERSION} and older. ` +
        'It was written by a newer Topicscope: use that version, or move the file away to start with an empty store.',
    )
  }
}

/**
 * Brings an open file to SCHEMA_VERSION: reads its version inside one IMMEDIATE transaction, runs the
 * migrations after it and sets `user_version`, all of it or none. Throws NewerSchemaError for a newer file.
 */
export function migrate(db: DatabaseSync, path: string): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    const from = readSchemaVersion(db)
    if (from > SCHEMA_VERSION) throw new NewerSchemaError(path, from)
    for (const m of MIGRATIONS) if (m.to > from) db.exec(m.sql)
    if (from !== SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    db.exec('COMMIT')
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw err
  }
}
