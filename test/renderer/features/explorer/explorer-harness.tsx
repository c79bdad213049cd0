// Shared set-up of the Explorer component tests: a viewport size for the virtual list (happy-dom lays
// nothing out), fresh stores per test, and rendering the view against a fake backend.
import { act, cleanup, render } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { ExplorerView } from '../../../../renderer/features/explorer/ExplorerView'
import { startIpcSync } from '../../../../renderer/store/ipc-sync'
import { flushPromises, resetStores, type FakeBackend } from '../../fake-api'

const SIZES = { clientHeight: 600, clientWidth: 800 } as const

/** Registers the hooks for one test file; returns the function that renders the Explorer for a backend. */
export function useExplorerHarness(): (backend: FakeBackend) => Promise<FakeBackend> {
  let stop: (() => void) | null = null
  const original = Object.fromEntries(Object.keys(SIZES).map((name) => [name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)]))
  beforeAll(() => {
    for (const [name, size] of Object.entries(SIZES)) Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => size })
  })
  afterAll(() => {
    for (const [name, descriptor] of Object.entries(original)) if (descriptor !== undefined) Object.defineProperty(HTMLElement.prototype, name, descriptor)
  })
  beforeEach(() => resetStores())
  afterEach(() => {
    cleanup()
    stop?.()
    stop = null
  })
  return async (backend) => {
    await act(async () => {
      stop = startIpcSync(backend.api)
      await flushPromises()
    })
    render(<ExplorerView />)
    return backend
  }
}
