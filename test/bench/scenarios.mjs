// The bench scenarios. Each is bounded by a message (or client) count AND a deadline, takes the same
// parameters for every broker, and returns plain figures; run.mjs starts the brokers and prints.
import { closeAll, countDeliveries, openClient, openMany, packetIdOf, publishPipelined, stampedPayload, waitFor } from './load.mjs'
import { listenOverflows, procOpenFileLimit, sleep } from './servers.mjs'
import mqtt from 'mqtt-packet'

const PAYLOAD_BYTES = 64
const RUN_DEADLINE_MS = 30_000
const LOSS_IDLE_MS = 2_000 // once every publisher is done, this long without a new message means the rest was lost
const QOS1_WINDOW = 1000
/**
 * QoS 2 window: Topicscope disconnects a client with more than receiveMaximum (100, not configurable) inbound
 * QoS 2 messages awaiting PUBREL, even a 3.1.1 client. A window counted up to PUBCOMP never exceeds it.
 */
const QOS2_WINDOW = 100
const IDLE_CONNECT_CONCURRENCY = 500
const IDLE_SETTLE_MS = 2_000
const FD_HEADROOM = 200

/** Counts and durations for one run; `scale` shrinks them (BENCH_SCALE=0.1 for a quick look). */
export function benchParams(scale) {
  const n = (x) => Math.max(1, Math.round(x * scale))
  return {
    payloadBytes: PAYLOAD_BYTES,
    fanin: { publishers: 10, messages: n(200_000) },
    qos1: { messages: n(50_000), window: QOS1_WINDOW },
    qos2: { messages: n(20_000), window: QOS2_WINDOW },
    qos1Persistent: { messages: n(50_000), window: QOS1_WINDOW },
    qos2Persistent: { messages: n(40_000), window: QOS2_WINDOW },
    fanout: { subscribers: 50, messages: n(10_000) },
    latency: { ratePerSec: 2_000, warmupMs: Math.max(200, Math.round(1_000 * scale)), measureMs: Math.max(1_000, Math.round(5_000 * scale)) },
    storm: { clients: n(1_000) },
    idle: { connections: n(10_000), keepaliveSeconds: 600 },
  }
}

/** CPU use of the broker and of this process (the clients) over one measured interval, in % of one core. */
function cpuMeter(broker) {
  const b0 = broker.cpuSeconds()
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  return () => {
    const wall = (performance.now() - t0) / 1000
    const c = process.cpuUsage(c0)
    return {
      brokerCpuPct: Math.round(((broker.cpuSeconds() - b0) / wall) * 100),
      clientCpuPct: Math.round(((c.user + c.system) / 1e6 / wall) * 100),
    }
  }
}

const rate = (count, ms) => (ms > 0 ? Math.round((count / ms) * 1000) : 0)

/** N publishers (QoS 0, one topic each) → 1 subscriber on a wildcard. */
async function qos0Fanin(broker, p, run) {
  const { publishers, messages } = p.fanin
  const per = Math.ceil(messages / publishers)
  const sub = await openClient(broker.port, `fanin-sub-${run}`)
  await sub.subscribe('bench/fanin/+', 0)
  const { clients: pubs, errors } = await openMany(broker.port, publishers, { prefix: `fanin-pub-${run}` })
  if (errors.length > 0) throw new Error(`publishers failed to connect: ${errors[0]}`)
  const counter = countDeliveries([sub])
  const deadline = Date.now() + RUN_DEADLINE_MS
  const cpu = cpuMeter(broker)
  const t0 = performance.now()
  let publishing = pubs.length
  const results = pubs.map((c, i) => publishPipelined(c, { topicName: `bench/fanin/${i}`, payload: Buffer.alloc(p.payloadBytes), qos: 0, count: per, deadline }).finally(() => publishing--))
  const end = await waitFor({ done: () => counter.received >= per * publishers, progress: () => counter.received, settled: () => publishing === 0, idleMs: LOSS_IDLE_MS, deadline })
  const published = (await Promise.all(results)).reduce((s, r) => s + r.sent, 0)
  const elapsedMs = counter.lastAt - t0
  const usage = cpu()
  await closeAll([sub, ...pubs])
  return { msgsPerSec: rate(counter.received, elapsedMs), published, received: counter.received, lost: published - counter.received, elapsedMs: Math.round(elapsedMs), end, ...usage }
}

