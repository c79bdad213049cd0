// Shrinks a batch before it is committed: a delivery created and deleted within the same few
// milliseconds (a fast subscriber acknowledged it) never reaches the disk, nor does a message that no
// remaining operation refers to. Order of the remaining operations is kept.
import type { StoreOp } from './session-store'

/**
 * The operations of `ops` that still matter once the batch is seen whole, and the ids of messages whose
 * put was dropped (the caller must put them again if a later batch needs them).
 */
export function coalesceOps(ops: readonly StoreOp[]): { ops: StoreOp[]; droppedMessageIds: Set<number> } {
  // Deliveries created in this batch: a fresh put is a delivery's very first one, so no row exists on
  // disk. A stored delivery moved and then deleted here must still have its row deleted.
  const createdHere = new Set<number>()
  const deletedHere = new Set<number>()
  for (const op of ops) {
    if (op.op === 'put-delivery' && op.fresh === true) createdHere.add(op.delivery.id)
    else if (op.op === 'delete-delivery' && createdHere.has(op.id)) deletedHere.add(op.id)
  }
  // A delivery first put and then deleted here never existed on disk: all its operations go.
  const gone = (op: StoreOp) =>
    (op.op === 'put-delivery' && deletedHere.has(op.delivery.id)) || (op.op === 'delete-delivery' && deletedHere.has(op.id))
  const kept = ops.filter((op) => !gone(op))
  // Only the last state of a delivery matters.
  const lastPut = new Map<number, number>()
  kept.forEach((op, i) => { if (op.op === 'put-delivery') lastPut.set(op.delivery.id, i) })
  const referenced = new Set<number>()
  const result: StoreOp[] = []
  kept.forEach((op, i) => {
    if (op.op === 'put-delivery') {
      if (lastPut.get(op.delivery.id) !== i) return
      referenced.add(op.delivery.messageId)
      // Created in this batch: its last put still inserts, as no row exists yet.
      if (op.fresh !== true && createdHere.has(op.delivery.id)) {
        result.push({ ...op, fresh: true })
        return
      }
    }
    result.push(op)
  })
  // Messages first put in this batch that nothing refers to any more are not written either.
  const droppedMessageIds = new Set<number>()
  const final = result.filter((op) => {
    if (op.op !== 'put-message' || referenced.has(op.message.id)) return true
    droppedMessageIds.add(op.message.id)
    return false
  })
  return { ops: final, droppedMessageIds }
}
