// @vitest-environment happy-dom
// The lessons panel against a fake backend: opening a lesson runs its setup through the lab's channels,
// the step passes when the trace shows what it asks for (and the progress is saved), and lesson 2's
// filter tester answers with the broker's matching rule.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LessonsPanel } from '../../../../renderer/features/lab/LessonsPanel'
import { labStore } from '../../../../renderer/store/lab-store'
import { settingsStore } from '../../../../renderer/store/settings-store'
import { DEFAULT_SETTINGS } from '../../../../shared/model/settings'
import type { TraceEvent } from '../../../../shared/model/lab-trace'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderPanel = useViewHarness(() => <LessonsPanel />)
let seq = 100
const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  seq: ++seq, at: seq, clientId: 'sensor', internal: false, dir: 'c2b', cmd: 'publish', packetId: null, qos: 0, dup: false, retain: false, topic: 'lab/door',
  reasonCode: null, granted: null, bytes: 4, flowId: 1, legId: 1, protocolVersion: 5, fault: null, ...over,
})

describe('lessons panel', () => {
  it('runs a lesson’s setup, passes its step on the real trace, and saves the progress', async () => {
    const backend = await renderPanel(createFakeBackend())
    await act(async () => {
      fireEvent.click(screen.getByTestId('lesson-open-qos0'))
      await new Promise((r) => setTimeout(r, 400)) // the setup waits for the clients to connect
      await flushPromises()
    })
    expect(backend.state.labSim.clients.map((c) => c.config.clientId)).toEqual(['sensor', 'phone'])
    expect(screen.getByTestId('lesson').textContent).toContain('QoS 0 is one PUBLISH and nothing else')
    expect(screen.getByTestId('lesson-waiting')).toBeTruthy()
    backend.state.traceEvents = [ev({}), ev({ clientId: 'phone', dir: 'b2c', legId: 2 })]
    await act(async () => {
      await labStore.getState().poll()
      await flushPromises()
    })
    expect(screen.getByTestId('lesson-passed').textContent).toBe('Done!')
    expect(screen.getByTestId('lesson-seen').textContent).toContain('no acknowledgment')
    expect(backend.state.lessonProgress.qos0).toEqual({ step: 1, completed: false })
  })

  it('goes back to the embedded broker’s packets when a lesson starts while another connection is traced', async () => {
    const backend = createFakeBackend()
    backend.state.connections = [...backend.state.connections, { ...backend.state.connections[0]!, id: 'ha', name: 'Home Assistant' }]
    await renderPanel(backend)
    await act(async () => {
      await labStore.getState().setSource('ha')
    })
    await act(async () => {
      fireEvent.click(screen.getByTestId('lesson-open-qos0'))
      await new Promise((r) => setTimeout(r, 400))
      await flushPromises()
    })
    expect(labStore.getState().source).toBe('embedded')
    expect(backend.calls.filter((c) => c.channel === 'lab:trace').at(-1)?.req).toMatchObject({ source: 'embedded' })
  })

  it('brings an opened lesson into view (it is shorter than the list it replaces)', async () => {
    const scrolled: unknown[] = []
    const original = HTMLElement.prototype.scrollIntoView
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement, arg?: boolean | ScrollIntoViewOptions) { scrolled.push([this.dataset.testid, arg]) }
    try {
      await renderPanel(createFakeBackend())
      expect(scrolled).toEqual([])
      await act(async () => {
        fireEvent.click(screen.getByTestId('lesson-open-request-response'))
        await flushPromises()
      })
      expect(scrolled).toEqual([['lessons', { block: 'nearest' }]])
    } finally {
      HTMLElement.prototype.scrollIntoView = original
    }
  })

  it('tests a filter against a topic in lesson 2', async () => {
    await renderPanel(createFakeBackend())
    await act(async () => {
      fireEvent.click(screen.getByTestId('lesson-open-topics'))
      await new Promise((r) => setTimeout(r, 400))
      await flushPromises()
    })
    expect(screen.getByTestId('tester-answer').textContent).toBe('matches')
    fireEvent.change(screen.getByTestId('tester-topic'), { target: { value: 'home/kitchen/humidity' } })
    expect(screen.getByTestId('tester-answer').textContent).toBe('does not match')
    fireEvent.change(screen.getByTestId('tester-filter'), { target: { value: 'home/#/x' } })
    expect(screen.getByTestId('tester-answer').textContent).toMatch(/#/)
    // The reason is in the page's language.
    act(() => settingsStore.setState({ settings: { ...DEFAULT_SETTINGS, appearance: { ...DEFAULT_SETTINGS.appearance, language: 'fr' } } }))
    expect(screen.getByTestId('tester-answer').textContent).toContain('doit être seul dans le dernier niveau')
  })
})
