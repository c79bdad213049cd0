// Saved connections end to end: profiles saved without their secrets in the page's view, secrets in a
// 0600 file, a second broker opened as its own tree root, and closing it.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppCore } from '../../../../electron/core/app-core'
import { silentLogger } from '../../../../electron/core/support/logger'
import { createInvokeHandlers } from '../../../../electron/ipc/handlers'
import { dispatchInvoke } from '../../../../electron/ipc/dispatch'
import { createProfile } from '../../../../shared/model/connection-profile'
import { connectedClient } from '../../../support/raw-client'
import { startTestBroker } from '../../../support/test-broker'
import { makeTempDir } from '../../../support/temp-dir'

describe('saved connections', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'none' } }))
    const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null } })
    cleanups.push(() => core.close())
    const handlers = createInvokeHandlers(core)
    const invoke = (channel: string, req: unknown) => dispatchInvoke(handlers, channel, req, silentLogger)
    return { core, invoke, dir: dir.path }
  }

  it('saves a profile, keeps its password out of the page and in a 0600 file', async () => {
    const { invoke, dir } = await setup()
    const profile = createProfile({ id: '', name: 'Home Assistant', host: '127.0.0.1', port: 1883, protocolVersion: 4, username: 'ha', password: 's3cret' })
    const saved = await invoke('connections:save', { profile })
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true, profile: { name: 'Home Assistant', password: null } } })
    const id = (saved as { value: { profile: { id: string } } }).value.profile.id
    expect(id).toMatch(/^connection-/)
    expect(readFileSync(join(dir, 'connections.json'), 'utf8')).not.toContain('s3cret')
    expect(readFileSync(join(dir, 'connection-secrets.json'), 'utf8')).toContain('s3cret')
    expect(statSync(join(dir, 'connection-secrets.json')).mode & 0o777).toBe(0o600)
    expect(await invoke('connections:profiles', null)).toMatchObject({ ok: true, value: [{ profile: { id }, hasPassword: true }] })
  })

  it('refuses an invalid profile with the sentence that says why', async () => {
    const { invoke } = await setup()
    const profile = createProfile({ id: 'x', name: 'Bad', host: '127.0.0.1', port: 70000 })
    expect(await invoke('connections:save', { profile })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('port must be a whole number') } })
  })

  it('opens a second broker as its own root, with its own tree, and closes it', async () => {
    const { core, invoke } = await setup()
    const other = await startTestBroker()
    cleanups.push(() => other.close())
    const saved = await invoke('connections:save', { profile: createProfile({ id: 'lab', name: 'Lab broker', host: '127.0.0.1', port: other.port, defaultSubscriptions: [{ filter: '#', qos: 1, noLocal: false, retainAsPublished: true, retainHandling: 0 }] }) })
    expect(saved.ok).toBe(true)
    expect(await invoke('connections:open', { id: 'lab' })).toEqual({ ok: true, value: null })
    await expect.poll(() => core.explorer!.list().map((c) => [c.id, c.status.state])).toEqual([['embedded-broker', 'connected'], ['lab', 'connected']])
    const { client } = await connectedClient(other.port, { clientId: 'lab-sensor' })
    client.send({ cmd: 'publish', topic: 'lab/bench/temp', payload: Buffer.from('19'), qos: 0, retain: false, dup: false })
    await expect.poll(() => core.explorer!.snapshot('lab').nodes.some((n) => n.path === 'lab/bench/temp')).toBe(true)
    expect(core.explorer!.snapshot('embedded-broker').nodes.some((n) => n.path === 'lab/bench/temp')).toBe(false)
    client.end()
    expect(await invoke('connections:close', { id: 'lab' })).toEqual({ ok: true, value: null })
    expect(core.explorer!.list().map((c) => c.id)).toEqual(['embedded-broker'])
    expect(await invoke('connections:close', { id: 'embedded-broker' })).toMatchObject({ ok: false, error: { code: 'bad-request' } })
  })
  it('opens the profiles marked "connect when Topicscope starts" at the next start, and only those', async () => {
    const { core, invoke, dir } = await setup()
    const other = await startTestBroker()
    cleanups.push(() => other.close())
    const profile = (id: string, autoConnect: boolean) => createProfile({ id, name: id, host: '127.0.0.1', port: other.port, autoConnect })
    expect((await invoke('connections:save', { profile: profile('auto', true) })).ok).toBe(true)
    expect((await invoke('connections:save', { profile: profile('manual', false) })).ok).toBe(true)
    await core.close()
    const again = await AppCore.open({ mode: 'web', dataDir: dir, version: 't', log: silentLogger, broker: { portOverride: null } })
    cleanups.push(() => again.close())
    await expect.poll(() => again.explorer!.list().map((c) => [c.id, c.status.state])).toEqual([['embedded-broker', 'connected'], ['auto', 'connected']])
  })
  it('exports profiles without secrets unless asked, and imports them as new profiles', async () => {
    const { invoke, core } = await setup()
    const profile = createProfile({ id: 'ha', name: 'Home Assistant', host: '127.0.0.1', port: 1883, protocolVersion: 4, username: 'ha', password: 's3cret' })
    expect((await invoke('connections:save', { profile })).ok).toBe(true)

    const plain = await invoke('connections:export', { includeSecrets: false }) as { ok: true; value: { profiles: Array<{ password: string | null }>; includesSecrets: boolean } }
    expect(plain.value).toMatchObject({ format: 'topicscope-connections', version: 1, includesSecrets: false, profiles: [{ name: 'Home Assistant', password: null }] })
    expect(JSON.stringify(plain.value)).not.toContain('s3cret')
    const withSecrets = await invoke('connections:export', { includeSecrets: true }) as { ok: true; value: object }
    expect(JSON.stringify(withSecrets.value)).toContain('s3cret')

    const file = JSON.parse(JSON.stringify(withSecrets.value)) as { profiles: object[] }
    file.profiles.push({ ...file.profiles[0], name: 'Broken', port: 0 })
    const imported = await invoke('connections:import', { json: JSON.stringify(file) })
    expect(imported).toEqual({ ok: true, value: { imported: 1, skipped: [{ name: 'Broken', reason: 'The port must be a whole number from 1 to 65535' }] } })
    const names = core.profiles.list().map((p) => [p.profile.name, p.hasPassword])
    expect(names).toEqual([['Home Assistant', true], ['Home Assistant (imported)', true]])
    expect(new Set(core.profiles.list().map((p) => p.profile.id)).size).toBe(2)

    expect(await invoke('connections:import', { json: '{"format":"something-else"}' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'The file is not a Topicscope connections export.' } })
    expect(await invoke('connections:import', { json: 'not json' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The file is not JSON/) } })
  })
})
