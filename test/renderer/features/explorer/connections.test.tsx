// @vitest-environment happy-dom
// Adding, opening and closing broker connections from the Explorer against a fake backend: the inline form's
// validation and save-and-connect, the saved profiles list, and each root row's Close button.
import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../../shared/model/connection-profile'
import type { ExplorerConnection } from '../../../../shared/model/explorer'
import { topicTreeStore } from '../../../../renderer/store/topic-tree-store'
import { settingsStore } from '../../../../renderer/store/settings-store'
import { DEFAULT_SETTINGS } from '../../../../shared/model/settings'
import { connectionOf, createFakeBackend, EMBEDDED, flushPromises, makeNode, makeSavedProfile, type FakeBackend } from '../../fake-api'
import { useExplorerHarness } from './explorer-harness'

const EMBEDDED_BROKER: ExplorerConnection = {
  ...EMBEDDED, id: EMBEDDED_BROKER_PROFILE_ID, status: { ...EMBEDDED.status, profileId: EMBEDDED_BROKER_PROFILE_ID },
}
const LAB = makeSavedProfile({ id: 'lab', name: 'Lab', host: 'lab.example', port: 1884 })

const renderExplorer = useExplorerHarness()

/** Clicks and lets the fake backend's answers (and the pushes they cause) reach the page. */
async function click(testId: string): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId))
    await flushPromises()
  })
}

const type = (testId: string, value: string): void => void fireEvent.change(screen.getByTestId(testId), { target: { value } })
const saveButton = (): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>('conn-save')
const channels = (backend: FakeBackend): string[] => backend.calls.map((c) => c.channel).filter((c) => c.startsWith('connections:'))

