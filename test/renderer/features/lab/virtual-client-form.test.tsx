// @vitest-environment happy-dom
// The virtual client form against a fake backend: an MQTT 3.1 client with a will of its chosen QoS and
// retain flag is asked for exactly as filled in, and an invalid client id keeps the button off.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { VirtualClientForm } from '../../../../renderer/features/lab/VirtualClientForm'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderForm = useViewHarness(() => <VirtualClientForm suggestedId="client-1" />)

describe('virtual client form', () => {
  it('adds an MQTT 3.1 client with a retained QoS 2 will', async () => {
    const backend = await renderForm(createFakeBackend())
    fireEvent.change(screen.getByTestId('lab-client-id'), { target: { value: 'old-sensor' } })
    fireEvent.change(screen.getByTestId('lab-client-version'), { target: { value: '3' } })
    fireEvent.change(screen.getByTestId('lab-client-will-topic'), { target: { value: 'wills/old' } })
    fireEvent.change(screen.getByTestId('lab-client-will-payload'), { target: { value: 'gone' } })
    fireEvent.change(screen.getByTestId('lab-client-will-qos'), { target: { value: '2' } })
    fireEvent.click(screen.getByTestId('lab-client-will-retain'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('lab-client-add'))
      await flushPromises()
    })
    expect(backend.calls.find((c) => c.channel === 'lab:client-add')?.req).toMatchObject({
      clientId: 'old-sensor', protocolVersion: 3, will: { topic: 'wills/old', payload: 'gone', qos: 2, retain: true },
    })
  })

  it('keeps the will’s QoS and retain hidden until it has a topic', async () => {
    await renderForm(createFakeBackend())
    expect(screen.queryByTestId('lab-client-will-qos')).toBeNull()
    expect(screen.queryByTestId('lab-client-will-retain')).toBeNull()
  })
})
