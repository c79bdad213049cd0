// Checks a batch's references before it goes to the batch log, as the tables' deferred foreign keys would
// at COMMIT: a batch whose delivery, subscription or inbound id names a session that will not exist, or
// whose delivery names a message that was never put, is refused whole. Checked later, when the log is
// applied, it would make every apply fail while its batch was already acknowledged.
import type { StoreOp } from './session-store'

export class ReferenceGuard {
  private readonly sessions: Set<string>
  /** Ids of messages in the tables or in the log; messages leave only by prune or by coalescing at apply. */
  private readonly messages: Set<number>

  constructor(sessionIds: Iterable<string>, messageIds: Iterable<number>) {
    this.sessions = new Set(sessionIds)
    this.messages = new Set(messageIds)
  }

  /** What the batch would break, in the words of SQLite's foreign key check, or null when it is consistent. */
  check(ops: readonly StoreOp[]): string | null {
    // The rows each session-child op leaves at the end of the batch, by the session they need.
    let sessionsAdded: Set<string> | null = null
    let sessionsDeleted: Set<string> | null = null
    let messagesPut: Set<number> | null = null
    const needs = new Map<string, { table: string; clientId: string }>()
    // Deliveries apart, by number: the hot path of every batch, with no key to build.
    const deliveries = new Map<number, StoreOp & { op: 'put-delivery' }>()
    for (const op of ops) {
      switch (op.op) {
        case 'put-session':
          ;(sessionsAdded ??= new Set()).add(op.session.clientId)
          sessionsDeleted?.delete(op.session.clientId)
          break
        case 'delete-session':
          ;(sessionsDeleted ??= new Set()).add(op.clientId)
          sessionsAdded?.delete(op.clientId)
          // Its subscriptions, deliveries and inbound ids go with it.
          for (const [key, need] of needs) if (need.clientId === op.clientId) needs.delete(key)
          for (const [id, put] of deliveries) if (put.delivery.clientId === op.clientId) deliveries.delete(id)
          break
        case 'put-message':
          ;(messagesPut ??= new Set()).add(op.message.id)
          break
        case 'put-subscription':
          needs.set(`s ${op.subscription.clientId} ${op.subscription.filter}`, { table: 'subscriptions', clientId: op.subscription.clientId })
          break
        case 'delete-subscription':
          needs.delete(`s ${op.clientId} ${op.filter}`)
          break
        case 'put-delivery':
          deliveries.set(op.delivery.id, op)
          break
        case 'delete-delivery':
          deliveries.delete(op.id)
          break
        case 'clear-deliveries':
          for (const [id, put] of deliveries) if (put.delivery.clientId === op.clientId) deliveries.delete(id)
          break
        case 'add-inbound-qos2':
          needs.set(`i ${op.clientId} ${op.packetId}`, { table: 'inbound_qos2', clientId: op.clientId })
          break
        case 'delete-inbound-qos2':
          needs.delete(`i ${op.clientId} ${op.packetId}`)
          break
        default:
          break
      }
    }
    const hasSession = (clientId: string): boolean =>
      sessionsAdded?.has(clientId) === true || (this.sessions.has(clientId) && sessionsDeleted?.has(clientId) !== true)
    for (const need of needs.values()) {
      if (!hasSession(need.clientId)) return `a ${need.table} row refers to a missing sessions row (${JSON.stringify(need.clientId)})`
    }
    for (const { delivery } of deliveries.values()) {
      if (!hasSession(delivery.clientId)) return `a deliveries row refers to a missing sessions row (${JSON.stringify(delivery.clientId)})`
      if (messagesPut?.has(delivery.messageId) !== true && !this.messages.has(delivery.messageId)) {
        return `a deliveries row (id ${delivery.id}) refers to a missing messages row (${delivery.messageId})`
      }
    }
    return null
  }

  /** Takes in what a batch that passed `check` put and deleted. */
  accept(ops: readonly StoreOp[]): void {
    for (const op of ops) {
      if (op.op === 'put-session') this.sessions.add(op.session.clientId)
      else if (op.op === 'delete-session') this.sessions.delete(op.clientId)
      else if (op.op === 'put-message') this.messages.add(op.message.id)
    }
  }

  /** Messages that left the store (pruned, or never written because nothing referred to them). */
  forgetMessages(ids: Iterable<number>): void {
    for (const id of ids) this.messages.delete(id)
  }
}
