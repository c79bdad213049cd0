// @vitest-environment happy-dom
// The broker console's settings against a fake backend: what applying does is said before Apply (with the
// clients each listener carries), fields out of range and listeners sharing a port hold Apply back, and
// Apply sends the whole broker settings.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BrokerSettingsPanel } from '../../../../renderer/features/broker/settings/BrokerSettingsPanel'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderPanel = useViewHarness(() => <BrokerSettingsPanel />)

async function act$(fn: () => void): Promise<void> {
  await act(async () => {
    fn()
    await flushPromises()
  })
}
const apply = () => screen.getByTestId('setting-broker-apply') as HTMLButtonElement

describe('broker console: settings', () => {
  it('says what a port change does, with the clients of that listener, and applies it', async () => {
    const backend = await renderPanel(createFakeBackend())
    expect(apply().disabled).toBe(true)
    expect(screen.queryByTestId('broker-change-preview')).toBeNull()
    await act$(() => fireEvent.change(screen.getByTestId('setting-broker-port'), { target: { value: '1884' } }))
    expect(screen.getByTestId('broker-change-preview').textContent).toContain('reopen the MQTT listener: its 2 client(s) are disconnected')
    await act$(() => fireEvent.click(screen.getByTestId('setting-broker-anonymous')))
    expect(screen.getByTestId('broker-change-preview').textContent).toContain('change anonymous access for the next connections')
    await act$(() => fireEvent.click(apply()))
    expect(backend.state.settings.broker).toMatchObject({ port: 1884, allowAnonymous: false })
    expect(screen.queryByTestId('broker-change-preview')).toBeNull() // the form now matches what is stored
  })

  it('holds Apply back for a limit out of range and for two listeners on one port, saying why', async () => {
    await renderPanel(createFakeBackend())
    await act$(() => fireEvent.change(screen.getByTestId('setting-limit-maxQueuedMessages'), { target: { value: '0' } }))
    expect(screen.getByText('Enter a whole number from 1 to 10,000,000.')).toBeTruthy()
    expect(apply().disabled).toBe(true)
    await act$(() => fireEvent.change(screen.getByTestId('setting-limit-maxQueuedMessages'), { target: { value: '50' } }))
    expect(screen.getByTestId('broker-change-preview').textContent).toContain('apply the limits at once')
    await act$(() => fireEvent.click(screen.getByTestId('setting-broker-ws')))
    await act$(() => fireEvent.change(screen.getByTestId('setting-broker-ws-port'), { target: { value: '1883' } }))
    expect(screen.getByTestId('broker-settings-problem').textContent).toBe('The MQTT and WebSocket listeners cannot share port 1883.')
    expect(apply().disabled).toBe(true)
  })

  it('keeps an edit while another part of the settings changes elsewhere (a theme picked in another tab)', async () => {
    const backend = await renderPanel(createFakeBackend())
    await act$(() => fireEvent.change(screen.getByTestId('setting-broker-port'), { target: { value: '1884' } }))
    const s = backend.state.settings
    await act$(() => backend.push('settings:changed', { ...s, appearance: { ...s.appearance, theme: 'dark' }, broker: { ...s.broker } }))
    expect((screen.getByTestId('setting-broker-port') as HTMLInputElement).value).toBe('1884')
    await act$(() => backend.push('settings:changed', { ...s, broker: { ...s.broker, port: 1999 } }))
    expect((screen.getByTestId('setting-broker-port') as HTMLInputElement).value).toBe('1999') // the broker's own change wins
  })

  it('warns that a persistence change restarts the broker', async () => {
    await renderPanel(createFakeBackend())
    await act$(() => fireEvent.change(screen.getByTestId('setting-broker-persistence'), { target: { value: 'none' } }))
    expect(screen.getByTestId('broker-change-preview').textContent).toContain('restart the broker: all 2 connected clients are disconnected')
    expect(screen.getByTestId('broker-change-preview').className).toContain('change-preview-warn')
  })
})
