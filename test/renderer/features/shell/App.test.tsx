// @vitest-environment happy-dom
// The shell against a fake backend: navigation, shortcuts, language and theme, error boundaries, status
// bar, warnings and the token screen. Asserts what the user sees in the DOM.
import type { ReactElement } from 'react'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../../../renderer/App'
import { VIEW_REGISTRY } from '../../../../renderer/features/shell/view-registry'
import { startIpcSync } from '../../../../renderer/store/ipc-sync'
import { transportStore } from '../../../../renderer/transport/transport-store'
import { createFakeBackend, makeStatus, makeWarning, resetStores, type FakeBackend } from '../../fake-api'

let stop: (() => void) | null = null

async function renderApp(backend: FakeBackend = createFakeBackend(), views = VIEW_REGISTRY): Promise<FakeBackend> {
  await act(async () => {
    stop = startIpcSync(backend.api)
  })
  render(<App views={views} />)
  return backend
}

beforeEach(() => resetStores())
afterEach(() => {
  cleanup()
  stop?.()
  stop = null
  vi.restoreAllMocks()
})

describe('App', () => {
  it('shows the Explorer first and switches views from the sidebar', async () => {
    await renderApp()
    expect(screen.getByTestId('view-explorer').textContent).toContain('Explorer')

    fireEvent.click(screen.getByTestId('nav-about'))
    expect(screen.getByTestId('view-about').textContent).toContain('No telemetry')

    fireEvent.click(screen.getByTestId('nav-settings'))

    expect(screen.queryByTestId('view-about')).toBeNull()
    expect(screen.getByTestId('view-settings').textContent).toContain('Appearance')
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page')
  })

  it('switches views with Ctrl+digit, by physical key', async () => {
    await renderApp()

    // On AZERTY, the "2" key types "é" without Shift.
    fireEvent.keyDown(window, { key: 'é', code: 'Digit2', ctrlKey: true })
    expect(screen.getByTestId('view-broker')).toBeTruthy()

    fireEvent.keyDown(window, { key: '3', code: 'Digit3', ctrlKey: true })
    expect(screen.getByTestId('view-lab')).toBeTruthy()

    fireEvent.keyDown(window, { key: '5', code: 'Digit5', ctrlKey: true })
    expect(screen.getByTestId('view-settings')).toBeTruthy()

    fireEvent.keyDown(window, { key: '1', code: 'Digit1', ctrlKey: true })
    expect(screen.getByTestId('view-explorer')).toBeTruthy()
  })

  it('in a browser tab, uses Alt+Shift+digit (the browser keeps Ctrl+digit for its tabs) and says so', async () => {
    await renderApp()
    act(() => transportStore.setState({ kind: 'web' }))
    expect(screen.getByTestId('nav-lab').textContent).toContain('Alt+Shift+3')
    fireEvent.keyDown(window, { key: '3', code: 'Digit3', ctrlKey: true })
    expect(screen.queryByTestId('view-lab')).toBeNull()
    fireEvent.keyDown(window, { key: '#', code: 'Digit3', altKey: true, shiftKey: true })
    expect(screen.getByTestId('view-lab')).toBeTruthy()
  })

  it('shows the backend facts from app:info on About', async () => {
    await renderApp()
    fireEvent.click(screen.getByTestId('nav-about'))
    const about = screen.getByTestId('view-about')

    expect(about.textContent).toContain('0.1.0')
    expect(about.textContent).toContain('/home/ada/.config/Topicscope/settings.json')
    expect(about.textContent).toContain('Desktop app')
  })

  it('switches the whole UI to French when the language setting changes, and saves it', async () => {
    const backend = await renderApp()
    fireEvent.click(screen.getByTestId('nav-settings'))

    await act(async () => {
      fireEvent.change(screen.getByTestId('setting-language'), { target: { value: 'fr' } })
    })

    expect(screen.getByTestId('nav-about').textContent).toContain('À propos')
    expect(screen.getByTestId('view-settings').textContent).toContain('Apparence')
    expect(screen.getByTestId('status-uptime').textContent).toBe('Actif depuis 1 h 02 min')
    expect(document.documentElement.lang).toBe('fr')
    expect(backend.state.settings.appearance.language).toBe('fr')
  })

  it('applies the theme setting to the page', async () => {
    await renderApp()
    fireEvent.click(screen.getByTestId('nav-settings'))

    await act(async () => {
      fireEvent.change(screen.getByTestId('setting-theme'), { target: { value: 'dark' } })
    })

    expect(document.documentElement.dataset.theme).toBe('dark')
  })

  it('catches an error thrown inside a view in its boundary, and the navigation still works', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const Broken = (): never => {
      throw new Error('Payload decoder exploded')
    }
    await renderApp(createFakeBackend(), { ...VIEW_REGISTRY, explorer: { ...VIEW_REGISTRY.explorer, Component: Broken } })

    const fallback = within(screen.getByTestId('view-explorer')).getByRole('alert')
    expect(fallback.textContent).toContain('This view ran into a problem')
    expect(fallback.textContent).toContain('Payload decoder exploded')
    expect(screen.getByTestId('status-bar')).toBeTruthy()

    fireEvent.click(screen.getByTestId('nav-settings'))
    expect(screen.getByTestId('setting-theme')).toBeTruthy()
  })

  it('renders the view again when "Try again" is pressed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    let broken = true
    const Flaky = (): ReactElement => {
      if (broken) throw new Error('Not yet')
      return <p>Recovered</p>
    }
    await renderApp(createFakeBackend(), { ...VIEW_REGISTRY, explorer: { ...VIEW_REGISTRY.explorer, Component: Flaky } })

    broken = false
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))

    expect(screen.getByTestId('view-explorer').textContent).toBe('Recovered')
  })

  it('shows the backend uptime in the status bar and follows app:status pushes', async () => {
    const backend = await renderApp()
    expect(screen.getByTestId('status-uptime').textContent).toBe('Up 1 h 02 min')
    expect(screen.getByTestId('status-transport').textContent).toBe('Connected')

    act(() => backend.push('app:status', makeStatus({ uptimeMs: 2 * 86_400_000 + 3 * 3_600_000, at: 1_700_000_900_000 })))

    expect(screen.getByTestId('status-uptime').textContent).toBe('Up 2 d 03 h')
  })

  it('shows a backend warning as a translated banner and dismisses it', async () => {
    const backend = createFakeBackend({ status: makeStatus({ warnings: [makeWarning({ id: 'w7' })] }) })
    await renderApp(backend)
    const banner = screen.getByTestId('warning-settings-corrupt')
    expect(banner.textContent).toContain('/cfg/settings.json.corrupt')
    expect(screen.getByTestId('status-bar').textContent).toContain('1 warning')

    await act(async () => {
      fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }))
    })

    expect(screen.queryByTestId('warning-settings-corrupt')).toBeNull()
    expect(backend.calls).toContainEqual({ channel: 'app:dismiss-warning', req: { id: 'w7' } })
  })

  it('shows a failed request as an error banner', async () => {
    const backend = createFakeBackend()
    backend.fail('app:info', { code: 'internal', message: 'Unexpected error (details in the log).' })
    await renderApp(backend)

    expect(screen.getByTestId('error-internal').textContent).toContain('Something went wrong in the backend')
  })

  it('replaces the app with a clear message when the token is refused', async () => {
    await renderApp()

    act(() => transportStore.setState({ kind: 'web', state: 'unauthorized', retryAt: null }))

    expect(screen.getByTestId('unauthorized').textContent).toContain('topicscope serve')
    expect(screen.queryByTestId('status-bar')).toBeNull()
  })

  it('shows a non-blocking banner while reconnecting', async () => {
    await renderApp()

    act(() => transportStore.setState({ kind: 'web', state: 'reconnecting', retryAt: Date.now() + 2_000 }))

    expect(screen.getByTestId('status-transport').textContent).toBe('Reconnecting in 2 s')
    expect(screen.getByTestId('reconnecting').textContent).toContain('Trying again in 2 s')
    expect(screen.getByTestId('view-explorer')).toBeTruthy()
  })
})