describe('the connection form', () => {
  it('disables Save and says why while the port is not a valid port number', async () => {
    await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    await click('new-connection')

    type('conn-port', '70000')

    expect(saveButton().disabled).toBe(true)
    expect(screen.getByTestId('conn-error').textContent).toBe('The port must be a whole number from 1 to 65535')
    type('conn-port', '1883')
    expect(saveButton().disabled).toBe(false)
    expect(screen.queryByTestId('conn-error')).toBeNull()
  })

  it('prefills a random client id and shows the WebSocket path and TLS check only for the transports that use them', async () => {
    await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    await click('new-connection')

    expect(screen.getByTestId<HTMLInputElement>('conn-client-id').value).toMatch(/^topicscope_[0-9a-f]{8}$/)
    expect(screen.queryByTestId('conn-ws-path')).toBeNull()
    expect(screen.queryByTestId('conn-verify-tls')).toBeNull()
    fireEvent.change(screen.getByTestId('conn-transport'), { target: { value: 'wss' } })
    expect(screen.getByTestId<HTMLInputElement>('conn-ws-path').value).toBe('/mqtt')
    expect(screen.getByTestId<HTMLInputElement>('conn-verify-tls').checked).toBe(true)
    expect(screen.getByTestId<HTMLInputElement>('conn-port').value).toBe('443') // followed the default port
  })

  it('saves then opens the profile on "Save and connect", and the new connection becomes a root', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    await click('new-connection')
    type('conn-name', 'Plant floor')
    fireEvent.change(screen.getByTestId('conn-transport'), { target: { value: 'mqtts' } })
    type('conn-host', 'plant.example')
    fireEvent.change(screen.getByTestId('conn-version'), { target: { value: '4' } })
    type('conn-username', 'ada')
    type('conn-password', 's3cret')

    await click('conn-save')

    expect(channels(backend)).toEqual(['connections:profiles', 'connections:save', 'connections:profiles', 'connections:open'])
    const save = backend.calls.find((c) => c.channel === 'connections:save')?.req
    expect(save).toEqual({
      profile: expect.objectContaining({
        name: 'Plant floor', transport: 'mqtts', host: 'plant.example', port: 8883, protocolVersion: 4, username: 'ada', password: 's3cret',
        clientId: expect.stringMatching(/^topicscope_/), tls: expect.objectContaining({ rejectUnauthorized: true }),
      }),
    })
    const id = (save as { profile: { id: string } }).profile.id
    expect(backend.calls.find((c) => c.channel === 'connections:open')?.req).toEqual({ id })
    expect(screen.queryByTestId('connection-form')).toBeNull()
    expect(screen.getByTestId(`connection-root-${id}`).textContent).toContain('Plant floor')
    expect(screen.queryByTestId(`saved-profile-${id}`)).toBeNull() // open, so not in the saved list
  })

  it('shows a backend refusal as a banner in the form and keeps the form open', async () => {
    const backend = createFakeBackend({ connections: [EMBEDDED_BROKER] })
    backend.fail('connections:save', { code: 'bad-request', message: 'Bad profile.' })
    await renderExplorer(backend)
    await click('new-connection')

    await click('conn-save')

    expect(screen.getByTestId('conn-save-error').textContent).toContain('The connection was not saved: The backend rejected a malformed request.')
    expect(screen.getByTestId('connection-form')).toBeTruthy()
    expect(channels(backend)).not.toContain('connections:open')
  })

  it('keeps a stored password unless "remove the stored password" is ticked', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER], profiles: [makeSavedProfile({ id: 'lab', name: 'Lab', username: 'ada' }, true)] }))
    await click('saved-profile-edit-lab')
    expect(screen.getByTestId<HTMLInputElement>('conn-password').placeholder).toBe('stored — leave empty to keep')

    fireEvent.click(screen.getByTestId('conn-clear-password'))
    await click('conn-save')

    expect(backend.calls.find((c) => c.channel === 'connections:save')?.req).toEqual({
      profile: expect.objectContaining({ id: 'lab', password: null }), clearPassword: true,
    })
  })

  it('saves the session, will, TLS and subscription settings, and checks them first', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    await click('new-connection')
    type('conn-name', 'Secure lab')
    type('conn-host', 'lab.example')
    fireEvent.change(screen.getByTestId('conn-transport'), { target: { value: 'mqtts' } })
    type('conn-ca', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----')
    type('conn-cert', '-----BEGIN CERTIFICATE-----\nME\n-----END CERTIFICATE-----')
    expect(screen.getByTestId('conn-error').textContent).toBe('A client certificate needs its private key, and a key needs its certificate')
    type('conn-key', '-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----')
    type('conn-servername', 'broker.lab.example')
    fireEvent.click(screen.getByTestId('conn-clean-start'))
    type('conn-session-expiry', '3600')
    type('conn-keepalive', '30')
    type('conn-receive-maximum', 'x')
    expect(screen.getByTestId('conn-error').textContent).toBe('Receive maximum must be 1 to 65535')
    type('conn-receive-maximum', '20')
    fireEvent.click(screen.getByTestId('conn-auto-connect'))
    fireEvent.click(screen.getByTestId('conn-will'))
    type('conn-will-topic', 'lab/+/status')
    expect(screen.getByTestId('conn-error').textContent).toMatch(/^Will topic: Topic names cannot contain '\+'/)
    type('conn-will-topic', 'lab/client/status')
    type('conn-will-payload', 'offline')
    fireEvent.change(screen.getByTestId('conn-will-qos'), { target: { value: '1' } })
    type('conn-will-delay', '5')
    type('conn-will-response-topic', 'lab/client/reply')
    fireEvent.click(screen.getAllByTestId('user-prop-add')[0]!)
    type('user-prop-key-0', 'site')
    type('user-prop-value-0', 'lab')
    fireEvent.click(screen.getByTestId('conn-sub-add'))
    type('conn-sub-filter-0', 'lab/#')
    fireEvent.change(screen.getByTestId('conn-sub-qos-0'), { target: { value: '1' } })
    await click('conn-save')

    const saved = backend.state.profiles.find((p) => p.profile.name === 'Secure lab')!.profile
    expect(saved).toMatchObject({
      transport: 'mqtts', port: 8883, cleanStart: false, sessionExpiryS: 3600, keepaliveS: 30, receiveMaximum: 20, autoConnect: true,
      tls: { ca: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----', servername: 'broker.lab.example', rejectUnauthorized: true },
      will: { topic: 'lab/client/status', payload: 'offline', qos: 1, retain: false,
        properties: { willDelayIntervalS: 5, messageExpiryIntervalS: null, responseTopic: 'lab/client/reply', userProperties: [{ key: 'site', value: 'lab' }] } },
      defaultSubscriptions: [{ filter: 'lab/#', qos: 1, noLocal: false, retainAsPublished: true, retainHandling: 0 }],
    })
    const request = backend.calls.find((c) => c.channel === 'connections:save')!.req as { profile: { tls: { key: string | null } } }
    expect(request.profile.tls.key).toBe('-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----')
  })

  it('says what is wrong in French when the page speaks French', async () => {
    await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    act(() => settingsStore.setState({ settings: { ...DEFAULT_SETTINGS, appearance: { ...DEFAULT_SETTINGS.appearance, language: 'fr' } } }))
    // The embedded broker's root is named in the page's language; the user's own connections keep their names.
    expect(screen.getByTestId(`connection-root-${EMBEDDED_BROKER_PROFILE_ID}`).textContent).toContain('Broker intégré')
    await click('new-connection')
    type('conn-port', '70000')
    expect(screen.getByTestId('conn-error').textContent).toBe('Le port doit être un nombre entier de 1 à 65535')
    type('conn-port', '1883')
    fireEvent.click(screen.getByTestId('conn-sub-add'))
    type('conn-sub-filter-0', 'a/#/b')
    expect(screen.getByTestId('conn-error').textContent).toBe('Abonnement par défaut 1\u00a0: «\u00a0#\u00a0» doit être seul dans le dernier niveau (niveau 2)')
  })

  it('closes without saving on Cancel', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER] }))
    await click('new-connection')
    await click('conn-cancel')
    expect(screen.queryByTestId('connection-form')).toBeNull()
    expect(channels(backend)).toEqual(['connections:profiles'])
  })
})