/**
 * 1 publisher → 1 subscriber, the same QoS on both legs, pipelined up to the window. `persistent`: the
 * subscriber has a persistent session (CleanSession=0, a fixed client id), so a broker with persistence stores
 * every delivery to it until the subscriber acknowledges it; the publisher's session stays clean.
 */
async function pointToPoint(broker, p, run, qos, persistent = false) {
  const { messages, window } = persistent ? (qos === 1 ? p.qos1Persistent : p.qos2Persistent) : qos === 1 ? p.qos1 : p.qos2
  const topicName = persistent ? `bench/qos${qos}-persistent` : `bench/qos${qos}`
  const subId = persistent ? `qos${qos}-persistent-sub` : `qos${qos}-sub-${run}`
  if (persistent) await discardSession(broker.port, subId) // start from no session whatever an earlier run left
  const sub = await openClient(broker.port, subId, { clean: !persistent })
  await sub.subscribe(topicName, qos)
  const pub = await openClient(broker.port, `qos${qos}${persistent ? '-persistent' : ''}-pub-${run}`)
  const counter = countDeliveries([sub])
  const deadline = Date.now() + RUN_DEADLINE_MS
  const cpu = cpuMeter(broker)
  const t0 = performance.now()
  let publishing = true
  const sending = publishPipelined(pub, { topicName, payload: Buffer.alloc(p.payloadBytes), qos, count: messages, window, deadline }).finally(() => { publishing = false })
  const end = await waitFor({ done: () => counter.received >= messages && !publishing, progress: () => counter.received, settled: () => !publishing, idleMs: LOSS_IDLE_MS, deadline })
  const r = await sending
  const elapsedMs = Math.max(counter.lastAt, r.lastAckAt) - t0
  const usage = cpu()
  const storeBytes = broker.storeBytes()
  await closeAll([sub, pub])
  const figures = { msgsPerSec: rate(Math.min(counter.received, r.acked), elapsedMs), published: r.sent, acked: r.acked, received: counter.received, lost: r.sent - counter.received, elapsedMs: Math.round(elapsedMs), end: r.timedOut ? 'deadline' : end, window, ...usage }
  if (!persistent) return figures
  // The broker must have kept the session past DISCONNECT, or this measured a clean session after all.
  const back = await openClient(broker.port, subId, { clean: false })
  const sessionKept = back.sessionPresent
  await back.close()
  await discardSession(broker.port, subId) // so the next run's broker work is not doubled by this session
  return { ...figures, sessionKept, storeBytes, note: sessionKept ? undefined : 'the broker did not keep the persistent session' }
}

/** Connects with CleanSession=1 and leaves: the broker discards the session of that client id [MQTT-3.1.2-6]. */
async function discardSession(port, clientId) {
  const c = await openClient(port, clientId, { clean: true })
  await c.close()
}

/** 1 publisher (QoS 0) → N subscribers of the same topic. */
async function fanout(broker, p, run) {
  const { subscribers, messages } = p.fanout
  const { clients: subs, errors } = await openMany(broker.port, subscribers, { prefix: `fanout-sub-${run}` })
  if (errors.length > 0) throw new Error(`subscribers failed to connect: ${errors[0]}`)
  for (const s of subs) await s.subscribe('bench/fanout', 0)
  const pub = await openClient(broker.port, `fanout-pub-${run}`)
  const counter = countDeliveries(subs)
  const expected = messages * subscribers
  const deadline = Date.now() + RUN_DEADLINE_MS
  const cpu = cpuMeter(broker)
  const t0 = performance.now()
  let publishing = true
  const sending = publishPipelined(pub, { topicName: 'bench/fanout', payload: Buffer.alloc(p.payloadBytes), qos: 0, count: messages, deadline }).finally(() => { publishing = false })
  const end = await waitFor({ done: () => counter.received >= expected, progress: () => counter.received, settled: () => !publishing, idleMs: LOSS_IDLE_MS, deadline })
  const r = await sending
  const elapsedMs = counter.lastAt - t0
  const usage = cpu()
  await closeAll([...subs, pub])
  return { deliveriesPerSec: rate(counter.received, elapsedMs), published: r.sent, expected: r.sent * subscribers, delivered: counter.received, lost: r.sent * subscribers - counter.received, elapsedMs: Math.round(elapsedMs), end, ...usage }
}

