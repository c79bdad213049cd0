// The QoS lab's trace in the page, against the fake backend: pages pulled after the last seq, the page's
// own bound letting the oldest go (counted) while a paused position stays on the same packets, stepping
// and scrubbing within what is kept, and a filter change starting afresh.
import { beforeEach, describe, expect, it } from 'vitest'
import { LAB_KEEP, labStore } from '../../../renderer/store/lab-store'
import type { TraceEvent } from '../../../shared/model/lab-trace'
import { createFakeBackend, resetStores } from '../fake-api'

const ev = (seq: number, over: Partial<TraceEvent> = {}): TraceEvent => ({
  seq, at: seq, clientId: seq % 2 === 0 ? 'a' : 'b', internal: false, dir: 'c2b', cmd: 'pingreq', packetId: null, qos: null, dup: false, retain: false,
  topic: null, reasonCode: null, granted: null, bytes: 2, flowId: null, legId: null, protocolVersion: 5, fault: null, ...over,
})

describe('lab store', () => {
  beforeEach(() => resetStores())

  it('pulls what is new, keeps at most LAB_KEEP, and a paused position stays on its packet', async () => {
    const backend = createFakeBackend({ traceEvents: Array.from({ length: 10 }, (_, i) => ev(i + 1)) })
    labStore.getState().attach(backend.api)
    await labStore.getState().poll()
    expect(labStore.getState().events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    labStore.getState().pause()
    labStore.getState().step(-3)
    expect(labStore.getState().cursor).toBe(6) // the 7th packet
    backend.state.traceEvents.push(...Array.from({ length: LAB_KEEP }, (_, i) => ev(11 + i)))
    await labStore.getState().poll()
    const s = labStore.getState()
    expect(s.events).toHaveLength(LAB_KEEP)
    expect(s.droppedHere).toBe(10)
    expect(s.events[0]!.seq).toBe(11)
    expect(s.cursor).toBe(0) // its packet is gone: the position holds at the oldest kept
    labStore.getState().scrub(99_999)
    expect(labStore.getState().cursor).toBe(LAB_KEEP - 1)
    labStore.getState().live()
    expect(labStore.getState().cursor).toBeNull()
  })

  it('fetches again from the start with a new filter', async () => {
    const backend = createFakeBackend({ traceEvents: Array.from({ length: 6 }, (_, i) => ev(i + 1)) })
    labStore.getState().attach(backend.api)
    await labStore.getState().poll()
    await labStore.getState().setFilter({ ...labStore.getState().filter, clientId: 'a' })
    expect(labStore.getState().events.map((e) => e.seq)).toEqual([2, 4, 6])
    await labStore.getState().clear()
    expect(labStore.getState().events).toEqual([])
  })
})
