// @vitest-environment happy-dom
// The lab's source picker against a fake backend: the app's own connections are offered (not the embedded
// broker's own Explorer connection), choosing one asks for its trace and says it is seen from this side,
// and a connection that closes sends the lab back to the embedded broker with a word about it.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TraceSourcePicker } from '../../../../renderer/features/lab/TraceSourcePicker'
import { labStore } from '../../../../renderer/store/lab-store'
import { createProfile } from '../../../../shared/model/connection-profile'
import type { TraceEvent } from '../../../../shared/model/lab-trace'
import { connectionOf, createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderPicker = useViewHarness(() => <TraceSourcePicker />)
const ha = connectionOf(createProfile({ id: 'ha', name: 'Home Assistant', host: '192.168.1.10', port: 1883 }))
const ev = (seq: number, cmd: string): TraceEvent => ({
  seq, at: seq, clientId: 'topicscope-ha', internal: false, dir: 'c2b', cmd, packetId: null, qos: null, dup: false, retain: false, topic: null,
  reasonCode: null, granted: null, bytes: 2, flowId: null, legId: null, protocolVersion: 4, fault: null,
})

describe('trace source picker', () => {
  it('traces one of the app’s connections, seen from this side', async () => {
    const backend = createFakeBackend()
    backend.state.connections = [...backend.state.connections, ha]
    backend.state.ownTraces.set('ha', [ev(1, 'connect'), ev(2, 'pingreq')])
    await renderPicker(backend)
    const options = [...screen.getByTestId<HTMLSelectElement>('lab-source').options].map((o) => o.textContent)
    expect(options).toEqual(['The embedded broker (every client)', 'Connection “Home Assistant” (mqtt://192.168.1.10:1883)'])
    expect(screen.queryByTestId('lab-seen-from-this-side')).toBeNull()
    await act(async () => {
      fireEvent.change(screen.getByTestId('lab-source'), { target: { value: 'ha' } })
      await flushPromises()
    })
    expect(backend.calls.filter((c) => c.channel === 'lab:trace').at(-1)?.req).toMatchObject({ source: 'ha', afterSeq: 0 })
    expect(labStore.getState().events.map((e) => e.cmd)).toEqual(['connect', 'pingreq'])
    expect(screen.getByTestId('lab-seen-from-this-side').textContent).toContain('Seen from this side: the packets this connection sent to mqtt://192.168.1.10:1883')
  })

  it('goes back to the embedded broker when the traced connection closes', async () => {
    const backend = createFakeBackend()
    backend.state.connections = [...backend.state.connections, ha]
    await renderPicker(backend)
    await act(async () => {
      fireEvent.change(screen.getByTestId('lab-source'), { target: { value: 'ha' } })
      await flushPromises()
    })
    await act(async () => {
      backend.state.connections = backend.state.connections.filter((c) => c.id !== 'ha')
      backend.push('explorer:connections', backend.state.connections)
      await flushPromises()
    })
    expect(labStore.getState().source).toBe('embedded')
    expect(screen.getByTestId('lab-source-gone').textContent).toContain('is closed: back to the embedded broker')
    expect(backend.calls.filter((c) => c.channel === 'lab:trace').at(-1)?.req).toMatchObject({ source: 'embedded' })
  })
})