describe('saved connections and open roots', () => {
  it('lists a saved profile that is not open and connects it', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER], profiles: [LAB] }))
    expect(screen.getByTestId('saved-profile-lab').textContent).toContain('mqtt://lab.example:1884')

    await click('saved-profile-connect-lab')

    expect(backend.calls).toContainEqual({ channel: 'connections:open', req: { id: 'lab' } })
    expect(screen.queryByTestId('saved-profile-lab')).toBeNull()
    expect(screen.getByTestId('connection-root-lab').textContent).toContain('Lab')
  })

  it('deletes a saved profile only after the inline confirmation', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER], profiles: [LAB] }))
    await click('saved-profile-delete-lab')
    expect(screen.getByTestId('saved-profile-lab').textContent).toContain("Delete 'Lab'?")
    await click('saved-profile-delete-no-lab')
    expect(channels(backend)).not.toContain('connections:delete')

    await click('saved-profile-delete-lab')
    await click('saved-profile-delete-yes-lab')

    expect(backend.calls).toContainEqual({ channel: 'connections:delete', req: { id: 'lab' } })
    expect(screen.queryByTestId('saved-profile-lab')).toBeNull()
  })

  it('closes an open connection from its root row, which then returns to the saved list', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER, connectionOf(LAB.profile)], profiles: [LAB] }))

    await click('close-connection-lab')

    expect(backend.calls).toContainEqual({ channel: 'connections:close', req: { id: 'lab' } })
    expect(screen.queryByTestId('connection-root-lab')).toBeNull()
    expect(screen.getByTestId('saved-profile-lab')).toBeTruthy()
  })

  it('edits an open connection from its root row; saving reopens it with the new settings', async () => {
    const backend = await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER, connectionOf(LAB.profile)], profiles: [LAB] }))
    await click('edit-connection-lab')
    expect((screen.getByTestId('conn-host') as HTMLInputElement).value).toBe('lab.example')
    type('conn-port', '1885')
    await click('conn-save')
    expect(backend.state.profiles.find((p) => p.profile.id === 'lab')!.profile.port).toBe(1885)
    expect(channels(backend).slice(-3)).toEqual(['connections:save', 'connections:profiles', 'connections:open'])
    expect(screen.queryByTestId('connection-form')).toBeNull()
  })

  it('gives the embedded broker root no Close button', async () => {
    await renderExplorer(createFakeBackend({ connections: [EMBEDDED_BROKER, connectionOf(LAB.profile)], profiles: [LAB] }))
    expect(screen.getByTestId(`connection-root-${EMBEDDED_BROKER_PROFILE_ID}`)).toBeTruthy()
    expect(screen.queryByTestId(`close-connection-${EMBEDDED_BROKER_PROFILE_ID}`)).toBeNull()
    expect(screen.getByTestId('close-connection-lab')).toBeTruthy()
  })

  it('drops a closed connection\'s tree, so reopening it fetches a fresh snapshot', async () => {
    const backend = createFakeBackend({ connections: [EMBEDDED_BROKER, connectionOf(LAB.profile)], profiles: [LAB] })
    backend.state.trees.set('lab', { connectionId: 'lab', seq: 9, structureVersion: 1, nodes: [makeNode('old', { connectionId: 'lab' })] })
    await renderExplorer(backend)
    expect(topicTreeStore.getState().trees.get('lab')?.lastSeq).toBe(9)

    await click('close-connection-lab')
    expect(topicTreeStore.getState().trees.has('lab')).toBe(false)
    backend.state.trees.set('lab', { connectionId: 'lab', seq: 0, structureVersion: 0, nodes: [] })
    await click('saved-profile-connect-lab')

    expect(backend.calls.filter((c) => c.channel === 'tree:snapshot' && (c.req as { connectionId: string }).connectionId === 'lab')).toHaveLength(2)
    expect(topicTreeStore.getState().trees.get('lab')?.nodes.size).toBe(0)
  })

  it('shows a failed Connect as a banner in the Explorer', async () => {
    const backend = createFakeBackend({ connections: [EMBEDDED_BROKER], profiles: [LAB] })
    backend.fail('connections:open', { code: 'not-found', message: 'No profile lab.' })
    await renderExplorer(backend)

    await click('saved-profile-connect-lab')

    expect(screen.getByTestId('connections-error').textContent).toContain('The requested item no longer exists.')
  })
})
