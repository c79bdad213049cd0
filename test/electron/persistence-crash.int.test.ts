// Crash safety with a real child process: a broker with persistence takes QoS 1 and QoS 2 messages for
// an offline persistent session, is killed with SIGKILL at a random point, restarts on the same data
// folder, and the subscriber then receives every message the broker had acknowledged: QoS 2 never
// twice, QoS 1 twice only with DUP=1; retained messages intact. Several kill points per mode.
import { afterEach, describe, expect, it } from 'vitest'
import { connectedClient, type RawClient } from '../support/raw-client'
import { startBrokerProcess, type ServeProcess } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

const MESSAGES_PER_QOS = 150
/** Deterministic kill points (in acknowledged messages), so a failure can be replayed. */
const KILL_AFTER_ACKS = [7, 61, 143, 230]

type Mode = 'queued' | 'acknowledged'

describe('persistence survives kill -9', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function broker(dataDir: string, mode: Mode): Promise<{ proc: ServeProcess; port: number }> {
    const proc = await startBrokerProcess(['-p', '0', '--data-dir', dataDir, '--persistence', mode, ...(process.env.CRASH_DEBUG ? ['-v'] : [])])
    cleanups.push(() => proc.stop())
    return { proc, port: Number(new URL(proc.url).port) }
  }

  async function offlineSubscriber(port: number): Promise<void> {
    const { client } = await connectedClient(port, { clientId: 'durable-sub', version: 5, clean: true, properties: { sessionExpiryInterval: 3600 } })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'crash/#', qos: 2 }] })
    await client.next('suback')
    client.send({ cmd: 'disconnect', reasonCode: 0 })
    await client.closed
  }

  /** Publishes until killed; returns the payloads the broker acknowledged (PUBACK, or PUBREC for QoS 2). */
  async function publishUntilKilled(port: number, proc: ServeProcess, killAfter: number): Promise<Set<string>> {
    const acked = new Set<string>()
    const { client } = await connectedClient(port, { clientId: 'publisher', version: 4 })
    const payloadOf = new Map<number, string>()
    client.socket.on('data', () => undefined)
    const onAck = (p: { cmd: string; messageId?: number }) => {
      const payload = payloadOf.get(p.messageId ?? -1)
      if (payload !== undefined) acked.add(payload)
      if (p.cmd === 'pubrec') client.send({ cmd: 'pubrel', messageId: p.messageId })
      if (acked.size === killAfter) proc.child.kill('SIGKILL')
    }
    client.send({ cmd: 'publish', topic: 'crash/retained', payload: Buffer.from('kept'), qos: 1, messageId: 60000, retain: true, dup: false })
    let id = 1
    for (let i = 0; i < MESSAGES_PER_QOS; i++) {
      for (const qos of [1, 2] as const) {
        const payload = `q${qos}-${i}`
        payloadOf.set(id, payload)
        client.send({ cmd: 'publish', topic: `crash/q${qos}`, payload: Buffer.from(payload), qos, messageId: id++, retain: false, dup: false })
      }
    }
    await drainAcks(client, onAck)
    return acked
  }

  async function drainAcks(client: RawClient, onAck: (p: { cmd: string; messageId?: number }) => void): Promise<void> {
    for (;;) {
      try {
        const p = await client.next(undefined, 5000)
        if (p.cmd === 'puback' || p.cmd === 'pubrec') onAck(p as { cmd: string; messageId?: number })
      } catch {
        return // the broker died (or everything was acknowledged)
      }
    }
  }

  async function collectAll(client: RawClient): Promise<Array<{ payload: string; qos: number; dup: boolean; retain: boolean }>> {
    const got: Array<{ payload: string; qos: number; dup: boolean; retain: boolean }> = []
    for (;;) {
      let p
      try {
        p = await client.next('publish', 1500)
      } catch {
        return got
      }
      got.push({ payload: String(p.payload), qos: Number(p.qos), dup: p.dup === true, retain: p.retain === true })
      if (Number(p.qos) === 1) client.send({ cmd: 'puback', messageId: p.messageId, reasonCode: 0 })
      if (Number(p.qos) === 2) client.send({ cmd: 'pubrec', messageId: p.messageId, reasonCode: 0 })
      const rel = client.received.findIndex((r) => r.cmd === 'pubrel')
      if (rel >= 0) client.send({ cmd: 'pubcomp', messageId: client.received.splice(rel, 1)[0]!.messageId, reasonCode: 0 })
    }
  }

  const cases = (['acknowledged', 'queued'] as const).flatMap((mode) => KILL_AFTER_ACKS.map((k) => [mode, k] as const))
  it.each(cases)('%s mode, killed after %i acknowledged messages', async (mode, killAfter) => {
    const data = makeTempDir()
    cleanups.push(() => data.remove())
    const first = await broker(data.path, mode)
    await offlineSubscriber(first.port)
    const acked = await publishUntilKilled(first.port, first.proc, killAfter)
    await first.proc.stop()
    expect(acked.size).toBeGreaterThanOrEqual(Math.min(killAfter, MESSAGES_PER_QOS * 2))

    const second = await broker(data.path, mode)
    const { client, connack } = await connectedClient(second.port, { clientId: 'durable-sub', version: 5, clean: false, properties: { sessionExpiryInterval: 3600 } })
    expect(connack.sessionPresent).toBe(true)
    const got = await collectAll(client)
    const received = got.filter((m) => !m.retain)
    const payloads = received.map((m) => m.payload)
    for (const payload of acked) expect(payloads, `acknowledged ${payload} was lost`).toContain(payload)
    const counts = new Map<string, number>()
    for (const m of received) counts.set(m.payload, (counts.get(m.payload) ?? 0) + 1)
    for (const [payload, n] of counts) {
      if (payload.startsWith('q2-')) expect(n, `${payload} delivered ${n} times`).toBe(1)
    }
    // A QoS 1 message seen twice must carry DUP=1 the second time [MQTT-3.3.1-1].
    const seen = new Set<string>()
    for (const m of received.filter((x) => x.payload.startsWith('q1-'))) {
      if (seen.has(m.payload)) expect(m.dup).toBe(true)
      seen.add(m.payload)
    }
    client.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'crash/retained', qos: 1 }] })
    const retained = await client.next('publish', 3000).catch((err: Error) => {
      throw new Error(`${err.message}; retained seen during the drain: ${JSON.stringify(got.filter((m) => m.retain))}; broker output: ${second.proc.output().slice(-3000)}`)
    })
    expect(String(retained.payload)).toBe('kept')
    client.end()
  }, 60_000)
})
