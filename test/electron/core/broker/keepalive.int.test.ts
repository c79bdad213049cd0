// Keep-alive and connect timeout over real sockets: a silent client is closed after 1.5 × its keep-alive
// (v5 with DISCONNECT 0x8D), any packet (PINGREQ) keeps it open, 0 means no timeout; the broker's maximum
// (v5 Server Keep Alive, 3.1.1 refusal); and sockets that never send CONNECT. Times are asserted loosely;
// the slow cases run concurrently, each with its own broker.
import { describe, expect, it } from 'vitest'
import { connectedClient, rawClient } from '../../../support/raw-client'
import { brokerFor, closedAfter } from '../../../support/broker-probes'

describe.concurrent('broker: keep-alive [MQTT-3.1.2-24 (3.1.1)] [MQTT-3.1.2-22 (5.0)]', () => {
  it.for([4, 5] as const)('MQTT %s: keep-alive 1 s closes a silent client after about 1.5 s, not before 1 s', async (version, ctx) => {
    const tb = await brokerFor({}, ctx)
    const { client } = await connectedClient(tb.port, { clientId: `silent-${version}`, version, keepalive: 1 })
    const elapsed = await closedAfter(client, Date.now())
    expect(elapsed).toBeGreaterThanOrEqual(1000)
    expect(elapsed).toBeLessThan(3000)
    if (version === 5) expect(client.received).toMatchObject([{ cmd: 'disconnect', reasonCode: 0x8d }])
    else expect(client.received).toEqual([]) // 3.1.1 has no DISCONNECT from the server: a plain close
  })

  it('PINGREQ every 0.4 s keeps a keep-alive 1 s connection open past 1.5 s', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const { client } = await connectedClient(tb.port, { clientId: 'pinger', keepalive: 1 })
    const start = Date.now()
    while (Date.now() - start < 2200) {
      await new Promise((resolve) => setTimeout(resolve, 400)) // the client's own ping schedule, not a wait for the broker
      client.send({ cmd: 'pingreq' })
      expect(await client.next('pingresp', 1000)).toMatchObject({ cmd: 'pingresp' })
    }
    expect(tb.broker.connections.has('pinger')).toBe(true)
    client.end()
  })

  it('keep-alive 0 turns the timeout off: still served after a keep-alive 1 s client was closed', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const { client: forever } = await connectedClient(tb.port, { clientId: 'ka-0', keepalive: 0 })
    const { client: timed } = await connectedClient(tb.port, { clientId: 'ka-1', keepalive: 1 })
    await timed.closed
    forever.send({ cmd: 'pingreq' })
    expect(await forever.next('pingresp')).toMatchObject({ cmd: 'pingresp' })
    forever.end()
  })
})

describe.concurrent('broker: maximum keep-alive (limits.maxKeepAliveSeconds)', () => {
  it.for([
    { asked: 60, serverKeepAlive: 10 },
    { asked: 0, serverKeepAlive: 10 },
    { asked: 10, serverKeepAlive: undefined },
    { asked: 5, serverKeepAlive: undefined },
  ])('5.0: asking for $asked s with a maximum of 10 s gives Server Keep Alive $serverKeepAlive [MQTT-3.2.2-21]', async ({ asked, serverKeepAlive }, ctx) => {
    const tb = await brokerFor({ limits: { maxKeepAliveSeconds: 10 } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'ka', version: 5, keepalive: asked })
    expect(connack.reasonCode).toBe(0)
    expect((connack.properties as Record<string, unknown> | undefined)?.serverKeepAlive).toBe(serverKeepAlive)
    client.end()
  })

  it('5.0: the broker enforces its Server Keep Alive, not the larger value the client asked for', async (ctx) => {
    const tb = await brokerFor({ limits: { maxKeepAliveSeconds: 1 } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'greedy', version: 5, keepalive: 600 })
    expect(connack.properties).toMatchObject({ serverKeepAlive: 1 })
    const elapsed = await closedAfter(client, Date.now())
    expect(elapsed).toBeGreaterThanOrEqual(1000)
    expect(elapsed).toBeLessThan(3000)
    expect(client.received).toMatchObject([{ cmd: 'disconnect', reasonCode: 0x8d }])
  })

  it.for([
    { asked: 60, returnCode: 2 },
    { asked: 0, returnCode: 2 },
    { asked: 10, returnCode: 0 },
  ])('3.1.1: asking for $asked s with a maximum of 10 s gets return code $returnCode (3.1.1 cannot be told another value)', async ({ asked, returnCode }, ctx) => {
    const tb = await brokerFor({ limits: { maxKeepAliveSeconds: 10 } }, ctx)
    const { client, connack } = await connectedClient(tb.port, { clientId: 'ka', version: 4, keepalive: asked })
    expect(connack).toMatchObject({ returnCode, sessionPresent: false })
    if (returnCode !== 0) await client.closed
    client.end()
  })
})

describe.concurrent('broker: connect timeout (limits.connectTimeoutMs)', () => {
  it('closes a socket that sends no CONNECT within 200 ms, and only that one', async (ctx) => {
    const tb = await brokerFor({ limits: { connectTimeoutMs: 200 } }, ctx)
    const { client: connected } = await connectedClient(tb.port, { clientId: 'prompt' })
    const idle = await rawClient(tb.port)
    const elapsed = await closedAfter(idle, Date.now())
    expect(elapsed).toBeGreaterThanOrEqual(150)
    expect(elapsed).toBeLessThan(2000)
    expect(idle.received).toEqual([])
    connected.send({ cmd: 'pingreq' })
    expect(await connected.next('pingresp')).toMatchObject({ cmd: 'pingresp' })
    connected.end()
  })

  it('a CONNECT that arrives in time is not cut off by the connect timeout afterwards', async (ctx) => {
    const tb = await brokerFor({ limits: { connectTimeoutMs: 200 } }, ctx)
    const { client } = await connectedClient(tb.port, { clientId: 'in-time' })
    const late = await rawClient(tb.port)
    await late.closed // the 200 ms timer of a socket opened after ours has run out
    client.send({ cmd: 'pingreq' })
    expect(await client.next('pingresp')).toMatchObject({ cmd: 'pingresp' })
    client.end()
  })
})
