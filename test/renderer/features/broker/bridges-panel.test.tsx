// @vitest-environment happy-dom
// The broker console's bridges against a fake backend: a bridge added through the form (its topic lines
// checked as you type), listed with its state and queue, its password kept when edited blank, and
// removed only after a confirmation that says what goes with it.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgesPanel } from '../../../../renderer/features/broker/bridges/BridgesPanel'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderPanel = useViewHarness(() => <BridgesPanel />)

async function act$(fn: () => void): Promise<void> {
  await act(async () => {
    fn()
    await flushPromises()
  })
}
const type = (testId: string, value: string) => act$(() => fireEvent.change(screen.getByTestId(testId), { target: { value } }))

describe('broker console: bridges', () => {
  it('adds a bridge through the form, holding Save back while a topic line is wrong', async () => {
    const backend = await renderPanel(createFakeBackend())
    expect(screen.getByText('No bridge yet.')).toBeTruthy()
    await act$(() => fireEvent.click(screen.getByTestId('bridge-add')))
    await type('bridge-name', 'Cloud')
    await type('bridge-url', 'mqtt://cloud.example.com:1883')
    await type('bridge-password', 's3cret')
    await type('bridge-topics', 'topic sensors/# sideways 1')
    expect(screen.getByTestId('bridge-topic-problems').textContent).toContain('"sideways" is not a direction')
    expect((screen.getByTestId('bridge-save') as HTMLButtonElement).disabled).toBe(true)
    await type('bridge-topics', 'topic sensors/# out 1 home/ site-a/')
    await act$(() => fireEvent.click(screen.getByTestId('bridge-save')))
    expect(backend.state.bridges).toHaveLength(1)
    const saved = backend.state.bridges[0]!.config
    expect(saved).toMatchObject({ name: 'Cloud', url: 'mqtt://cloud.example.com:1883', hasPassword: true, topics: [{ pattern: 'sensors/#', direction: 'out', qos: 1, localPrefix: 'home/', remotePrefix: 'site-a/' }] })
    expect(screen.queryByTestId('bridge-form')).toBeNull()
    expect(screen.getByTestId(`bridge-state-${saved.id}`).textContent).toBe('Connecting…')
  })

  it('shows why a remote is unreachable, keeps the password on an edit left blank, and confirms a removal', async () => {
    const config = { id: 'b1', name: 'Fleet', enabled: true, url: 'mqtt://fleet:1883', protocolVersion: 4 as const, clientId: 'home', cleanSession: false,
      username: 'ada', hasPassword: true, caFile: '', verifyCertificate: true, topics: [{ pattern: '#', direction: 'both' as const, qos: 1 as const, localPrefix: '', remotePrefix: '' }] }
    const status = { state: 'waiting' as const, lastError: 'connect ECONNREFUSED 10.0.0.2:1883', since: 0, retryAt: Date.now() + 8000, queued: 12, queuedMax: 1000, sent: 3, received: 1, reconnects: 4, dropped: 0 }
    const backend = await renderPanel(createFakeBackend({ bridges: [{ config, status }] }))
    expect(screen.getByTestId('bridge-state-b1').parentElement!.textContent).toMatch(/Remote unreachable next try in [78] s.*ECONNREFUSED/)
    expect(screen.getByTestId('bridge-queued-b1').textContent).toBe('12/1,000')
    await act$(() => fireEvent.click(screen.getByTestId('bridge-edit-b1')))
    expect((screen.getByTestId('bridge-topics') as HTMLTextAreaElement).value).toBe('topic # both 1')
    expect((screen.getByTestId('bridge-password') as HTMLInputElement).placeholder).toBe('(unchanged)')
    await type('bridge-name', 'Fleet 2')
    await act$(() => fireEvent.click(screen.getByTestId('bridge-save')))
    expect(backend.state.bridges[0]!.config).toMatchObject({ name: 'Fleet 2', hasPassword: true })

    await act$(() => fireEvent.click(screen.getByTestId('bridge-remove-b1')))
    expect(screen.getByTestId('bridge-remove-confirm').textContent).toContain('Its 0 queued message(s) on this broker are discarded')
    await act$(() => fireEvent.click(screen.getByTestId('bridge-remove-yes')))
    expect(backend.state.bridges).toEqual([])
  })
})
