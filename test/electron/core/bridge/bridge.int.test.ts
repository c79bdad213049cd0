// Bridges against real brokers: the embedded broker of a real AppCore bridged to a second broker over
// real sockets, with MQTT.js clients on both sides. Both directions with prefixes, no loop on a `both`
// rule, no QoS 1 message lost while the remote is down, and Debian's mosquitto as the remote.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { bridgeLocalClientId } from '../../../../electron/core/bridge/bridge-runtime'
import { startListener } from '../../../../electron/core/broker/listeners/start-listener'
import type { BridgeSave } from '../../../../shared/model/bridge'
import { parseBridgeTopicLines } from '../../../../shared/model/bridge'
import { freePort } from '../../../support/free-port'
import { makeTempDir } from '../../../support/temp-dir'
import { AppCore } from '../../../../electron/core/app-core'
import { silentLogger } from '../../../../electron/core/support/logger'
import { openTestCore } from '../../../support/test-core'
import { startTestBroker } from '../../../support/test-broker'
import { collectMessages, mqttClients } from '../../../support/mqtt-clients'

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p))

function bridge(url: string, lines: string, over: Partial<BridgeSave> = {}): BridgeSave {
  const { rules, problems } = parseBridgeTopicLines(lines)
  expect(problems).toEqual([])
  return { id: 'b1', name: 'to remote', enabled: true, url, protocolVersion: 5, clientId: 'topicscope-test-bridge', cleanSession: false,
    username: null, password: null, caFile: '', verifyCertificate: true, topics: rules, ...over }
}