/** QoS 1 at a fixed rate; the subscriber, in this process, computes now − the timestamp in the payload. */
async function latency(broker, p, run) {
  const { ratePerSec, warmupMs, measureMs } = p.latency
  const topicName = 'bench/latency'
  const sub = await openClient(broker.port, `latency-sub-${run}`)
  await sub.subscribe(topicName, 1)
  const pub = await openClient(broker.port, `latency-pub-${run}`)
  const samples = []
  const t0 = performance.now()
  const measureFrom = t0 + warmupMs
  const counter = countDeliveries([sub], (buf, payloadStart) => {
    const sentAt = buf.readDoubleLE(payloadStart)
    if (sentAt >= measureFrom) samples.push(performance.now() - sentAt)
  })
  let acked = 0
  pub.onAck = () => { acked++ }
  const total = Math.round(((warmupMs + measureMs) / 1000) * ratePerSec)
  let sent = 0
  let measuredSent = 0
  const cpu = cpuMeter(broker)
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * ratePerSec))
      while (sent < due) {
        const payload = stampedPayload(p.payloadBytes)
        if (payload.readDoubleLE(0) >= measureFrom) measuredSent++
        pub.out.push(mqtt.generate({ cmd: 'publish', topic: topicName, payload, qos: 1, messageId: packetIdOf(sent++), retain: false, dup: false }))
      }
      pub.flush()
      if (sent < total) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
  const usage = cpu()
  const end = await waitFor({ done: () => counter.received >= total, progress: () => counter.received, idleMs: LOSS_IDLE_MS, deadline: Date.now() + RUN_DEADLINE_MS })
  await closeAll([sub, pub])
  samples.sort((a, b) => a - b)
  const pct = (q) => (samples.length === 0 ? NaN : round3(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]))
  return { p50Ms: pct(0.5), p90Ms: pct(0.9), p99Ms: pct(0.99), maxMs: pct(1), samples: samples.length, measuredSent, sent, acked, lost: sent - counter.received, ratePerSec, end, ...usage }
}

const round3 = (x) => Math.round(x * 1000) / 1000

/** N clients connect at once; time until the last CONNACK. */
async function connectStorm(broker, p, run) {
  const { clients } = p.storm
  const overflows0 = listenOverflows()
  const cpu = cpuMeter(broker)
  const t0 = performance.now()
  const { clients: opened, errors } = await openMany(broker.port, clients, { prefix: `storm-${run}` })
  const elapsedMs = performance.now() - t0
  const usage = cpu()
  const overflows = listenOverflows() - overflows0
  await closeAll(opened)
  const note = overflows > 0 ? `listen queue overflowed ${overflows}x (SYN retried after 1 s)` : undefined
  return { connectsPerSec: rate(opened.length, elapsedMs), clients, connected: opened.length, failed: errors.length, firstError: errors[0], elapsedMs: Math.round(elapsedMs), listenOverflows: overflows, note, ...usage }
}

