// Slow consumers over real sockets: a subscriber that stops reading (socket paused) shares a topic with one that
// reads. The reader gets every message in order; what the broker holds for the frozen one stays bounded (queue
// length ≤ maxQueuedMessages, socket buffer ≈ maxSocketBufferBytes, drops counted 'queue-full'); and after
// drainTimeoutMs without a drain the frozen one is disconnected.
import { describe, expect, it } from 'vitest'
import { connectedClient, type RawClient } from '../../../support/raw-client'
import { brokerFor, nextObserved, subscribe } from '../../../support/broker-probes'
import type { TestBroker } from '../../../support/test-broker'

const MAX_QUEUED = 50
const PAYLOAD_BYTES = 8 * 1024
const ROUND = 50
/** Enough to fill the kernel's socket buffers (a few MB on loopback) and the broker's 1 MiB many times over. */
const MAX_ROUNDS = 120

interface Peak { queue: number; socketBytes: number }

/** Records the largest queue length and unsent socket bytes the broker holds for `clientId`. */
function watchPeak(tb: TestBroker, clientId: string): { peak: Peak; sample(): void } {
  const peak: Peak = { queue: 0, socketBytes: 0 }
  const sample = () => {
    peak.queue = Math.max(peak.queue, tb.broker.sessions.get(clientId)?.queue.length ?? 0)
    peak.socketBytes = Math.max(peak.socketBytes, tb.broker.connections.get(clientId)?.socket.writableLength ?? 0)
  }
  tb.broker.observe({ messageDropped: sample, packetIn: sample })
  return { peak, sample }
}

/**
 * Publishes numbered messages (QoS alternating 0/1 when `mixed`) in rounds of 50, each round ended by a PINGREQ
 * round trip so the publisher never runs ahead of the broker, until `enough()` or MAX_ROUNDS. Returns how many.
 */
async function flood(pub: RawClient, opts: { mixed: boolean; enough(): boolean; afterRound(): void }): Promise<number> {
  let seq = 0
  let packetId = 0
  for (let round = 0; round < MAX_ROUNDS && !opts.enough(); round++) {
    for (let i = 0; i < ROUND; i++, seq++) {
      const payload = Buffer.alloc(PAYLOAD_BYTES, 0x61)
      payload.writeUInt32BE(seq, 0)
      const qos = opts.mixed && seq % 2 === 1 ? 1 : 0
      pub.send({ cmd: 'publish', topic: 'bp/t', payload, qos, ...(qos === 1 ? { messageId: (packetId++ % 65_535) + 1 } : {}) })
    }
    pub.send({ cmd: 'pingreq' })
    await pub.next('pingresp', 5000)
    pub.received.splice(0) // PUBACKs
    opts.afterRound()
  }
  return seq
}

/** Takes `count` PUBLISHes (acknowledging QoS 1) and returns their sequence numbers. */
async function drain(client: RawClient, count: number): Promise<number[]> {
  const seqs: number[] = []
  for (let i = 0; i < count; i++) {
    const p = await client.next('publish', 5000)
    if (p.qos === 1) client.send({ cmd: 'puback', messageId: p.messageId, reasonCode: 0 })
    seqs.push((p.payload as Buffer).readUInt32BE(0))
  }
  return seqs
}

async function setUp(tb: TestBroker, frozenQos: 0 | 1, onFinished: (fn: () => void) => void) {
  const { client: fast } = await connectedClient(tb.port, { clientId: 'fast', version: 5 })
  await subscribe(fast, 'bp/t', 1)
  const { client: frozen } = await connectedClient(tb.port, { clientId: 'frozen', version: 4 })
  await subscribe(frozen, 'bp/t', frozenQos)
  frozen.socket.pause() // stops reading: the kernel buffers fill, then the broker's
  onFinished(() => frozen.socket.destroy())
  const { client: pub } = await connectedClient(tb.port, { clientId: 'pub', version: 4 })
  return { fast, frozen, pub }
}

describe.concurrent('broker: a frozen subscriber does not hold up others or grow memory', () => {
  it.for([
    { frozenQos: 1 as const, why: 'QoS 1 deliveries wait behind its full inflight window (20), then in its queue' },
    { frozenQos: 0 as const, why: 'QoS 0 deliveries fill its socket buffer, then its queue' },
  ])('frozen subscription at QoS $frozenQos ($why): the reader gets all, the frozen queue stays ≤ 50, drops are counted', async ({ frozenQos }, ctx) => {
    const tb = await brokerFor({ limits: { maxQueuedMessages: MAX_QUEUED } }, ctx)
    const { fast, pub } = await setUp(tb, frozenQos, ctx.onTestFinished)
    const watch = watchPeak(tb, 'frozen')
    const sent = await flood(pub, { mixed: true, enough: () => tb.broker.counters.dropped['queue-full'] >= 200, afterRound: watch.sample })

    expect(tb.broker.counters.dropped['queue-full']).toBeGreaterThanOrEqual(200)
    expect(tb.broker.sessions.get('frozen')!.counters.dropped['queue-full']).toBe(tb.broker.counters.dropped['queue-full'])
    expect(watch.peak.queue).toBeLessThanOrEqual(MAX_QUEUED)
    // One packet may go past the threshold before the connection counts as congested.
    expect(watch.peak.socketBytes).toBeLessThanOrEqual(tb.broker.limits.maxSocketBufferBytes + PAYLOAD_BYTES + 64)
    expect(tb.broker.connections.has('frozen')).toBe(true) // default drainTimeoutMs: 30 s
    expect(await drain(fast, sent)).toEqual(Array.from({ length: sent }, (_, i) => i))
    expect(tb.broker.sessions.get('fast')!.counters.dropped['queue-full']).toBe(0)
  })

  it('with drainTimeoutMs 500, a frozen reader whose socket stays full is disconnected; the reader is unaffected', async (ctx) => {
    const tb = await brokerFor({ limits: { maxQueuedMessages: MAX_QUEUED, drainTimeoutMs: 500 } }, ctx)
    const { fast, frozen, pub } = await setUp(tb, 0, ctx.onTestFinished)
    const dropped = nextObserved(tb, 'sessionChanged', (e) => e.kind === 'disconnected' && e.clientId === 'frozen', 10_000)
    let congestedSeenAt: number | null = null
    const sent = await flood(pub, {
      mixed: false,
      enough: () => congestedSeenAt !== null,
      afterRound: () => { if (tb.broker.connections.get('frozen')?.congested === true) congestedSeenAt ??= Date.now() },
    })
    expect(congestedSeenAt).not.toBeNull()
    await dropped
    expect(Date.now() - congestedSeenAt!).toBeGreaterThanOrEqual(400) // seen a little after it began
    expect(tb.broker.connections.has('frozen')).toBe(false)
    expect(tb.broker.sessions.has('frozen')).toBe(false) // clean session: its queue is gone with it
    expect(await drain(fast, sent)).toHaveLength(sent)
    frozen.socket.resume() // reading again, it finds the close behind the bytes already buffered
    await frozen.closed
  })
})
