// AppCore with its embedded broker: started from the settings, restarted when they change, and a busy
// port reported as a warning and a failed state rather than an exception.
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppCore } from '../../../electron/core/app-core'
import { silentLogger } from '../../../electron/core/support/logger'
import { connectedClient } from '../../support/raw-client'
import { makeTempDir } from '../../support/temp-dir'

describe('AppCore: the embedded broker', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function open(brokerSettings: object, portOverride: number | null = null) {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: brokerSettings }))
    const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride } })
    cleanups.push(() => core.close())
    return core
  }

  async function busyPort(): Promise<number> {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise((r) => blocker.close(r)))
    return (blocker.address() as { port: number }).port
  }

  it('starts on the port from the settings, on 127.0.0.1 for "local"', async () => {
    const core = await open({ port: 0, exposure: 'local' })
    const status = core.status().broker!
    expect(status.state).toBe('running')
    expect(status.urls[0]).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/)
    const { client, connack } = await connectedClient(core.broker!.listeners[0]!.port, { clientId: 'c' })
    expect(connack.returnCode).toBe(0)
    // The explorer's own connection to the broker counts too.
    await expect.poll(() => core.status().broker!.clientsConnected).toBe(2)
    client.end()
  })

  it('a busy port is a warning and a failed state, and choosing another port restarts it', async () => {
    const port = await busyPort()
    const core = await open({ port, exposure: 'local' })
    expect(core.status().broker).toMatchObject({ state: 'failed', error: expect.stringContaining(`Port ${port} is in use`) })
    expect(core.status().warnings.map((w) => w.code)).toContain('broker-failed')
    await core.updateSettings({ broker: { port: 0 } })
    expect(core.status().broker!.state).toBe('running')
    expect(core.status().warnings.map((w) => w.code)).not.toContain('broker-failed')
  })

  it('a command-line port wins until the user picks one in the settings', async () => {
    const core = await open({ port: 1883, exposure: 'local' }, 0)
    expect(core.status().broker!.state).toBe('running')
    await core.updateSettings({ broker: { exposure: 'network' } })
    expect(core.status().broker!.urls[0]).toMatch(/^mqtt:\/\/0\.0\.0\.0:(?!1883)\d+$/) // still the command line's port
    await core.updateSettings({ broker: { port: await busyPort() } })
    // The chosen port now applies: it is busy, so that listener cannot open, and says why; the broker stays up.
    expect(core.status().broker).toMatchObject({ state: 'running', urls: [] })
    expect(core.status().warnings).toContainEqual(expect.objectContaining({ code: 'listener-failed', message: expect.stringMatching(/is in use/) }))
  })

  it('a corrupt broker database is moved aside with a warning, and the broker starts empty', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'acknowledged' } }))
    writeFileSync(join(dir.path, 'broker.sqlite'), 'this is not a database '.repeat(200))
    const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null } })
    cleanups.push(() => core.close())
    expect(core.status().broker!.state).toBe('running')
    const warning = core.status().warnings.find((w) => w.code === 'persistence-reset')
    expect(warning?.params.movedTo).toMatch(/broker\.sqlite\.corrupt-/)
  })

  it('a batch log damaged before its end: the readable batches are kept, the file is moved aside with a warning', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'acknowledged' } }))
    writeFileSync(join(dir.path, 'broker.sqlite-batches'), 'this is not a batch log '.repeat(20))
    const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null } })
    cleanups.push(() => core.close())
    expect(core.status().broker!.state).toBe('running')
    const warning = core.status().warnings.find((w) => w.code === 'persistence-log-damaged')
    expect(warning?.params).toEqual({ movedTo: expect.stringMatching(/broker\.sqlite-batches\.corrupt-/), reason: 'it does not start with TSBATCH1' })
    expect(readFileSync(warning!.params.movedTo!, 'utf8')).toBe('this is not a batch log '.repeat(20))
  })

  it('"network" exposure listens on every interface', async () => {
    const core = await open({ port: 0, exposure: 'network' })
    expect(core.status().broker!.urls[0]).toMatch(/^mqtt:\/\/0\.0\.0\.0:\d+$/)
  })

  it('a change that does not touch the broker leaves it and its clients alone', async () => {
    const core = await open({ port: 0, exposure: 'local' })
    const { client } = await connectedClient(core.broker!.listeners[0]!.port, { clientId: 'stays' })
    await core.updateSettings({ appearance: { theme: 'dark' } })
    client.send({ cmd: 'pingreq' })
    expect(await client.next('pingresp')).toBeDefined()
    client.end()
  })
})
