// @vitest-environment happy-dom
// The Saved connections panel of Settings: where secrets are kept, export (with or without them), and
// importing a file, against a fake backend.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SettingsView } from '../../../renderer/features/settings/SettingsView'
import { createFakeBackend, flushPromises, INFO, makeSavedProfile, resetStores } from '../fake-api'
import { useViewHarness } from '../view-harness'

const renderSettings = useViewHarness(() => <SettingsView />)

describe('Settings: saved connections', () => {
  it('says the secrets are sealed by the keychain, or names the 0600 file', async () => {
    await renderSettings(createFakeBackend())
    expect(screen.getByText(/Sealed by the operating system’s keychain/)).toBeTruthy()
    cleanup()
    resetStores()
    await renderSettings(createFakeBackend({ info: { ...INFO, secretStorage: { kind: 'file-0600', file: '/srv/topicscope/connection-secrets.json' } } }))
    expect(screen.getByText(/In \/srv\/topicscope\/connection-secrets.json, a file only your user account can read \(mode 0600\)/)).toBeTruthy()
  })

  it('exports without secrets unless ticked (with a warning), and imports a file', async () => {
    const backend = await renderSettings(createFakeBackend({ profiles: [makeSavedProfile({ id: 'lab', name: 'Lab' })] }))
    URL.createObjectURL = () => 'blob:export'
    URL.revokeObjectURL = () => undefined
    await act(async () => {
      fireEvent.click(screen.getByTestId('connections-export'))
      await flushPromises()
    })
    expect(backend.calls.filter((c) => c.channel === 'connections:export').map((c) => c.req)).toEqual([{ includeSecrets: false }])
    expect(screen.getByTestId('connections-transfer-result').textContent).toBe('Exported 1 connection(s).')
    fireEvent.click(screen.getByTestId('export-include-secrets'))
    expect(screen.getByText(/will hold the passwords and keys in clear/)).toBeTruthy()

    const file = new File([JSON.stringify({ format: 'topicscope-connections', version: 1, profiles: [{ name: 'From file' }] })], 'c.json', { type: 'application/json' })
    await act(async () => {
      fireEvent.change(screen.getByTestId('connections-import-file'), { target: { files: [file] } })
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    expect(screen.getByTestId('connections-transfer-result').textContent).toBe('Imported 1 connection(s).')
    expect(backend.state.profiles.map((p) => p.profile.name)).toEqual(['Lab', 'From file'])
  })
})
