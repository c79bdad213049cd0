// Vanilla stores in Node, driven by a fake backend: snapshots, pushes, failures and resync.
import { DEFAULT_SETTINGS } from '../../../shared/model/settings'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appStore } from '../../../renderer/store/app-store'
import { startIpcSync } from '../../../renderer/store/ipc-sync'
import { navigationStore } from '../../../renderer/store/navigation-store'
import { settingsStore } from '../../../renderer/store/settings-store'
import { explorerStore } from '../../../renderer/store/explorer-store'
import { topicTreeStore } from '../../../renderer/store/topic-tree-store'
import { createFakeBackend, EMBEDDED, flushPromises, INFO, makeNode, makeStatus, makeWarning, resetStores } from '../fake-api'

let stop: (() => void) | null = null

beforeEach(() => resetStores())
afterEach(() => {
  stop?.()
  stop = null
})

describe('startIpcSync', () => {
  it('fills the stores from the initial snapshots', async () => {
    const backend = createFakeBackend({ settings: { appearance: { theme: 'dark', language: 'fr' }, broker: DEFAULT_SETTINGS.broker } })

    stop = startIpcSync(backend.api)
    await flushPromises()

    expect(appStore.getState().info).toEqual(INFO)
    expect(appStore.getState().status?.uptimeMs).toBe(3_723_000)
    expect(settingsStore.getState().settings).toEqual({ appearance: { theme: 'dark', language: 'fr' }, broker: DEFAULT_SETTINGS.broker })
    expect(appStore.getState().lastError).toBeNull()
  })

  it('applies an app:status push', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()

    backend.push('app:status', makeStatus({ uptimeMs: 5_000, webClients: 2, at: 1_700_000_200_000 }))

    expect(appStore.getState().status).toMatchObject({ uptimeMs: 5_000, webClients: 2 })
  })

  it('applies a settings:changed push', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()

    backend.push('settings:changed', { appearance: { theme: 'light', language: 'en' }, broker: DEFAULT_SETTINGS.broker })

    expect(settingsStore.getState().settings).toEqual({ appearance: { theme: 'light', language: 'en' }, broker: DEFAULT_SETTINGS.broker })
  })

  it('shows the view an app:navigate push names and ignores an unknown one', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)

    backend.push('app:navigate', { view: 'settings' })
    expect(navigationStore.getState().view).toBe('settings')

    backend.push('app:navigate', { view: 'nonsense' as 'about' })
    expect(navigationStore.getState().view).toBe('settings')
  })

  it('stores a failed snapshot as the last error and keeps the others', async () => {
    const backend = createFakeBackend()
    backend.fail('app:info', { code: 'internal', message: 'Unexpected error (details in the log).' })

    stop = startIpcSync(backend.api)
    await flushPromises()

    expect(appStore.getState().lastError).toEqual({
      channel: 'app:info',
      error: { code: 'internal', message: 'Unexpected error (details in the log).' },
    })
    expect(appStore.getState().info).toBeNull()
    expect(appStore.getState().status).not.toBeNull()
  })

  it('turns an invoke that rejects into a stored error', async () => {
    const backend = createFakeBackend()
    const api = { ...backend.api, invoke: () => Promise.reject(new Error('Unknown channel: app:info')) }

    stop = startIpcSync(api)
    await flushPromises()

    expect(appStore.getState().lastError?.error).toEqual({ code: 'internal', message: 'Unknown channel: app:info' })
  })

  it('keeps a push that arrives before the snapshot it overtook', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)

    backend.push('app:status', makeStatus({ uptimeMs: 9_000, at: 1_700_000_300_000 }))
    await flushPromises()

    expect(appStore.getState().status?.uptimeMs).toBe(9_000)
  })

  it('fetches again when the resync source fires, clearing the old error', async () => {
    const backend = createFakeBackend()
    backend.fail('settings:get', { code: 'unavailable', message: 'Not connected to the Topicscope backend.' })
    let reopen: () => void = () => {}
    stop = startIpcSync(backend.api, (listener) => {
      reopen = listener
      return () => {}
    })
    await flushPromises()
    expect(appStore.getState().lastError?.error.code).toBe('unavailable')

    backend.recover('settings:get')
    backend.state.settings = { appearance: { theme: 'dark', language: 'en' }, broker: DEFAULT_SETTINGS.broker }
    reopen()
    await flushPromises()

    expect(appStore.getState().lastError).toBeNull()
    expect(settingsStore.getState().settings).toEqual({ appearance: { theme: 'dark', language: 'en' }, broker: DEFAULT_SETTINGS.broker })
  })

  it('stops listening to pushes once stopped', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()
    stop()
    stop = null

    backend.push('app:status', makeStatus({ uptimeMs: 1 }))

    expect(appStore.getState().status?.uptimeMs).toBe(3_723_000)
  })
})

