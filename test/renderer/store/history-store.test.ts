// The topic history in the page, against the fake backend: a refresh asked for while a page is loading is
// not lost, it runs once that page is in (a message that arrived meanwhile shows without another one).
import { beforeEach, describe, expect, it } from 'vitest'
import { createHistoryStore } from '../../../renderer/store/history-store'
import type { HistoryMessage } from '../../../shared/model/history'
import { createFakeBackend, flushPromises, resetStores } from '../fake-api'

const message = (id: number): HistoryMessage => ({
  id, connectionId: 'embedded', topic: 'home/lamp', payload: new TextEncoder().encode(`m${id}`), payloadSize: 2, truncated: false,
  qos: 1, retain: false, dup: false, packetId: id, properties: null, receivedAt: 1_700_000_000_000 + id,
})

describe('history store', () => {
  beforeEach(() => resetStores())

  it('runs a refresh asked for during a load once the load is in', async () => {
    const backend = createFakeBackend({ history: [message(1)] })
    const store = createHistoryStore()
    store.getState().attach(backend.api)
    const showing = store.getState().show('embedded', 'home/lamp')
    expect(store.getState().loading).toBe(true)
    backend.state.history.push(message(2)) // arrives after the page was asked for
    await store.getState().refresh()
    await showing
    for (let i = 0; i < 5; i++) await flushPromises()
    expect(store.getState().messages.map((m) => m.id)).toEqual([2, 1])
  })
})