describe('bridges', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const client = mqttClients(cleanups)
  const collect = collectMessages
  const setup = async () => {
    const remote = await startTestBroker()
    cleanups.push(() => remote.close())
    const { core, port } = await openTestCore(cleanups, { bridgeBackoff: { minMs: 50, maxMs: 200 } })
    return { remote, core, localUrl: `mqtt://127.0.0.1:${port}`, remoteUrl: `mqtt://127.0.0.1:${remote.port}` }
  }

  it('carries messages both ways with prefixes, and a `both` rule does not loop', async () => {
    const { core, localUrl, remoteUrl } = await setup()
    await core.bridges!.save(bridge(remoteUrl, [
      'topic sensors/# out 1 home/ site-a/',
      'topic commands/# in 1 home/ site-a/',
      'topic chat/# both 1',
    ].join('\n')))
    await expect.poll(() => core.bridges!.list()[0]!.status.state).toBe('connected')
    const remoteSub = await client(remoteUrl, { clientId: 'cloud' })
    await remoteSub.subscribeAsync(['site-a/#', 'chat/#'], { qos: 1 })
    const cloud = collect(remoteSub)
    const localSub = await client(localUrl, { clientId: 'dashboard' })
    await localSub.subscribeAsync(['home/#', 'chat/#'], { qos: 1 })
    const home = collect(localSub)
    await expect.poll(() => core.broker!.broker.sessions.get(bridgeLocalClientId('b1'))?.subscriptions.size).toBe(2)

    const localPub = await client(localUrl, { clientId: 'sensor' })
    await localPub.publishAsync('home/sensors/temp', '21.5', { qos: 1 })
    await localPub.publishAsync('home/other/x', 'stays local', { qos: 1 })
    const remotePub = await client(remoteUrl, { clientId: 'operator' })
    await remotePub.publishAsync('site-a/commands/heat', 'on', { qos: 1 })
    await localPub.publishAsync('chat/room', 'hello from home', { qos: 1 })
    await remotePub.publishAsync('chat/room', 'hello from the cloud', { qos: 1 })

    // The cloud side also sees what was published there (the command and its own chat line).
    await expect.poll(() => cloud.sort()).toEqual(['chat/room=hello from home', 'chat/room=hello from the cloud', 'site-a/commands/heat=on', 'site-a/sensors/temp=21.5'])
    await expect.poll(() => home.filter((m) => !m.startsWith('home/other') && !m.startsWith('home/sensors')).sort()).toEqual(['chat/room=hello from home', 'chat/room=hello from the cloud', 'home/commands/heat=on'])
    await new Promise((r) => setTimeout(r, 300)) // a loop would show as more copies by now
    expect(cloud).toHaveLength(4)
    expect(home.filter((m) => m.startsWith('chat/'))).toHaveLength(2)
    expect(core.bridges!.list()[0]!.status).toMatchObject({ sent: 2, received: 2 })

    // A retained message keeps its flag across: a newcomer on the remote gets it at once.
    await localPub.publishAsync('home/sensors/config', '{"unit":"C"}', { qos: 1, retain: true })
    await expect.poll(() => cloud).toContain('site-a/sensors/config={"unit":"C"}')
    const newcomer = mqtt.connect(remoteUrl, { clientId: 'newcomer', reconnectPeriod: 0 })
    cleanups.push(() => newcomer.endAsync(true))
    const retained: boolean[] = []
    newcomer.on('message', (_t, _p, packet) => retained.push(packet.retain))
    await newcomer.subscribeAsync('site-a/sensors/config', { qos: 1 })
    await expect.poll(() => retained).toEqual([true])
  })

  it('counts a message the remote refuses and goes on with the next ones (it does not stall)', async () => {
    // The remote refuses one topic (MQTT 5 PUBACK 0x87 Not authorized).
    const remote = await startTestBroker({ policy: { authorizePublish: (_c, topic) => topic !== 'site-a/secret' } })
    cleanups.push(() => remote.close())
    const { core, port } = await openTestCore(cleanups, { bridgeBackoff: { minMs: 50, maxMs: 200 } })
    const remoteUrl = `mqtt://127.0.0.1:${remote.port}`
    await core.bridges!.save(bridge(remoteUrl, 'topic # out 1 home/ site-a/'))
    await expect.poll(() => core.bridges!.list()[0]!.status.state).toBe('connected')
    await expect.poll(() => core.broker!.broker.sessions.get(bridgeLocalClientId('b1'))?.subscriptions.size).toBe(1)
    const cloud = collect(await client(remoteUrl, { clientId: 'cloud' }).then(async (c) => { await c.subscribeAsync('site-a/#', { qos: 1 }); return c }))
    const sensor = await client(`mqtt://127.0.0.1:${port}`, { clientId: 'sensor' })
    await sensor.publishAsync('home/secret', 'no', { qos: 1 })
    for (const n of ['1', '2', '3']) await sensor.publishAsync('home/temp', n, { qos: 1 })
    await expect.poll(() => cloud).toEqual(['site-a/temp=1', 'site-a/temp=2', 'site-a/temp=3'])
    const status = core.bridges!.list()[0]!.status
    expect(status.dropped).toBe(1)
    expect(status.lastError).toContain('Publishing to the remote failed')
    expect(status.queued).toBe(0) // the refused message does not wait in the bridge's queue for ever
  })

  it('loses no QoS 1 message while the remote is down: they wait on the embedded broker and go once it is back', async () => {
    const { remote, core, localUrl, remoteUrl } = await setup()
    await core.bridges!.save(bridge(remoteUrl, 'topic alarms/# out 1'))
    await expect.poll(() => core.bridges!.list()[0]!.status.state).toBe('connected')
    const watcher = await client(remoteUrl, { clientId: 'watcher', clean: false })
    await watcher.subscribeAsync('alarms/#', { qos: 1 })
    await watcher.endAsync()

    // The remote goes away (its sessions stay in memory, as a restarted persistent broker's would).
    remote.broker.disconnectListener(remote.listener.name)
    await remote.listener.close()
    await expect.poll(() => core.bridges!.list()[0]!.status.state).not.toBe('connected')
    const pub = await client(localUrl, { clientId: 'alarm-panel' })
    for (let i = 0; i < 20; i++) await pub.publishAsync(`alarms/${i}`, `alarm ${i}`, { qos: 1 })
    await expect.poll(() => core.bridges!.list()[0]!.status.queued).toBe(20)
    expect(core.bridges!.list()[0]!.status.lastError).not.toBeNull()

    const back = await startListener(remote.broker, { ...remote.listener.config, port: remote.port })
    cleanups.push(() => back.close())
    await expect.poll(() => core.bridges!.list()[0]!.status.state, { timeout: 5000 }).toBe('connected')
    await expect.poll(() => core.bridges!.list()[0]!.status).toMatchObject({ queued: 0, sent: 20 })
    const again = mqtt.connect(remoteUrl, { clientId: 'watcher', clean: false, reconnectPeriod: 0 })
    cleanups.push(() => again.endAsync(true))
    const got = collect(again)
    await expect.poll(() => new Set(got).size).toBe(20)
    expect(core.bridges!.list()[0]!.status.reconnects).toBeGreaterThan(0)
  })

  it('keeps what waits for an unreachable remote across a restart of the app when persistence is on', async () => {
    const dir = makeTempDir()
    cleanups.push(() => dir.remove())
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'acknowledged' } }))
    const open = async () => {
      const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null }, bridgeBackoff: { minMs: 50, maxMs: 200 } })
      cleanups.push(() => core.close())
      return core
    }
    const remotePort = await freePort()
    const first = await open()
    await first.bridges!.save(bridge(`mqtt://127.0.0.1:${remotePort}`, 'topic meter/# out 1'))
    const pub = await client(`mqtt://127.0.0.1:${first.broker!.listeners[0]!.port}`, { clientId: 'meter' })
    // The remote was never reached: the bridge's session on the embedded broker already takes what its rules want.
    await expect.poll(() => first.broker!.broker.sessions.get(bridgeLocalClientId('b1'))?.subscriptions.size ?? 0).toBe(1)
    expect(first.bridges!.list()[0]!.status.state).not.toBe('connected')
    for (let i = 0; i < 5; i++) await pub.publishAsync(`meter/${i}`, `kWh ${i}`, { qos: 1 })
    await expect.poll(() => first.bridges!.list()[0]!.status.queued).toBe(5)
    // Rules edited while messages wait: the new one subscribes, one edited away unsubscribes, the queue stays.
    const filters = () => [...first.broker!.broker.sessions.get(bridgeLocalClientId('b1'))!.subscriptions.keys()].sort()
    await first.bridges!.save(bridge(`mqtt://127.0.0.1:${remotePort}`, 'topic meter/# out 1\ntopic gas/# out 1'))
    await expect.poll(filters).toEqual(['gas/#', 'meter/#'])
    await first.bridges!.save(bridge(`mqtt://127.0.0.1:${remotePort}`, 'topic meter/# out 1'))
    await expect.poll(filters).toEqual(['meter/#'])
    expect(first.bridges!.list()[0]!.status.queued).toBe(5)
    // The short connection that made those changes is gone, though messages waited in front of its SUBACK.
    await expect.poll(() => first.broker!.broker.connections.has(bridgeLocalClientId('b1'))).toBe(false)
    await pub.endAsync()
    await first.close()

    const second = await open()
    expect(second.bridges!.list()[0]!.status.queued).toBe(5) // restored from broker.sqlite, the bridge from bridges.json
    const remote = await startTestBroker({}, { port: remotePort })
    cleanups.push(() => remote.close())
    const got: string[] = []
    remote.broker.observe({ packetIn: (_c, packet) => { if (packet.cmd === 'publish') got.push(String(packet.topic)) } })
    await expect.poll(() => new Set(got).size, { timeout: 5000 }).toBe(5)
  })

  it('saving one bridge leaves the others running; removing one discards its session on the embedded broker', async () => {
    const { core, remoteUrl } = await setup()
    await core.bridges!.save(bridge(remoteUrl, 'topic a/# out 0'))
    await core.bridges!.save(bridge(remoteUrl, 'topic b/# out 0', { id: 'b2', clientId: 'second' }))
    await expect.poll(() => core.bridges!.list().map((b) => b.status.state)).toEqual(['connected', 'connected'])
    const since = core.bridges!.list()[1]!.status.since
    await core.bridges!.save(bridge(remoteUrl, 'topic a/# out 1', { name: 'renamed' }))
    expect(core.bridges!.list()[1]!.status.since).toBe(since)
    await expect.poll(() => core.broker!.broker.sessions.has(bridgeLocalClientId('b1'))).toBe(true)
    await core.bridges!.remove('b1')
    await expect.poll(() => core.broker!.broker.sessions.has(bridgeLocalClientId('b1'))).toBe(false)
    expect(core.bridges!.list().map((b) => b.config.id)).toEqual(['b2'])
  })

  it('keeps the bridges as they were when bridges.json cannot be written', async () => {
    const { core, dataDir } = await openTestCore(cleanups)
    mkdirSync(join(dataDir, 'bridges.json')) // a folder where the file goes: every write fails
    await expect(core.bridges!.save(bridge('mqtt://127.0.0.1:1', 'topic a/# out 1'))).rejects.toThrow()
    expect(core.bridges!.list()).toEqual([])
  })

  it('says why a remote cannot be reached, and keeps trying with a growing delay', async () => {
    const { core } = await setup()
    const closed = await freePort()
    await core.bridges!.save(bridge(`mqtt://127.0.0.1:${closed}`, 'topic a/# out 1'))
    await expect.poll(() => core.bridges!.list()[0]!.status.lastError ?? '').toMatch(/ECONNREFUSED/)
    await expect.poll(() => core.bridges!.list()[0]!.status.reconnects).toBeGreaterThan(2)
    expect(core.bridges!.list()[0]!.status.state).toMatch(/waiting|connecting/)
  })

  it.skipIf(MOSQUITTO === undefined)('bridges to Debian’s mosquitto as the remote, both ways, over MQTT 3.1.1 without loops', async () => {
    const { core, localUrl } = await setup()
    const port = await freePort()
    const child = spawn(MOSQUITTO!, ['-p', String(port)], { stdio: 'ignore' })
    cleanups.push(() => child.kill())
    const remoteUrl = `mqtt://127.0.0.1:${port}`
    await expect.poll(async () => (await mqtt.connectAsync(remoteUrl, { reconnectPeriod: 0 }).then((c) => c.endAsync().then(() => true), () => false)), { timeout: 5000 }).toBe(true)
    await core.bridges!.save(bridge(remoteUrl, 'topic z2m/# both 1', { protocolVersion: 4 }))
    await expect.poll(() => core.bridges!.list()[0]!.status.state).toBe('connected')
    const localSub = await client(localUrl, { clientId: 'ha' })
    await localSub.subscribeAsync('z2m/#', { qos: 1 })
    const home = collect(localSub)
    await new Promise((r) => setTimeout(r, 200)) // the bridge's remote subscription is in place
    const out = spawnSync('mosquitto_pub', ['-p', String(port), '-t', 'z2m/lamp', '-m', 'from mosquitto', '-q', '1'], { encoding: 'utf8' })
    expect(out.status).toBe(0)
    const remoteSub = await client(remoteUrl, { clientId: 'remote-listener', protocolVersion: 4 })
    await remoteSub.subscribeAsync('z2m/#', { qos: 1 })
    const remoteGot = collect(remoteSub)
    const localPub = await client(localUrl, { clientId: 'zigbee' })
    await localPub.publishAsync('z2m/plug', 'from topicscope', { qos: 1 })
    await expect.poll(() => home.sort()).toEqual(['z2m/lamp=from mosquitto', 'z2m/plug=from topicscope'])
    await expect.poll(() => remoteGot).toEqual(['z2m/plug=from topicscope'])
    await new Promise((r) => setTimeout(r, 300))
    expect(home).toHaveLength(2) // mosquitto echoed z2m/plug to the bridge; the echo was not forwarded back
  })
})
