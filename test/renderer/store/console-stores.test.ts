// Console stores against the fake backend: a retained delete confirmed twice in a hurry runs once (and
// keeps its undo), the lab's state keeps its object while nothing changes, and the bridges list clears its
// error once a refresh works again.
import { beforeEach, describe, expect, it } from 'vitest'
import { bridgesStore } from '../../../renderer/store/bridges-store'
import { labSimStore } from '../../../renderer/store/lab-sim-store'
import { retainedAdminStore } from '../../../renderer/store/retained-admin-store'
import { createFakeBackend, resetStores } from '../fake-api'

describe('console stores', () => {
  beforeEach(() => resetStores())

  it('deletes once when the confirmation is clicked twice', async () => {
    const backend = createFakeBackend({ brokerRetained: [] })
    retainedAdminStore.getState().attach(backend.api)
    await retainedAdminStore.getState().ask('home/lamp')
    await Promise.all([retainedAdminStore.getState().confirm(), retainedAdminStore.getState().confirm()])
    expect(backend.calls.filter((c) => c.channel === 'console:retained-delete')).toHaveLength(1)
    expect(retainedAdminStore.getState().phase.kind).toBe('deleted')
  })

  it('keeps the lab’s state object while polls bring nothing new, so the lab does not re-render 4 times a second', async () => {
    const backend = createFakeBackend()
    labSimStore.getState().attach(backend.api)
    await labSimStore.getState().refresh()
    const before = labSimStore.getState().sim
    await labSimStore.getState().refresh()
    expect(labSimStore.getState().sim).toBe(before)
    backend.state.labSim = { ...backend.state.labSim, faults: [{ id: 'f1', clientId: '*', direction: 'in', cmd: 'puback', action: 'drop-next', delayMs: 0, hits: 0 }] }
    await labSimStore.getState().refresh()
    expect(labSimStore.getState().sim).not.toBe(before)
  })

  it('clears the bridges error once a refresh works again', async () => {
    const backend = createFakeBackend()
    bridgesStore.getState().attach(backend.api)
    backend.fail('console:bridges', { code: 'unavailable', message: 'backend away' })
    await bridgesStore.getState().refresh()
    expect(bridgesStore.getState().error?.message).toBe('backend away')
    backend.recover('console:bridges')
    await bridgesStore.getState().refresh()
    expect(bridgesStore.getState().error).toBeNull()
  })
})
