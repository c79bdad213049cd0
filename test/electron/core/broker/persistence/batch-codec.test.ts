// The batch log's binary form: every operation and every optional field survives encode → decode, and a
// cut or unknown batch is refused with a reason instead of being read as something else.
import { describe, expect, it } from 'vitest'
import { decodeBatch, encodeBatch } from '../../../../../electron/core/broker/persistence/batch-codec'
import type { StoreOp } from '../../../../../electron/core/broker/persistence/session-store'
import { delivery, message, NEVER, session, subscription } from './store-fixtures'

/** Every op, with its optional fields both set and unset, and text outside ASCII. */
const EVERY_OP: StoreOp[] = [
  { op: 'put-session', session: session('c1') },
  { op: 'put-session', session: session('capteur-é-🌡', { expiryIntervalS: NEVER, disconnectedAt: 1_764_000_000_123, protocolVersion: 3, username: 'zoé', createdAt: 5 }) },
  { op: 'delete-session', clientId: 'gone' },
  { op: 'put-subscription', subscription: subscription('c1', 'a/#') },
  { op: 'put-subscription', subscription: subscription('c1', '$share/g/b/+', { qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2, subscriptionId: 268_435_455 }) },
  { op: 'delete-subscription', clientId: 'c1', filter: 'a/#' },
  { op: 'put-message', message: message(1) },
  { op: 'put-message', message: message(2 ** 40, { topic: 'maison/salon/température', payload: new Uint8Array(70_000).fill(7), qos: 2, retain: true,
    propertiesJson: '{"contentType":"application/json"}', publisher: 'pub', receivedAt: 1_764_000_000_999, expiresAt: 1_764_000_060_999 }) },
  { op: 'put-message', message: message(3, { payload: new Uint8Array(0), qos: 0 }) },
  { op: 'put-delivery', delivery: delivery(1, 'c1', 1) },
  { op: 'put-delivery', fresh: true, delivery: delivery(2, 'c1', 2 ** 40, { qos: 2, retain: true, subscriptionIds: [1, 268_435_455], state: 'awaiting-pubcomp', packetId: 65_535 }) },
  { op: 'put-delivery', delivery: delivery(3, 'c1', 3, { qos: 0, state: 'awaiting-puback', packetId: 1 }) },
  { op: 'put-delivery', delivery: delivery(4, 'c1', 3, { state: 'awaiting-pubrec', packetId: 9 }) },
  { op: 'delete-delivery', id: 2 ** 40 + 1 },
  { op: 'clear-deliveries', clientId: 'c1' },
  { op: 'add-inbound-qos2', clientId: 'c1', packetId: 65_535 },
  { op: 'delete-inbound-qos2', clientId: 'c1', packetId: 1 },
  { op: 'put-retained', message: message(4, { topic: 'r/a', retain: true }) },
  { op: 'delete-retained', topic: 'r/a' },
]

const bytesOf = (ops: StoreOp[]): Uint8Array => Uint8Array.from(encodeBatch(ops)) // a copy: the encoder reuses its buffer

describe('batch codec', () => {
  it('round-trips every operation with its optional fields set and unset', () => {
    const decoded = decodeBatch(bytesOf(EVERY_OP))
    // Payloads come back as Buffers (a Uint8Array subclass): compare them as plain bytes. JSON.stringify has
    // already turned a Buffer into { type, data } when the replacer sees it.
    const asBytes = (v: unknown): unknown =>
      v instanceof Uint8Array ? [...v] : (v as { type?: unknown } | null)?.type === 'Buffer' ? (v as { data: number[] }).data : v
    const plain = (ops: StoreOp[]) => JSON.parse(JSON.stringify(ops, (_k, v: unknown) => asBytes(v)))
    expect(plain(decoded)).toEqual(plain(EVERY_OP))
    expect(decoded.map((op) => 'fresh' in op)).toEqual(EVERY_OP.map((op) => 'fresh' in op))
  })

  it('an empty batch is one byte and decodes to no operation', () => {
    expect(bytesOf([]).byteLength).toBe(1)
    expect(decodeBatch(bytesOf([]))).toEqual([])
  })

  it('encoding the next batch does not change what a copied earlier one decodes to', () => {
    const first = bytesOf([{ op: 'delete-session', clientId: 'first' }])
    encodeBatch([{ op: 'delete-session', clientId: 'second, longer' }])
    expect(decodeBatch(first)).toEqual([{ op: 'delete-session', clientId: 'first' }])
  })

  it('a batch cut anywhere is refused, never read as shorter', () => {
    const whole = bytesOf(EVERY_OP.slice(0, 8))
    for (const cut of [2, 10, 40, whole.byteLength - 1]) {
      expect(() => decodeBatch(whole.subarray(0, cut))).toThrow(/truncated at byte/)
    }
  })

  it('an unknown format or operation is refused with its number', () => {
    const bytes = bytesOf([{ op: 'delete-session', clientId: 'x' }])
    expect(() => decodeBatch(Uint8Array.of(9, ...bytes.subarray(1)))).toThrow('logged batch has format 9; this build reads format 1')
    expect(() => decodeBatch(Uint8Array.of(1, 200))).toThrow('logged batch holds an unknown operation (tag 200)')
  })
})
