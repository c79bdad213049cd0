// Listeners over real sockets: TLS (with a generated certificate, and client certificates whose CN
// becomes the username), WebSocket with the "mqtt" subprotocol, several listeners at once, busy ports.
import { connect as tlsConnect } from 'node:tls'
import { createServer } from 'node:net'
import WebSocket, { createWebSocketStream } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Broker } from '../../../../electron/core/broker/broker'
import { generateSelfSignedCertificate, type SelfSignedCertificate } from '../../../../electron/core/broker/config/self-signed'
import { startListener, type RunningListener } from '../../../../electron/core/broker/listeners/start-listener'
import { silentLogger } from '../../../../electron/core/support/logger'
import type { ClientInfo } from '../../../../electron/core/broker/hooks'
import { rawClientOver, rawClient } from '../../../support/raw-client'
import { createTestCa } from '../../../support/test-ca'

const connectPacket = (clientId: string) => ({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 0 })

describe('broker listeners', () => {
  let server: SelfSignedCertificate
  let ca: Awaited<ReturnType<typeof createTestCa>>
  let clientCert: { cert: string; key: string }
  beforeAll(async () => {
    server = await generateSelfSignedCertificate()
    ca = await createTestCa()
    clientCert = await ca.issueClient('sensor-7')
  }, 30_000)

  const started: Array<{ broker: Broker; listeners: RunningListener[] }> = []
  afterAll(async () => {
    for (const s of started) {
      s.broker.close()
      await Promise.all(s.listeners.map((l) => l.close()))
    }
  })

  async function brokerWith(...configs: Array<Partial<Parameters<typeof startListener>[1]>>) {
    const connected: ClientInfo[] = []
    const broker = new Broker({ log: silentLogger, policy: { authenticate: (req) => ({ ok: true, username: req.certificateCommonName ?? req.username }) } })
    broker.observe({ sessionChanged: (e) => { if (e.kind === 'connected') connected.push(broker.connections.get(e.clientId)!.info) } })
    const listeners: RunningListener[] = []
    for (const c of configs) listeners.push(await startListener(broker, { port: 0, host: '127.0.0.1', protocol: 'mqtt', tls: null, wsPath: '/mqtt', ...c }))
    started.push({ broker, listeners })
    return { broker, listeners, connected }
  }

  it('serves MQTT over TLS to a client that trusts the certificate', async () => {
    const { listeners } = await brokerWith({ tls: { cert: server.cert, key: server.key, ca: null, requireCertificate: false, useIdentityAsUsername: false } })
    expect(listeners[0]!.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/)
    const socket = tlsConnect({ port: listeners[0]!.port, host: '127.0.0.1', servername: 'localhost', ca: server.cert })
    await new Promise((r) => socket.once('secureConnect', r))
    const client = rawClientOver(socket)
    client.send(connectPacket('tls-1'))
    expect(await client.next('connack')).toMatchObject({ returnCode: 0 })
    client.end()
  })

  it('takes the client certificate CN as the username with use_identity_as_username', async () => {
    const tls = { cert: server.cert, key: server.key, ca: ca.cert, requireCertificate: true, useIdentityAsUsername: true }
    const { listeners, connected } = await brokerWith({ tls })
    const socket = tlsConnect({ port: listeners[0]!.port, host: '127.0.0.1', servername: 'localhost', ca: server.cert, cert: clientCert.cert, key: clientCert.key })
    await new Promise((r) => socket.once('secureConnect', r))
    const client = rawClientOver(socket)
    client.send(connectPacket('with-cert'))
    expect(await client.next('connack')).toMatchObject({ returnCode: 0 })
    expect(connected.at(-1)).toMatchObject({ clientId: 'with-cert', username: 'sensor-7', certificateCommonName: 'sensor-7' })
    client.end()
  })

  it('refuses a TLS client without a certificate when one is required', async () => {
    const tls = { cert: server.cert, key: server.key, ca: ca.cert, requireCertificate: true, useIdentityAsUsername: true }
    const { listeners } = await brokerWith({ tls })
    const socket = tlsConnect({ port: listeners[0]!.port, host: '127.0.0.1', servername: 'localhost', ca: server.cert })
    const outcome = await new Promise<string>((resolve) => {
      socket.once('error', (err) => resolve(`error: ${err.message}`))
      socket.once('close', () => resolve('closed'))
      socket.once('secureConnect', () => socket.write(Buffer.from([0x10, 0x00])))
    })
    expect(outcome).toMatch(/error|closed/)
  })

  it('serves MQTT over WebSocket at /mqtt with the "mqtt" subprotocol', async () => {
    const { listeners } = await brokerWith({ protocol: 'websockets' })
    expect(listeners[0]!.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/)
    const ws = new WebSocket(listeners[0]!.url, 'mqtt')
    await new Promise((r) => ws.once('open', r))
    expect(ws.protocol).toBe('mqtt')
    const client = rawClientOver(createWebSocketStream(ws))
    client.send(connectPacket('ws-1'))
    expect(await client.next('connack')).toMatchObject({ returnCode: 0 })
    client.end()
  })

  it('answers a plain HTTP request on the WebSocket listener with a hint', async () => {
    const { listeners } = await brokerWith({ protocol: 'websockets' })
    const res = await fetch(listeners[0]!.url.replace('ws:', 'http:'))
    expect(res.status).toBe(426)
    expect(await res.text()).toContain("'mqtt' subprotocol")
  })

  it('routes between clients on different listeners of one broker', async () => {
    const { listeners } = await brokerWith({}, { protocol: 'websockets' })
    const ws = new WebSocket(listeners[1]!.url, 'mqtt')
    await new Promise((r) => ws.once('open', r))
    const sub = rawClientOver(createWebSocketStream(ws))
    sub.send(connectPacket('ws-sub'))
    await sub.next('connack')
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'x/#', qos: 0 }] })
    await sub.next('suback')
    const pub = await rawClient(listeners[0]!.port)
    pub.send(connectPacket('tcp-pub'))
    await pub.next('connack')
    pub.send({ cmd: 'publish', topic: 'x/y', payload: Buffer.from('over both'), qos: 0, retain: false, dup: false })
    expect(String((await sub.next('publish')).payload)).toBe('over both')
    sub.end()
    pub.end()
  })

  it('a busy port is an error naming the port and the listener kind', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    const broker = new Broker({ log: silentLogger })
    await expect(startListener(broker, { port, host: '127.0.0.1', protocol: 'websockets', tls: null, wsPath: '/mqtt' }))
      .rejects.toMatchObject({ code: 'port-in-use', message: `Port ${port} is in use (MQTT WebSocket listener): pick another port or stop the other broker` })
    blocker.close()
  })
})
