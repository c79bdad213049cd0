// Converts between the broker's in-memory messages and the plain rows a SessionStore keeps.
import type { BrokerMessage, ForwardedProperties } from '../message'
import type { StoredMessage } from './session-store'

/** A stored row for `message` with the given id. */
export function toStoredMessage(message: BrokerMessage, id: number): StoredMessage {
  return {
    id,
    topic: message.topic,
    payload: message.payload,
    qos: message.qos,
    retain: message.retain,
    propertiesJson: message.properties === null ? null : JSON.stringify(message.properties, bytesAsBase64),
    publisher: message.publisher,
    receivedAt: message.receivedAt,
    expiresAt: message.expiresAt,
  }
}

/** The in-memory message for a stored row. */
export function fromStoredMessage(row: StoredMessage): BrokerMessage {
  return {
    topic: row.topic,
    payload: Buffer.from(row.payload.buffer, row.payload.byteOffset, row.payload.byteLength),
    qos: row.qos,
    retain: row.retain,
    properties: row.propertiesJson === null ? null : (JSON.parse(row.propertiesJson, base64AsBytes) as ForwardedProperties),
    publisher: row.publisher,
    receivedAt: row.receivedAt,
    expiresAt: row.expiresAt,
  }
}

function bytesAsBase64(_key: string, value: unknown): unknown {
  // JSON.stringify calls Buffer's toJSON before the replacer: catch both shapes.
  if (value instanceof Uint8Array) return { $b64: Buffer.from(value).toString('base64') }
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return { $b64: Buffer.from((value as { data: number[] }).data).toString('base64') }
  }
  return value
}

function base64AsBytes(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { $b64?: unknown }).$b64 === 'string' && Object.keys(value).length === 1) {
    return Buffer.from((value as { $b64: string }).$b64, 'base64')
  }
  return value
}
