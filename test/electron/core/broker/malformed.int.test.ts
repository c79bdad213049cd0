// Malformed and forbidden packets over real sockets: every MALFORMED fixture plus broker-level cases, on 3.1.1
// and 5.0 connections. v5 gets DISCONNECT with the reason code (CONNACK while connecting), 3.1.1 a plain close;
// after each case a fresh client still connects and round-trips a message (mosquitto's "still there").
// Also: a huge declared length costs no memory, and observers hear who sent what.
import { describe, expect, it } from 'vitest'
import { toV3ConnackReturnCode } from '../../../../shared/mqtt/reason-codes'
import { ascii, MALFORMED_FIXTURES, type MalformedFixture } from '../../../fixtures/packets'
import { connectedClient, rawClient, type RawClient } from '../../../support/raw-client'
import { brokerFor, expectStillServes, nextObserved, waitUntil } from '../../../support/broker-probes'
import type { BrokerLimits } from '../../../../electron/core/broker/limits'

type Version = 4 | 5

/** The Protocol Level byte of a CONNECT (bytes start with its fixed header), or null if these bytes are no CONNECT. */
function connectLevel(bytes: Buffer): number | null {
  if (bytes[0] !== 0x10) return null
  let at = 1
  while ((bytes[at]! & 0x80) !== 0) at++
  const nameLength = bytes.readUInt16BE(at + 1)
  return bytes[at + 3 + nameLength] ?? null
}

/** Waits for the close and returns every packet received before it. */
async function everythingUntilClose(client: RawClient): Promise<Array<Record<string, unknown>>> {
  await client.closed
  return client.received.splice(0)
}

/** Adds `hex` ("0x81") for test names. */
const withHex = <T extends { reasonCode: number }>(c: T): T & { hex: string } => ({ ...c, hex: `0x${c.reasonCode.toString(16)}` })

const connectBytes = (version: Version, clientId: string): Buffer => {
  const id = ascii(clientId)
  const body = [0x00, 0x04, ...ascii('MQTT'), version, 0x02, 0x00, 0x00, ...(version === 5 ? [0x00] : []), 0x00, id.length, ...id]
  return Buffer.from([0x10, body.length, ...body])
}

describe.concurrent('broker: MALFORMED fixtures end the connection the right way', () => {
  it.for(MALFORMED_FIXTURES.map(withHex))('$name → $hex ($why)', async (f: MalformedFixture, ctx) => {
    const tb = await brokerFor({}, ctx)
    if (f.protocolVersion === null) {
      // Arrives as the first bytes of a socket: answered with CONNACK in the client's version when the code maps to one.
      const level = connectLevel(f.bytes) === 5 ? 5 : 4
      const client = await rawClient(tb.port, level)
      client.sendBytes(f.bytes)
      const got = await everythingUntilClose(client)
      const accepted = got.slice(0, f.packetsBefore ?? 0)
      for (const p of accepted) expect(p).toMatchObject({ cmd: 'connack', ...(level === 5 ? { reasonCode: 0 } : { returnCode: 0 }) })
      const rest = got.slice(f.packetsBefore ?? 0)
      if ((f.packetsBefore ?? 0) > 0) expect(rest).toEqual(level === 5 ? [expect.objectContaining({ cmd: 'disconnect', reasonCode: f.reasonCode })] : [])
      else if (level === 5) expect(rest).toMatchObject([{ cmd: 'connack', reasonCode: f.reasonCode }])
      else {
        const returnCode = toV3ConnackReturnCode(f.reasonCode)
        expect(rest).toEqual(returnCode === null ? [] : [expect.objectContaining({ cmd: 'connack', returnCode })])
      }
    } else {
      const { client } = await connectedClient(tb.port, { clientId: 'culprit', version: f.protocolVersion })
      client.sendBytes(f.bytes)
      const got = await everythingUntilClose(client)
      if (f.protocolVersion === 5) expect(got).toMatchObject([{ cmd: 'disconnect', reasonCode: f.reasonCode }])
      else expect(got).toEqual([]) // 3.1.1: no DISCONNECT from a server, just the close [MQTT-4.8.0-1]
    }
    await expectStillServes(tb.port)
  })
})

interface BrokerCase {
  name: string
  /** The offending bytes for a connection in `version`, sent after a successful CONNECT. */
  bytes(version: Version): Buffer
  /** MQTT 5 reason code in the DISCONNECT; a 3.1.1 connection is closed without a packet. */
  reasonCode: number
  versions?: readonly Version[]
  limits?: Partial<BrokerLimits>
}