/** N idle connections (keep-alive 600 s); broker RSS before and after, and per connection. */
async function idleConnections(broker, p, run) {
  const own = procOpenFileLimit('self')
  const brokerLimit = broker.openFileLimit()
  const wanted = p.idle.connections
  const ceiling = Math.min(own, brokerLimit) - FD_HEADROOM
  const target = Math.min(wanted, ceiling)
  const note = target < wanted ? `open-file limit (bench ${own}, broker ${brokerLimit}) caps this run at ${target} connections` : undefined
  await sleep(500)
  const rssBeforeBytes = broker.rss()
  const t0 = performance.now()
  const { clients, errors } = await openMany(broker.port, target, { prefix: `idle-${run}`, concurrency: IDLE_CONNECT_CONCURRENCY, keepalive: p.idle.keepaliveSeconds })
  const connectMs = Math.round(performance.now() - t0)
  await sleep(IDLE_SETTLE_MS)
  const rssAfterBytes = broker.rss()
  const stillOpen = clients.filter((c) => !c.closed).length
  await closeAll(clients)
  return {
    rssAfterBytes, rssBeforeBytes, rssPerConnBytes: clients.length > 0 ? Math.round((rssAfterBytes - rssBeforeBytes) / clients.length) : NaN,
    wanted, connected: clients.length, stillOpen, failed: errors.length, firstError: errors[0], connectMs,
    openFileLimit: { bench: own, broker: brokerLimit }, note,
  }
}

/** Printed under the tables of the persistent scenarios. */
const PERSISTENCE_NOTE =
  'mosquitto writes its persistence file only every autosave_interval (default 30 min) and on shutdown, so a crash loses what it acknowledged since;\n' +
  'Topicscope acknowledges a QoS 1/2 message only after its commit.'

/** The plain brokers run every scenario but the persistent ones; the -persistent variants only those. */
const PLAIN = ['topicscope', 'aedes', 'mosquitto']
/** topicscope (in memory) is the baseline of topicscope-persistent, with the same persistent-session subscriber. */
const PERSISTENT = ['topicscope', 'topicscope-persistent', 'mosquitto', 'mosquitto-persistent']

/**
 * Every scenario: `kind` decides which targets it feeds; `figure` is the number compared across brokers
 * (`higher`: whether more is better); `repeats` runs on one broker, the best kept; `brokers` which brokers run
 * it; `peers` the brokers its table gives ratios against (default aedes and mosquitto); `note` a footnote.
 */
export const SCENARIOS = [
  { name: 'qos0-fanin', kind: 'throughput', figure: 'msgsPerSec', unit: 'msg/s', higher: true, repeats: 2, run: qos0Fanin, brokers: PLAIN },
  { name: 'qos1', kind: 'throughput', figure: 'msgsPerSec', unit: 'msg/s', higher: true, repeats: 2, run: (b, p, r) => pointToPoint(b, p, r, 1), brokers: PLAIN },
  { name: 'qos2', kind: 'throughput', figure: 'msgsPerSec', unit: 'msg/s', higher: true, repeats: 2, run: (b, p, r) => pointToPoint(b, p, r, 2), brokers: PLAIN },
  {
    name: 'qos1-persistent', kind: 'persistence', figure: 'msgsPerSec', unit: 'msg/s', higher: true, repeats: 3, run: (b, p, r) => pointToPoint(b, p, r, 1, true),
    brokers: PERSISTENT, peers: ['topicscope', 'mosquitto', 'mosquitto-persistent'], note: PERSISTENCE_NOTE,
  },
  {
    name: 'qos2-persistent', kind: 'persistence', figure: 'msgsPerSec', unit: 'msg/s', higher: true, repeats: 3, run: (b, p, r) => pointToPoint(b, p, r, 2, true),
    brokers: PERSISTENT, peers: ['topicscope', 'mosquitto', 'mosquitto-persistent'], note: PERSISTENCE_NOTE,
  },
  { name: 'fanout-1-50', kind: 'throughput', figure: 'deliveriesPerSec', unit: 'deliveries/s', higher: true, repeats: 2, run: fanout, brokers: PLAIN },
  { name: 'latency', kind: 'latency', figure: 'p99Ms', unit: 'ms', higher: false, repeats: 2, run: latency, also: ['p50Ms'], brokers: PLAIN },
  { name: 'connect-storm', kind: 'throughput', figure: 'connectsPerSec', unit: 'connects/s', higher: true, repeats: 3, run: connectStorm, brokers: PLAIN },
  { name: 'idle-10k', kind: 'memory', figure: 'rssAfterBytes', unit: 'bytes', higher: false, repeats: 1, run: idleConnections, also: ['rssPerConnBytes'], brokers: PLAIN },
]
