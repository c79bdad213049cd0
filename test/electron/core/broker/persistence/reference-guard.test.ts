// The batch log's reference check, which stands in for the tables' deferred foreign keys: judged on the
// state at the end of the batch, so a child deleted in the same batch (or with its session) is no error.
import { describe, expect, it } from 'vitest'
import { ReferenceGuard } from '../../../../../electron/core/broker/persistence/reference-guard'
import { delivery, message, session, subscription } from './store-fixtures'

describe('ReferenceGuard', () => {
  it('accepts references to stored rows and to rows put in the same batch, in any order', () => {
    const guard = new ReferenceGuard(['stored'], [7])
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(1, 'stored', 7) }])).toBeNull()
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(2, 'new', 8) }, { op: 'put-message', message: message(8) }, { op: 'put-session', session: session('new') }])).toBeNull()
  })

  it('names the missing session or message', () => {
    const guard = new ReferenceGuard(['c1'], [])
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(3, 'c1', 99) }])).toBe('a deliveries row (id 3) refers to a missing messages row (99)')
    expect(guard.check([{ op: 'add-inbound-qos2', clientId: 'ghost', packetId: 1 }])).toBe('a inbound_qos2 row refers to a missing sessions row ("ghost")')
    expect(guard.check([{ op: 'put-subscription', subscription: subscription('c1', 'a') }, { op: 'delete-session', clientId: 'c1' }, { op: 'put-subscription', subscription: subscription('c1', 'b') }]))
      .toBe('a subscriptions row refers to a missing sessions row ("c1")')
  })

  it('a child deleted later in the batch, or with its session, needs nothing', () => {
    const guard = new ReferenceGuard([], [])
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(1, 'ghost', 5) }, { op: 'delete-delivery', id: 1 }])).toBeNull()
    expect(guard.check([{ op: 'put-session', session: session('c1') }, { op: 'put-subscription', subscription: subscription('c1', 'a') },
      { op: 'put-message', message: message(1) }, { op: 'put-delivery', delivery: delivery(1, 'c1', 1) }, { op: 'delete-session', clientId: 'c1' }])).toBeNull()
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(1, 'ghost', 5) }, { op: 'clear-deliveries', clientId: 'ghost' }])).toBeNull()
  })

  it('remembers what accepted batches put and deleted, and forgets messages that left the store', () => {
    const guard = new ReferenceGuard(['old'], [])
    guard.accept([{ op: 'put-session', session: session('c1') }, { op: 'put-message', message: message(1) }, { op: 'delete-session', clientId: 'old' }])
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(1, 'c1', 1) }])).toBeNull()
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(2, 'old', 1) }])).toMatch(/missing sessions row \("old"\)/)
    guard.forgetMessages([1])
    expect(guard.check([{ op: 'put-delivery', delivery: delivery(3, 'c1', 1) }])).toMatch(/missing messages row \(1\)/)
  })
})
