// Shared set-up of the renderer view tests: fresh stores per test, the fake backend's Api attached through
// ipc-sync, and rendering a view against it.
import { act, cleanup, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach, beforeEach } from 'vitest'
import { startIpcSync } from '../../renderer/store/ipc-sync'
import { flushPromises, resetStores, type FakeBackend } from './fake-api'

/** Registers the hooks for one test file; returns the function that renders `view` for a backend. */
export function useViewHarness(view: () => ReactElement): (backend: FakeBackend) => Promise<FakeBackend> {
  let stop: (() => void) | null = null
  beforeEach(() => resetStores())
  afterEach(() => {
    cleanup()
    stop?.()
    stop = null
  })
  return async (backend) => {
    stop?.() // a second render in one test replaces the first backend
    await act(async () => {
      stop = startIpcSync(backend.api)
      await flushPromises()
    })
    render(view())
    await act(flushPromises)
    return backend
  }
}
