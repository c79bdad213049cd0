// Broker settings changed while clients are connected, against a real AppCore, real sockets and MQTT.js:
// each change disturbs only what it must (a listener change only that listener's clients; anonymous
// access and limits nobody), the Explorer keeps its view through a strict ACL and anonymous access off,
// and a listener that cannot open is a warning while the broker keeps serving.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { EMBEDDED_BROKER_PROFILE_ID } from '../../../shared/model/connection-profile'
import { generateSelfSignedCertificate } from '../../../electron/core/broker/config/self-signed'
import { connectedClient } from '../../support/raw-client'
import { openTestCore } from '../../support/test-core'
import { freePort } from '../../support/free-port'
import { mqttClients } from '../../support/mqtt-clients'

describe('AppCore: broker settings applied live', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const client = mqttClients(cleanups)
  const closedWith = (c: MqttClient) => new Promise<number | undefined>((resolve) => {
    c.once('disconnect', (packet) => resolve(packet.reasonCode))
    c.once('close', () => resolve(undefined))
  })

  it('opens and closes the WebSocket listener without touching TCP clients', async () => {
    const { core, port } = await openTestCore(cleanups)
    const tcp = await client(`mqtt://127.0.0.1:${port}`, { clientId: 'tcp-stays' })
    const wsPort = await freePort()
    await core.updateSettings({ broker: { websocket: { enabled: true, port: wsPort } } })
    expect(core.status().broker!.listeners.map((l) => l.kind)).toEqual(['mqtt', 'websocket'])
    const ws = await client(`ws://127.0.0.1:${wsPort}/mqtt`, { clientId: 'over-ws', protocolVersion: 5 })
    await expect.poll(() => core.status().broker!.listeners.find((l) => l.kind === 'websocket')?.clients).toBe(1)

    const gone = closedWith(ws)
    await core.updateSettings({ broker: { websocket: { enabled: false } } })
    expect(await gone).toBe(0x8b) // v5: DISCONNECT "Server shutting down", for this listener only
    expect(tcp.connected).toBe(true)
    await tcp.publishAsync('still/here', 'yes', { qos: 1 })
    expect(core.status().broker!.listeners.map((l) => l.kind)).toEqual(['mqtt'])
  })

  it('a new TCP port reopens only that listener; a persistent session survives and the Explorer follows', async () => {
    const { core } = await openTestCore(cleanups)
    const wsPort = await freePort()
    await core.updateSettings({ broker: { websocket: { enabled: true, port: wsPort } } })
    const ws = await client(`ws://127.0.0.1:${wsPort}/mqtt`, { clientId: 'ws-stays' })
    const first = await client(`mqtt://127.0.0.1:${core.broker!.listeners[0]!.port}`, { clientId: 'keeper', clean: false })
    await first.subscribeAsync('keep/#', { qos: 1 })
    const newPort = await freePort()
    await core.updateSettings({ broker: { port: newPort } })
    await expect.poll(() => first.connected).toBe(false)
    expect(ws.connected).toBe(true)
    await ws.publishAsync('keep/this', 'queued while away', { qos: 1 })
    // The handler goes on before CONNECT: the queued message follows the CONNACK at once.
    const again = mqtt.connect(`mqtt://127.0.0.1:${newPort}`, { clientId: 'keeper', clean: false, reconnectPeriod: 0 })
    cleanups.push(() => again.endAsync(true))
    const got: string[] = []
    again.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`))
    await expect.poll(() => got).toEqual(['keep/this=queued while away'])
    await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
    expect(core.explorer!.embeddedEndpoint()).toBe(`127.0.0.1:${newPort}`)
  })

  it('anonymous access off refuses new anonymous clients only; the Explorer still sees everything', async () => {
    const { core, port } = await openTestCore(cleanups)
    const url = `mqtt://127.0.0.1:${port}`
    const connected = await client(url, { clientId: 'already-in' })
    await core.setBrokerUser('ada', 'pw')
    await core.setBrokerAcl('user ada\ntopic write ada/#\n')
    await core.updateSettings({ broker: { allowAnonymous: false } })
    expect(core.status().warnings.filter((w) => w.code.includes('fail'))).toEqual([])

    await expect(mqtt.connectAsync(url, { clientId: 'anon5', protocolVersion: 5, reconnectPeriod: 0 })).rejects.toThrow(/not authori[sz]ed|135/i) // CONNACK 0x87
    await expect(mqtt.connectAsync(url, { clientId: 'anon4', reconnectPeriod: 0 })).rejects.toThrow(/not authori[sz]ed|5/i) // CONNACK 5
    const { connack } = await connectedClient(port, { clientId: 'raw-anon', version: 4 }).catch(() => ({ connack: null }))
    expect(connack).toMatchObject({ returnCode: 5 })
    expect(connected.connected).toBe(true)

    const ada = await client(url, { clientId: 'ada-phone', username: 'ada', password: 'pw' })
    await ada.publishAsync('ada/location', 'home', { qos: 1 })
    // The Explorer's own connection is past the ACL (ada's rules would not let anyone read ada/#).
    const topics = () => core.explorer!.snapshot(EMBEDDED_BROKER_PROFILE_ID).nodes.map((n) => n.path)
    await expect.poll(topics).toContain('ada/location')
    expect(core.explorer!.list()[0]!.status.state).toBe('connected')
  })

  it('limits apply live: a lowered queue limit caps an offline session, counting what it drops', async () => {
    const { core, port } = await openTestCore(cleanups)
    const away = await connectedClient(port, { clientId: 'away', version: 5, properties: { sessionExpiryInterval: 600 } })
    away.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'q/#', qos: 1 }] })
    await away.client.next('suback')
    away.client.send({ cmd: 'disconnect', reasonCode: 0 })
    await away.client.closed
    const stays = await client(`mqtt://127.0.0.1:${port}`, { clientId: 'stays' })
    await core.updateSettings({ broker: { limits: { maxQueuedMessages: 2 } } })
    for (let i = 0; i < 5; i++) await stays.publishAsync('q/x', String(i), { qos: 1 })
    const session = core.broker!.broker.sessions.get('away')!
    expect(session.queue.length).toBe(2)
    expect(core.broker!.broker.counters.dropped['queue-full']).toBe(3)
    expect(stays.connected).toBe(true)
  })

  it('a TLS listener opens from certificate files; an unreadable one is a warning and the rest keeps serving', async () => {
    const { core, dataDir, port } = await openTestCore(cleanups)
    const cert = await generateSelfSignedCertificate()
    writeFileSync(join(dataDir, 'cert.pem'), cert.cert)
    writeFileSync(join(dataDir, 'key.pem'), cert.key)
    const tlsPort = await freePort()
    await core.updateSettings({ broker: { tls: { enabled: true, port: tlsPort, certFile: join(dataDir, 'missing.pem'), keyFile: join(dataDir, 'key.pem') } } })
    expect(core.status().warnings).toContainEqual(expect.objectContaining({ code: 'listener-failed', message: expect.stringMatching(/TLS certificate .*missing\.pem/) }))
    const plain = await client(`mqtt://127.0.0.1:${port}`, { clientId: 'plain' })

    await core.updateSettings({ broker: { tls: { certFile: join(dataDir, 'cert.pem') } } })
    expect(core.status().warnings.filter((w) => w.code === 'listener-failed')).toEqual([])
    const secure = await client(`mqtts://127.0.0.1:${tlsPort}`, { clientId: 'secure', ca: cert.cert, servername: 'localhost' })
    expect(secure.connected).toBe(true)
    expect(plain.connected).toBe(true)
    expect(core.status().broker!.listeners.map((l) => l.kind)).toEqual(['mqtt', 'tls'])
  })

  it('refuses two listeners on one port, and TLS without its files, before changing anything', async () => {
    const { core } = await openTestCore(cleanups)
    const wsPort = await freePort()
    await core.updateSettings({ broker: { websocket: { enabled: true, port: wsPort } } })
    await expect(core.updateSettings({ broker: { tls: { enabled: true, port: wsPort, certFile: 'c.pem', keyFile: 'k.pem' } } }))
      .rejects.toThrow(`The WebSocket and TLS listeners cannot share port ${wsPort}.`)
    await expect(core.updateSettings({ broker: { tls: { enabled: true } } })).rejects.toThrow(/needs a certificate file and a key file/)
    expect(core.settings.get().broker.tls.enabled).toBe(false)
  })

  it('a persistence change restarts the broker, and a persistent session is still there after it', async () => {
    const { core } = await openTestCore(cleanups)
    await core.updateSettings({ broker: { persistence: 'acknowledged' } })
    const port = core.broker!.listeners[0]!.port
    const first = await client(`mqtt://127.0.0.1:${port}`, { clientId: 'lasting', clean: false })
    await first.subscribeAsync('l/#', { qos: 1 })
    await core.updateSettings({ broker: { durability: 'power' } })
    await expect.poll(() => first.connected).toBe(false)
    const again = await client(`mqtt://127.0.0.1:${core.broker!.listeners[0]!.port}`, { clientId: 'lasting', clean: false })
    expect(again.connected).toBe(true)
    expect(core.broker!.broker.sessions.get('lasting')?.subscriptions.has('l/#')).toBe(true)
  })
})
