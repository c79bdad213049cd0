// ExternalClient against real Topicscope brokers on 127.0.0.1: round trips in 3.1.1 and 5.0, acknowledged publishes,
// packet events, default subscriptions, reconnect after a restart, and the human error sentences for each failure.
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ExternalClient, type PacketEvent } from '../../../../electron/core/client/external-client'
import { generateSelfSignedCertificate } from '../../../../electron/core/broker/config/self-signed'
import { createProfile, type ConnectionProfile, type ConnectionState } from '../../../../shared/model/connection-profile'
import { startTestBroker, type TestBroker } from '../../../support/test-broker'
import { freePort } from '../../../support/free-port'

const WAIT_MS = 5000
const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function broker(...args: Parameters<typeof startTestBroker>): Promise<TestBroker> {
  const tb = await startTestBroker(...args)
  cleanups.push(() => tb.close())
  return tb
}

function client(port: number, fields: Partial<ConnectionProfile> = {}): ExternalClient {
  const profile = createProfile({ id: 'p', name: 'Test', host: '127.0.0.1', port, connectTimeoutS: 2, reconnect: { enabled: false, minDelayMs: 50, maxDelayMs: 200 }, ...fields })
  const c = new ExternalClient(profile)
  cleanups.push(() => c.disconnect())
  return c
}

function nextMessage(c: ExternalClient) {
  return new Promise<{ topic: string; payload: Uint8Array; info: Parameters<Parameters<ExternalClient['onMessage']>[0]>[2] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), WAIT_MS)
    const off = c.onMessage((topic, payload, info) => { clearTimeout(timer); off(); resolve({ topic, payload, info }) })
  })
}

function state(c: ExternalClient, wanted: ConnectionState) {
  return new Promise<void>((resolve, reject) => {
    if (c.status.state === wanted) return resolve()
    const timer = setTimeout(() => reject(new Error(`never reached '${wanted}' (is '${c.status.state}')`)), WAIT_MS)
    const off = c.onStatus((s) => { if (s.state === wanted) { clearTimeout(timer); off(); resolve() } })
  })
}


const passwordPolicy = { authenticate: (req: { password: Buffer | null }) => (req.password?.toString() === 'right' ? { ok: true as const, username: 'u' } : { ok: false as const, reasonCode: 0x86 as const, reason: 'Bad user name or password' }) }

describe('ExternalClient: messages', () => {
  it.each([4, 5] as const)('MQTT %i: a subscribed client receives its own Uint8Array payload byte for byte', async (protocolVersion) => {
    const tb = await broker()
    const c = client(tb.port, { protocolVersion })
    await c.connect()
    await c.subscribe('a/+', { qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 })
    const received = nextMessage(c)

    await c.publish('a/b', Uint8Array.of(0, 1, 2, 255), { qos: 1, retain: false })

    const { topic, payload, info } = await received
    expect(topic).toBe('a/b')
    expect(payload).toBeInstanceOf(Uint8Array)
    expect(Array.from(payload)).toEqual([0, 1, 2, 255])
    expect(info).toMatchObject({ qos: 1, retain: false, dup: false })
    expect(info.packetId).toBeTypeOf('number')
    expect(c.status.messagesReceived).toBe(1)
  })

  it('WebSocket transport: a round trip over ws:// with the profile path', async () => {
    const tb = await broker({}, { protocol: 'websockets', wsPath: '/mqtt' })
    const c = client(tb.port, { transport: 'ws', wsPath: '/mqtt' })
    await c.connect()
    await c.subscribe('w', { qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0 })
    const received = nextMessage(c)

    await c.publish('w', Uint8Array.of(7), { qos: 0, retain: false })

    expect(Array.from((await received).payload)).toEqual([7])
  })

  it('MQTT 5: publish properties arrive as plain data', async () => {
    const tb = await broker()
    const c = client(tb.port, { protocolVersion: 5 })
    await c.connect()
    await c.subscribe('p/#', { qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0 })
    const received = nextMessage(c)
    const properties = {
      payloadFormatIndicator: true, messageExpiryIntervalS: 60, contentType: 'application/json', responseTopic: 'p/reply',
      correlationData: Uint8Array.of(9, 8, 7), userProperties: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }, { key: 'z', value: 'x' }],
    }

    await c.publish('p/1', new TextEncoder().encode('{"a":1}'), { qos: 0, retain: false, properties })

    const { info } = await received
    expect(info.properties).toMatchObject({ payloadFormatIndicator: true, contentType: 'application/json', responseTopic: 'p/reply', userProperties: properties.userProperties })
    expect(info.properties?.messageExpiryIntervalS).toBeLessThanOrEqual(60)
    expect(Array.from(info.properties?.correlationData ?? [])).toEqual([9, 8, 7])
  })

  it.each([1, 2] as const)('QoS %i publish resolves with the acknowledgement reason by name', async (qos) => {
    const tb = await broker()
    const c = client(tb.port, { protocolVersion: 5 })
    await c.connect()
    await c.subscribe('q', { qos, noLocal: false, retainAsPublished: false, retainHandling: 0 })

    const ack = await c.publish('q', Uint8Array.of(1), { qos, retain: false })

    expect(ack).toEqual({ reasonCode: 0, reasonName: 'Success' })
  })

  it('QoS 2: packet events show PUBLISH, PUBREC, PUBREL, PUBCOMP in order', async () => {
    const tb = await broker()
    const c = client(tb.port, { protocolVersion: 5 })
    await c.connect()
    const events: PacketEvent[] = []
    c.onPacket((e) => events.push(e))

    await c.publish('flow', Uint8Array.of(1), { qos: 2, retain: false })

    const id = (events.find((e) => e.packet.cmd === 'publish')?.packet as { messageId?: number }).messageId
    const flow = events.filter((e) => (e.packet as { messageId?: number }).messageId === id).map((e) => `${e.direction} ${e.packet.cmd}`)
    expect(flow).toEqual(['out publish', 'in pubrec', 'out pubrel', 'in pubcomp'])
  })

  it('default subscriptions are made on connect', async () => {
    const tb = await broker()
    const c = client(tb.port, { defaultSubscriptions: [{ filter: 'd/+', qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 }] })
    await c.connect()
    const received = nextMessage(c)
    const publisher = client(tb.port, { clientId: 'publisher' })
    await publisher.connect()

    await publisher.publish('d/x', Uint8Array.of(42), { qos: 1, retain: false })

    expect((await received).topic).toBe('d/x')
  })

  it('reconnects after the broker restarts on the same port, with its default subscriptions', async () => {
    const first = await startTestBroker()
    const port = first.port
    const c = client(port, { reconnect: { enabled: true, minDelayMs: 50, maxDelayMs: 200 }, defaultSubscriptions: [{ filter: 'r/#', qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0 }] })
    await c.connect()

    await first.close()
    await state(c, 'reconnecting')
    expect(c.status.error).not.toBeNull()
    const tb = await broker({}, { port })
    await state(c, 'connected')

    const received = nextMessage(c)
    const publisher = client(tb.port, { clientId: 'publisher' })
    await publisher.connect()
    await publisher.publish('r/1', Uint8Array.of(1), { qos: 0, retain: false })
    expect((await received).topic).toBe('r/1')
    expect(c.status.error).toBeNull()
  })
})