describe('store actions', () => {
  it('update() applies a settings change at once and keeps what the backend saved', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()

    const saving = settingsStore.getState().update({ appearance: { language: 'fr' } })
    expect(settingsStore.getState().settings?.appearance.language).toBe('fr')
    await saving

    expect(backend.state.settings.appearance.language).toBe('fr')
    expect(settingsStore.getState().error).toBeNull()
  })

  it('update() reverts the change and keeps the error when the backend refuses it', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()
    backend.fail('settings:update', { code: 'bad-request', message: 'Theme must be one of system, light, dark.' })

    await settingsStore.getState().update({ appearance: { theme: 'dark' } })

    expect(settingsStore.getState().settings?.appearance.theme).toBe('system')
    expect(settingsStore.getState().error?.code).toBe('bad-request')
  })

  it('dismissWarning() hides the warning and tells the backend', async () => {
    const backend = createFakeBackend({ status: makeStatus({ warnings: [makeWarning({ id: 'w1' })] }) })
    stop = startIpcSync(backend.api)
    await flushPromises()

    await appStore.getState().dismissWarning('w1')

    expect(appStore.getState().status?.warnings).toEqual([])
    expect(backend.calls).toContainEqual({ channel: 'app:dismiss-warning', req: { id: 'w1' } })
  })

  it('fetches the connections and a tree snapshot per connection at start and again after a reconnect', async () => {
    const backend = createFakeBackend({ trees: [{ connectionId: 'embedded', seq: 2, nodes: [makeNode('a')], structureVersion: 1 }] })
    let reopen: () => void = () => {}
    stop = startIpcSync(backend.api, (listener) => {
      reopen = listener
      return () => {}
    })
    await flushPromises()
    expect(explorerStore.getState().connections.map((c) => c.id)).toEqual(['embedded'])
    expect(topicTreeStore.getState().trees.get('embedded')?.nodes.has('a')).toBe(true)

    backend.state.trees.set('embedded', { connectionId: 'embedded', seq: 9, nodes: [makeNode('b')], structureVersion: 2 })
    reopen()
    await flushPromises()

    expect(backend.calls.filter((c) => c.channel === 'tree:snapshot')).toHaveLength(2)
    expect([...(topicTreeStore.getState().trees.get('embedded')?.nodes.keys() ?? [])]).toEqual(['b'])
  })

  it('fetches the tree of a connection that first appears in an explorer:connections push', async () => {
    const backend = createFakeBackend()
    stop = startIpcSync(backend.api)
    await flushPromises()

    backend.push('explorer:connections', [EMBEDDED, { ...EMBEDDED, id: 'lab', name: 'Lab' }])
    await flushPromises()

    expect(backend.calls.filter((c) => c.channel === 'tree:snapshot').map((c) => c.req)).toEqual([{ connectionId: 'embedded' }, { connectionId: 'lab' }])
    expect(explorerStore.getState().connections).toHaveLength(2)
  })
})
