// Smoke test of `topicscope broker` and the broker inside `topicscope serve`, as child processes
// talking MQTT over real sockets: start, round trip, config errors with line numbers, busy ports.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectedClient } from '../support/raw-client'
import { runHeadless, startBrokerProcess, startServe } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

describe('topicscope broker (child process)', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const dataDir = () => {
    const d = makeTempDir()
    cleanups.push(() => d.remove())
    return d.path
  }

  it('listens on 127.0.0.1 by default and carries a QoS 1 message from a publisher to a subscriber', async () => {
    const broker = await startBrokerProcess(['-p', '0', '--data-dir', dataDir()])
    cleanups.push(() => broker.stop())
    expect(broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/)
    const port = Number(new URL(broker.url).port)
    const sub = await connectedClient(port, { clientId: 'sub', version: 5 })
    sub.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'home/+', qos: 1 }] })
    await sub.client.next('suback')
    const pub = await connectedClient(port, { clientId: 'pub' })
    pub.client.send({ cmd: 'publish', topic: 'home/temp', payload: Buffer.from('21.5'), qos: 1, messageId: 9, retain: false, dup: false })
    expect(await pub.client.next('puback')).toMatchObject({ messageId: 9 })
    const got = await sub.client.next('publish')
    expect(got).toMatchObject({ topic: 'home/temp', qos: 1 })
    expect(String(got.payload)).toBe('21.5')
    sub.client.end()
    pub.client.end()
    expect(await broker.stop()).toBe(0)
  })

  it('-v logs one line per packet', async () => {
    const broker = await startBrokerProcess(['-p', '0', '-v', '--data-dir', dataDir()])
    cleanups.push(() => broker.stop())
    const { client } = await connectedClient(Number(new URL(broker.url).port), { clientId: 'verbose-1' })
    client.send({ cmd: 'pingreq' })
    await client.next('pingresp')
    await expect.poll(() => broker.output()).toContain('← verbose-1 PINGREQ')
    expect(broker.output()).toContain("CONNECT v3.1.1 id='verbose-1'")
    client.end()
  })

  it('reports config file errors with their line numbers and exits 1', async () => {
    const dir = dataDir()
    const conf = join(dir, 'mosquitto.conf')
    writeFileSync(conf, 'listener 0 127.0.0.1\nallow_anonymous maybe\nlistner 1884\n')
    const res = await runHeadless(['broker', '-c', conf, '--data-dir', dir])
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('mosquitto.conf line 2')
    expect(res.stderr).toContain("mosquitto.conf line 3: unknown directive 'listner'")
  })

  it('a busy port is a sentence naming the port, exit 1', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise((r) => blocker.close(r)))
    const port = (blocker.address() as { port: number }).port
    const res = await runHeadless(['broker', '-p', String(port), '--data-dir', dataDir()])
    expect(res.code).toBe(1)
    expect(res.stderr).toContain(`Port ${port} is in use (MQTT listener)`)
  })

  it('serve prints the broker URL beside the web URL', async () => {
    const serve = await startServe(['--port', '0', '--mqtt-port', '0', '--data-dir', dataDir()])
    cleanups.push(() => serve.stop())
    await expect.poll(() => serve.output()).toMatch(/MQTT broker mqtt:\/\/127\.0\.0\.1:\d+/)
  })

  it('serve keeps running with a warning when the MQTT port is busy', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise((r) => blocker.close(r)))
    const port = (blocker.address() as { port: number }).port
    const serve = await startServe(['--port', '0', '--mqtt-port', String(port), '--data-dir', dataDir()])
    cleanups.push(() => serve.stop())
    expect(serve.output()).toContain(`The embedded MQTT broker did not start: Port ${port} is in use`)
    // The banner says what to do instead of leaving the MQTT line out.
    await expect.poll(() => serve.output()).toContain(`MQTT broker not running: Port ${port} is in use`)
    expect(serve.output()).toContain('Run again with --mqtt-port N, or pick another port in the Broker view.')
    expect((await fetch(serve.url)).status).toBe(200)
  })
})