/** Adds the v5 Property Length (0, no properties) where it goes in a variable header. */
const props = (version: Version) => (version === 5 ? [0x00] : [])

const BROKER_CASES: readonly BrokerCase[] = [
  { name: 'SUBSCRIBE with fixed-header flags 0000 instead of 0010 [MQTT-3.8.1-1]', reasonCode: 0x81,
    bytes: (v) => Buffer.from([0x80, 0x06 + props(v).length, 0x00, 0x01, ...props(v), 0x00, 0x01, ...ascii('a'), 0x00]) },
  { name: 'PINGREQ with a reserved flag bit set [MQTT-2.2.2-2]', reasonCode: 0x81, bytes: () => Buffer.from([0xc1, 0x00]) },
  { name: 'DISCONNECT with a reserved flag bit set [MQTT-3.14.1-1]', reasonCode: 0x81, bytes: () => Buffer.from([0xe2, 0x00]) },
  { name: 'Remaining Length running into a 5th byte (§1.5.5)', reasonCode: 0x81, bytes: () => Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]) },
  { name: 'Remaining Length shorter than the topic it announces', reasonCode: 0x81,
    bytes: () => Buffer.from([0x30, 0x03, 0x00, 0x05, ...ascii('a')]) },
  { name: 'ill-formed UTF-8 (0xFF) in a PUBLISH topic [MQTT-1.5.4-1]', reasonCode: 0x81,
    bytes: (v) => Buffer.from([0x30, 0x05 + props(v).length, 0x00, 0x03, 0x61, 0xff, 0x62, ...props(v)]) },
  { name: 'wildcard in a PUBLISH topic [MQTT-3.3.2-2]', reasonCode: 0x90,
    bytes: (v) => Buffer.from([0x30, 0x05 + props(v).length, 0x00, 0x03, ...ascii('a/#'), ...props(v)]) },
  { name: 'PUBLISH QoS 1 with Packet Identifier 0 [MQTT-2.2.1-3]', reasonCode: 0x82,
    bytes: (v) => Buffer.from([0x32, 0x05 + props(v).length, 0x00, 0x01, ...ascii('a'), 0x00, 0x00, ...props(v)]) },
  { name: 'SUBSCRIBE with Packet Identifier 0 [MQTT-2.2.1-3]', reasonCode: 0x82,
    bytes: (v) => Buffer.from([0x82, 0x06 + props(v).length, 0x00, 0x00, ...props(v), 0x00, 0x01, ...ascii('a'), 0x00]) },
  { name: 'PUBLISH with QoS 3 [MQTT-3.3.1-4]', reasonCode: 0x81,
    bytes: (v) => Buffer.from([0x36, 0x05 + props(v).length, 0x00, 0x01, ...ascii('a'), 0x00, 0x01, ...props(v)]) },
  { name: 'a second CONNECT on the connection [MQTT-3.1.0-2]', reasonCode: 0x82, bytes: (v) => connectBytes(v, 'again') },
  { name: 'a CONNACK, which only a server sends', reasonCode: 0x82,
    bytes: (v) => Buffer.from(v === 5 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00]) },
  { name: 'a PINGRESP, which only a server sends', reasonCode: 0x82, bytes: () => Buffer.from([0xd0, 0x00]) },
  { name: 'declared length (1 MiB) beyond limits.maxPacketBytes (1 KiB), refused from the header alone', reasonCode: 0x95,
    limits: { maxPacketBytes: 1024 }, bytes: () => Buffer.from([0x30, 0x80, 0x80, 0x40, 0x00, 0x01, ...ascii('a')]) },
]

const VERSIONED_CASES = BROKER_CASES.flatMap((c) => (c.versions ?? [4, 5] as const).map((version) => withHex({ ...c, version })))

describe.concurrent('broker: forbidden packets on an open connection, 3.1.1 and 5.0', () => {
  it.for(VERSIONED_CASES)('MQTT $version: $name → v5 DISCONNECT $hex, 3.1.1 plain close', async (c, ctx) => {
    const tb = await brokerFor(c.limits ? { limits: c.limits } : {}, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'culprit', version: c.version })
    expect(connack).toMatchObject(c.version === 5 ? { reasonCode: 0 } : { returnCode: 0 })
    client.sendBytes(c.bytes(c.version))
    const got = await everythingUntilClose(client)
    if (c.version === 5) expect(got).toMatchObject([{ cmd: 'disconnect', reasonCode: c.reasonCode }])
    else expect(got).toEqual([])
    expect(tb.broker.connections.has('culprit')).toBe(false)
    await expectStillServes(tb.port)
  })
})

