// CONNECT and CONNACK over real sockets: versions, client identifiers, takeover, session present,
// refusals per version, and "the broker still serves a fresh client" after each bad case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectedClient, rawClient } from '../../../support/raw-client'
import { startTestBroker, type TestBroker } from '../../../support/test-broker'

describe('broker: CONNECT', () => {
  let tb: TestBroker
  beforeEach(async () => { tb = await startTestBroker() })
  afterEach(async () => { await tb.close() })

  const stillServes = async () => {
    const { client, connack } = await connectedClient(tb.port, { clientId: `fresh-${Math.random()}` })
    expect(connack).toMatchObject({ cmd: 'connack', returnCode: 0 })
    client.end()
  }

  it.each([3, 4, 5] as const)('accepts MQTT protocol level %i', async (version) => {
    const { client, connack } = await connectedClient(tb.port, { clientId: 'c1', version })
    expect(connack.cmd).toBe('connack')
    expect(version === 5 ? connack.reasonCode : connack.returnCode).toBe(0)
    client.end()
  })

  it('3.1.1: an empty client id with CleanSession=1 is accepted', async () => {
    const { client, connack } = await connectedClient(tb.port, { clientId: '', version: 4, clean: true })
    expect(connack.returnCode).toBe(0)
    client.end()
  })

  it('3.1.1: an empty client id with CleanSession=0 is refused with return code 2 [MQTT-3.1.3-8]', async () => {
    const client = await rawClient(tb.port)
    // mqtt-packet refuses to encode this, so the bytes are written by hand: flags 0x00 (CleanSession=0), id ''
    client.sendBytes(Uint8Array.of(0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x00, 0x00, 0x3c, 0x00, 0x00))
    expect(await client.next('connack')).toMatchObject({ returnCode: 2 })
    await client.closed
    await stillServes()
  })

  it('5.0: an empty client id gets an Assigned Client Identifier', async () => {
    const { client, connack } = await connectedClient(tb.port, { clientId: '', version: 5 })
    expect(connack.reasonCode).toBe(0)
    expect((connack.properties as { assignedClientIdentifier: string }).assignedClientIdentifier).toMatch(/^topicscope-/)
    client.end()
  })

  it('3.1: a client id over 23 characters is rejected (return code 2)', async () => {
    const { client, connack } = await connectedClient(tb.port, { clientId: 'x'.repeat(24), version: 3 })
    expect(connack.returnCode).toBe(2)
    await client.closed
  })

  it('5.0: an unknown authentication method is refused with 0x8C', async () => {
    const { client, connack } = await connectedClient(tb.port, { clientId: 'a', version: 5, properties: { authenticationMethod: 'SCRAM-SHA-1' } })
    expect(connack.reasonCode).toBe(0x8c)
    await client.closed
    await stillServes()
  })

  it('an unsupported protocol level gets return code 1 and a close [MQTT-3.1.2-2]', async () => {
    const c = await rawClient(tb.port)
    // CONNECT, protocol name MQTT, level 6
    c.sendBytes(Uint8Array.of(0x10, 0x0d, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x06, 0x02, 0x00, 0x3c, 0x00, 0x01, 0x61))
    expect(await c.next('connack')).toMatchObject({ returnCode: 1 })
    await c.closed
    await stillServes()
  })

  it('a packet before CONNECT closes the connection [MQTT-3.1.0-1]', async () => {
    const c = await rawClient(tb.port)
    c.send({ cmd: 'pingreq' })
    await c.closed
    expect(c.received).toEqual([])
    await stillServes()
  })

  it('a second CONNECT is a protocol error (v5: DISCONNECT 0x82) [MQTT-3.1.0-2]', async () => {
    const { client } = await connectedClient(tb.port, { clientId: 'twice', version: 5 })
    client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'twice', clean: true, keepalive: 0 })
    expect(await client.next('disconnect')).toMatchObject({ reasonCode: 0x82 })
    await client.closed
    await stillServes()
  })

  it('session takeover closes the old connection, v5 with DISCONNECT 0x8E [MQTT-3.1.4-3]', async () => {
    const first = await connectedClient(tb.port, { clientId: 'same', version: 5 })
    const second = await connectedClient(tb.port, { clientId: 'same', version: 5 })
    expect(second.connack.reasonCode).toBe(0)
    expect(await first.client.next('disconnect')).toMatchObject({ reasonCode: 0x8e })
    await first.client.closed
    second.client.send({ cmd: 'pingreq' })
    expect(await second.client.next()).toMatchObject({ cmd: 'pingresp' })
    second.client.end()
  })

  it('sets Session Present for a resumed persistent session and not for a clean one', async () => {
    const a = await connectedClient(tb.port, { clientId: 'p', clean: false })
    expect(a.connack.sessionPresent).toBe(false)
    a.client.send({ cmd: 'disconnect' })
    await a.client.closed
    const b = await connectedClient(tb.port, { clientId: 'p', clean: false })
    expect(b.connack.sessionPresent).toBe(true)
    b.client.send({ cmd: 'disconnect' })
    await b.client.closed
    const c = await connectedClient(tb.port, { clientId: 'p', clean: true })
    expect(c.connack.sessionPresent).toBe(false)
    c.client.end()
  })

  it('answers PINGREQ with PINGRESP', async () => {
    const { client } = await connectedClient(tb.port, { clientId: 'ping' })
    client.send({ cmd: 'pingreq' })
    expect(await client.next()).toMatchObject({ cmd: 'pingresp' })
    client.end()
  })
})
