// A batch seen whole before its commit: a delivery put and deleted within it never reaches the disk, nor
// does a message nothing refers to; only a delivery's last state is written, still marked fresh (insert
// without looking) when its first put in the batch was.
import { describe, expect, it } from 'vitest'
import { coalesceOps } from '../../../../../electron/core/broker/persistence/coalesce-ops'
import type { StoreOp } from '../../../../../electron/core/broker/persistence/session-store'
import { delivery, message } from './store-fixtures'

describe('coalesceOps', () => {
  it('drops a delivery put and deleted in the batch, and the message only it used', () => {
    const ops: StoreOp[] = [
      { op: 'put-message', message: message(1) },
      { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1, { state: 'awaiting-puback', packetId: 1 }) },
      { op: 'delete-delivery', id: 1 },
    ]
    expect(coalesceOps(ops)).toEqual({ ops: [], droppedMessageIds: new Set([1]) })
  })

  it('keeps only the last state of a delivery, fresh when it was first put in this batch', () => {
    const ops: StoreOp[] = [
      { op: 'put-message', message: message(1) },
      { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1, { qos: 2, state: 'awaiting-pubrec', packetId: 4 }) },
      { op: 'put-delivery', fresh: false, delivery: delivery(1, 'c1', 1, { qos: 2, state: 'awaiting-pubcomp', packetId: 4 }) },
    ]
    const { ops: kept, droppedMessageIds } = coalesceOps(ops)
    expect(droppedMessageIds.size).toBe(0)
    expect(kept).toEqual([
      { op: 'put-message', message: message(1) },
      { op: 'put-delivery', fresh: true, delivery: delivery(1, 'c1', 1, { qos: 2, state: 'awaiting-pubcomp', packetId: 4 }) },
    ])
  })

  it('still deletes a stored delivery that was moved and then finished within the batch', () => {
    const moved: StoreOp = { op: 'put-delivery', fresh: false, delivery: delivery(4, 'c1', 2, { state: 'awaiting-puback', packetId: 9 }) }
    expect(coalesceOps([moved, { op: 'delete-delivery', id: 4 }]).ops).toEqual([moved, { op: 'delete-delivery', id: 4 }])
  })

  it('leaves a state change of a delivery committed earlier as an update', () => {
    const ops: StoreOp[] = [{ op: 'put-delivery', fresh: false, delivery: delivery(7, 'c1', 3, { qos: 2, state: 'awaiting-pubcomp', packetId: 2 }) }, { op: 'delete-delivery', id: 8 }]
    expect(coalesceOps(ops).ops).toEqual(ops)
  })
})