describe('ExternalClient: errors in human words', () => {
  it('nothing listening: "Nothing is listening on 127.0.0.1:<port>"', async () => {
    const port = await freePort()
    const c = client(port)

    await expect(c.connect()).rejects.toThrow(`Nothing is listening on 127.0.0.1:${port}`)

    expect(c.status).toMatchObject({ state: 'error', error: { kind: 'refused', message: `Nothing is listening on 127.0.0.1:${port}` } })
  })

  it('a server that never answers: "No answer from … within 1 s"', async () => {
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => { silent.close(resolve); for (const s of sockets) s.destroy() }))
    const port = (silent.address() as { port: number }).port
    const c = client(port, { connectTimeoutS: 1 })

    await expect(c.connect()).rejects.toThrow(`No answer from 127.0.0.1:${port} within 1 s`)
    expect(c.status.error?.kind).toBe('timeout')
  })

  it('MQTT 5 wrong password: CONNACK 0x86 by name', async () => {
    const tb = await broker({ policy: passwordPolicy })
    const c = client(tb.port, { protocolVersion: 5, username: 'u', password: 'wrong', reconnect: { enabled: true, minDelayMs: 50, maxDelayMs: 200 } })

    await expect(c.connect()).rejects.toThrow('refused the connection: 0x86 Bad User Name or Password')

    expect(c.status).toMatchObject({ state: 'error', error: { kind: 'connack', reasonCode: 0x86, reasonName: 'Bad User Name or Password' } })
  })

  it('MQTT 3.1.1 wrong password: return code 4 by name', async () => {
    const tb = await broker({ policy: passwordPolicy })
    const c = client(tb.port, { protocolVersion: 4, username: 'u', password: 'wrong' })

    await expect(c.connect()).rejects.toThrow('Connection Refused, bad user name or password')

    expect(c.status.error).toMatchObject({ kind: 'connack', reasonCode: 4, reasonName: 'Connection Refused, bad user name or password' })
  })

  it('a session takeover is described by name and not fought over', async () => {
    const tb = await broker()
    const first = client(tb.port, { protocolVersion: 5, clientId: 'same', reconnect: { enabled: true, minDelayMs: 50, maxDelayMs: 200 } })
    await first.connect()

    await client(tb.port, { protocolVersion: 5, clientId: 'same' }).connect()

    await state(first, 'error')
    expect(first.status.error).toMatchObject({ kind: 'disconnect', reasonCode: 0x8e, reasonName: 'Session taken over' })
    expect(first.status.error?.message).toContain('closed the connection: 0x8E Session taken over')
  })

  it('TLS: an untrusted self-signed certificate is named with its subject and fingerprint; trusting it connects', async () => {
    const cert = await generateSelfSignedCertificate()
    const tb = await broker({}, { tls: { cert: cert.cert, key: cert.key, ca: null, requireCertificate: false, useIdentityAsUsername: false } })
    const untrusting = client(tb.port, { transport: 'mqtts' })

    await expect(untrusting.connect()).rejects.toThrow('The server certificate is self-signed and not trusted')

    const error = untrusting.status.error
    expect(error?.kind).toBe('tls')
    expect(error?.certificate?.subject).toContain('CN=localhost')
    expect(error?.certificate?.fingerprint256).toBe(cert.fingerprintSha256)
    expect(error?.message).toContain('CN=localhost')
    expect(error?.message).toContain(cert.fingerprintSha256)
    const trusting = client(tb.port, { transport: 'mqtts', tls: { ca: cert.cert, cert: null, key: null, rejectUnauthorized: true, servername: null } })
    await expect(trusting.connect()).resolves.toBeUndefined()
  })
})
