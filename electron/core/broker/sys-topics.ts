// Publishes broker statistics under $SYS/broker/… like mosquitto, as retained messages refreshed every
// sysIntervalMs, plus Topicscope's per-reason drop counters.
import type { Broker } from './broker'
import { LoadAverage } from './broker-stats'
import { DROP_REASONS } from './hooks'
import type { BrokerMessage } from './message'

type Counter = 'messagesReceived' | 'messagesSent' | 'bytesReceived' | 'bytesSent' | 'publishReceived' | 'publishSent' | 'connectionsTotal'

const LOADS: ReadonlyArray<[topic: string, counter: Counter]> = [
  ['messages/received', 'messagesReceived'],
  ['messages/sent', 'messagesSent'],
  ['bytes/received', 'bytesReceived'],
  ['bytes/sent', 'bytesSent'],
  ['publish/received', 'publishReceived'],
  ['publish/sent', 'publishSent'],
  ['connections', 'connectionsTotal'],
]

/** Starts the $SYS publisher; returns the function that stops it. */
export function startSysTopics(broker: Broker, version: string): () => void {
  const interval = broker.limits.sysIntervalMs
  if (interval <= 0) return () => undefined
  const loads = new Map(LOADS.map(([topic]) => [topic, new LoadAverage()]))
  const last = new Map<string, string>()
  const publish = (topic: string, value: string | number) => {
    const text = String(value)
    const full = `$SYS/broker/${topic}`
    if (last.get(full) === text) return // unchanged values are not re-sent, as mosquitto does
    last.set(full, text)
    const message: BrokerMessage = {
      topic: full, payload: Buffer.from(text), qos: 0, retain: true, properties: null,
      publisher: null, receivedAt: broker.now(), expiresAt: null,
    }
    broker.publishInternal(message)
  }
  const tick = () => {
    const now = broker.now()
    const c = broker.counters
    let offline = 0
    for (const session of broker.sessions.values()) if (session.disconnectedAt !== null) offline++
    publish('version', `topicscope version ${version}`)
    publish('uptime', `${Math.floor((now - broker.startedAt) / 1000)} seconds`)
    publish('clients/connected', broker.connections.size)
    publish('clients/active', broker.connections.size)
    publish('clients/disconnected', offline)
    publish('clients/inactive', offline)
    publish('clients/total', broker.connections.size + offline)
    publish('messages/received', c.messagesReceived)
    publish('messages/sent', c.messagesSent)
    publish('publish/messages/received', c.publishReceived)
    publish('publish/messages/sent', c.publishSent)
    publish('bytes/received', c.bytesReceived)
    publish('bytes/sent', c.bytesSent)
    publish('subscriptions/count', broker.subscriptions.size)
    publish('retained messages/count', broker.retained.size)
    let droppedTotal = 0
    for (const reason of DROP_REASONS) {
      droppedTotal += c.dropped[reason]
      publish(`messages/dropped/${reason}`, c.dropped[reason])
    }
    publish('publish/messages/dropped', droppedTotal)
    for (const [topic, counter] of LOADS) {
      const load = loads.get(topic)!
      load.sample(c[counter], now)
      for (const [window, value] of Object.entries(load.averages)) publish(`load/${topic}/${window}`, value.toFixed(2))
    }
  }
  tick()
  const timer = setInterval(tick, interval)
  timer.unref()
  return () => clearInterval(timer)
}
