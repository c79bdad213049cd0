// Waits and checks shared by the broker socket tests: a broker per test closed by the test itself,
// SUBSCRIBE/SUBACK, polling a condition, waiting for an observer event, and mosquitto's "still there" check.
// Built on raw-client (bytes on 127.0.0.1); nothing here sleeps for a fixed time to let the broker catch up.
import { expect, onTestFinished } from 'vitest'
import type { BrokerOptions } from '../../electron/core/broker/broker'
import type { BrokerObserver } from '../../electron/core/broker/hooks'
import { connectedClient, type RawClient } from './raw-client'
import { startTestBroker, type TestBroker } from './test-broker'

/** What a test context offers for cleanup (vitest's `onTestFinished`, from the test's own context so concurrent tests work). */
export interface CleanupContext {
  onTestFinished(fn: () => void | Promise<void>): void
}

/**
 * One broker for this test, closed when the test ends. Concurrent tests must pass their own context
 * (`it.concurrent('…', async (ctx) => brokerFor({}, ctx))`); others may leave it out.
 */
export async function brokerFor(opts: Partial<BrokerOptions> = {}, ctx: CleanupContext = { onTestFinished }): Promise<TestBroker> {
  const tb = await startTestBroker(opts)
  ctx.onTestFinished(() => tb.close())
  return tb
}

let packetIdSeq = 0
/** A packet identifier in 1..65535 that this process has not used recently. */
export function nextPacketId(): number {
  packetIdSeq = (packetIdSeq % 65_535) + 1
  return packetIdSeq
}

/** Sends SUBSCRIBE for one filter and returns the granted codes from SUBACK. */
export async function subscribe(client: RawClient, topicFilter: string, qos: 0 | 1 | 2 = 1, extra: Record<string, unknown> = {}): Promise<number[]> {
  client.send({ cmd: 'subscribe', messageId: nextPacketId(), subscriptions: [{ topic: topicFilter, qos, ...extra }] })
  const suback = await client.next('suback')
  return suback.granted as number[]
}

/** Sends PUBLISH; for QoS 1 waits for PUBACK and returns it, for QoS 2 completes PUBREC/PUBREL/PUBCOMP and returns the PUBREC. */
export async function publish(client: RawClient, topic: string, payload: string | Buffer, opts: { qos?: 0 | 1 | 2; retain?: boolean; properties?: Record<string, unknown> } = {}): Promise<Record<string, unknown> | null> {
  const qos = opts.qos ?? 0
  const messageId = qos > 0 ? nextPacketId() : undefined
  client.send({
    cmd: 'publish', topic, payload, qos, retain: opts.retain ?? false, dup: false,
    ...(messageId !== undefined ? { messageId } : {}), ...(opts.properties ? { properties: opts.properties } : {}),
  })
  if (qos === 0) return null
  if (qos === 1) return client.next('puback')
  const pubrec = await client.next('pubrec')
  client.send({ cmd: 'pubrel', messageId })
  await client.next('pubcomp')
  return pubrec
}

/** Polls `condition` every 10 ms; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

type ObserverArgs<K extends keyof BrokerObserver> = Parameters<NonNullable<BrokerObserver[K]>>

/** Resolves with the arguments of the first observer call `method(...)` that `match` accepts; rejects after `timeoutMs`. */
export function nextObserved<K extends keyof BrokerObserver>(
  tb: TestBroker, method: K, match: (...args: ObserverArgs<K>) => boolean, timeoutMs = 3000,
): Promise<ObserverArgs<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`no matching observer ${method} within ${timeoutMs} ms`)) }, timeoutMs)
    const stop = tb.broker.observe({
      [method]: (...args: ObserverArgs<K>) => {
        if (!match(...args)) return
        clearTimeout(timer)
        stop()
        resolve(args)
      },
    } as BrokerObserver)
  })
}

let freshSeq = 0
/**
 * mosquitto's "is the broker still there": a new 3.1.1 client gets CONNACK 0 and a QoS 1 publish comes back
 * through its own subscription.
 */
export async function expectStillServes(port: number): Promise<void> {
  const clientId = `fresh-${process.pid}-${++freshSeq}`
  const { client, connack } = await connectedClient(port, { clientId })
  expect(connack).toMatchObject({ cmd: 'connack', returnCode: 0 })
  expect(await subscribe(client, `still/${clientId}`, 1)).toEqual([1])
  await publish(client, `still/${clientId}`, 'still there', { qos: 1 })
  const echoed = await client.next('publish')
  expect({ topic: echoed.topic, payload: String(echoed.payload) }).toEqual({ topic: `still/${clientId}`, payload: 'still there' })
  client.end()
}

/** Resolves with the ms elapsed from `since` when the socket closes. */
export async function closedAfter(client: RawClient, since: number): Promise<number> {
  await client.closed
  return Date.now() - since
}