describe.concurrent('broker: packets before CONNECT [MQTT-3.1.0-1]', () => {
  it.for([
    { name: 'PINGREQ', bytes: Buffer.from([0xc0, 0x00]) },
    { name: 'PUBLISH', bytes: Buffer.from([0x30, 0x05, 0x00, 0x01, ...ascii('a'), ...ascii('hi')]) },
    { name: 'SUBSCRIBE', bytes: Buffer.from([0x82, 0x06, 0x00, 0x01, 0x00, 0x01, ...ascii('a'), 0x00]) },
    { name: 'DISCONNECT', bytes: Buffer.from([0xe0, 0x00]) },
  ])('$name as the first packet closes the socket without any answer', async ({ bytes }, ctx) => {
    const tb = await brokerFor({}, ctx)
    const client = await rawClient(tb.port)
    client.sendBytes(bytes)
    expect(await everythingUntilClose(client)).toEqual([])
    await expectStillServes(tb.port)
  })
})

/** Remaining Length as a Variable Byte Integer. */
function varInt(value: number): number[] {
  const out: number[] = []
  do {
    let byte = value % 128
    value = Math.floor(value / 128)
    if (value > 0) byte |= 0x80
    out.push(byte)
  } while (value > 0)
  return out
}

const DECLARED_BYTES = 200 * 1024 * 1024
const memoryInUse = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers // a Buffer sized by the declared length would show in arrayBuffers, not the heap
}

describe('broker: a huge declared length costs no memory', () => {
  it.for([
    { name: 'a CONNECT declaring 200 MB, sent first', version: 4 as const, connected: false, limits: { connectTimeoutMs: 300 } },
    { name: 'a PUBLISH declaring 200 MB on a 5.0 connection with keep-alive 1 s', version: 5 as const, connected: true, limits: {} },
  ])('$name and a few bytes of it: memory grows by under 20 MB and the connection is closed', async ({ version, connected, limits }, ctx) => {
    const tb = await brokerFor({ limits }, ctx)
    const client = connected
      ? (await connectedClient(tb.port, { clientId: 'liar', version, keepalive: 1 })).client
      : await rawClient(tb.port, version)
    const before = memoryInUse()
    const received = tb.broker.counters.bytesReceived
    const bytes = Buffer.from([connected ? 0x30 : 0x10, ...varInt(DECLARED_BYTES), 0x00, 0x04, ...ascii('MQTT'), 0x05, 0x02, 0x00, 0x00, 0x00])
    client.sendBytes(bytes)
    await waitUntil(() => tb.broker.counters.bytesReceived >= received + bytes.length, 'the broker to read the bytes')
    expect(memoryInUse() - before).toBeLessThan(20 * 1024 * 1024)
    const got = await everythingUntilClose(client)
    if (connected) expect(got).toMatchObject([{ cmd: 'disconnect', reasonCode: 0x8d }]) // keep-alive ran out mid-packet
    else expect(got).toEqual([])
    await expectStillServes(tb.port)
  })
})

describe('broker: observers hear about protocol errors (B7)', () => {
  it('protocolError reports the client id, address, reason code and rule of the offending client', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const { client } = await connectedClient(tb.port, { clientId: 'culprit', version: 5 })
    const reported = nextObserved(tb, 'protocolError', (e) => e.clientId === 'culprit')
    client.sendBytes(Buffer.from([0x36, 0x06, 0x00, 0x01, ...ascii('a'), 0x00, 0x01, 0x00])) // PUBLISH QoS 3
    const [info] = await reported
    expect(info).toEqual({ clientId: 'culprit', address: `127.0.0.1:${client.socket.localPort}`, reasonCode: 0x81, message: expect.stringMatching(/QoS bits.*\[MQTT-3\.3\.1-4\]/) })
    await client.closed
  })

  it('before CONNECT, protocolError reports no client id but the address', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const client = await rawClient(tb.port)
    const reported = nextObserved(tb, 'protocolError', () => true)
    client.sendBytes(Buffer.from([0xc0, 0x00]))
    const [info] = await reported
    expect(info).toMatchObject({ clientId: null, address: `127.0.0.1:${client.socket.localPort}`, reasonCode: 0x82 })
    await client.closed
  })
})
