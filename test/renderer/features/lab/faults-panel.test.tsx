// @vitest-environment happy-dom
// The faults panel against a fake backend: a preset fills the form (here "stop answering PINGREQ": drop
// every PINGRESP going out) and adding it sends that rule for the chosen client.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { FaultsPanel } from '../../../../renderer/features/lab/FaultsPanel'
import { createFakeBackend, flushPromises } from '../../fake-api'
import { useViewHarness } from '../../view-harness'

const renderPanel = useViewHarness(() => <FaultsPanel clientIds={['sensor', 'watcher']} />)

describe('faults panel', () => {
  it('fills the form from a preset and adds that rule', async () => {
    const backend = await renderPanel(createFakeBackend())
    fireEvent.change(screen.getByTestId('lab-fault-client'), { target: { value: 'sensor' } })
    fireEvent.click(screen.getByTestId('lab-fault-preset-no-pingresp'))
    expect(screen.getByTestId<HTMLSelectElement>('lab-fault-action').value).toBe('drop-all')
    expect(screen.getByTestId<HTMLSelectElement>('lab-fault-cmd').value).toBe('pingresp')
    expect(screen.getByTestId<HTMLSelectElement>('lab-fault-direction').value).toBe('out')
    await act(async () => {
      fireEvent.click(screen.getByTestId('lab-fault-add'))
      await flushPromises()
    })
    expect(backend.calls.find((c) => c.channel === 'lab:fault-add')?.req).toEqual({ clientId: 'sensor', direction: 'out', cmd: 'pingresp', action: 'drop-all', delayMs: 0 })
  })
})
