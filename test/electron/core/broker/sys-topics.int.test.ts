// $SYS/broker/... statistics in mosquitto's style, refreshed at the configured interval, retained, and
// never delivered to a leading '#' [MQTT-4.7.2-1].
import { afterEach, describe, expect, it } from 'vitest'
import { startBroker, type RunningBroker } from '../../../../electron/core/broker/broker-service'
import { defaultBrokerConfig } from '../../../../electron/core/broker/config/broker-config'
import { silentLogger } from '../../../../electron/core/support/logger'
import { connectedClient, type RawClient } from '../../../support/raw-client'

describe('broker: $SYS topics', () => {
  let running: RunningBroker
  afterEach(async () => { await running.close() })

  async function start(sysIntervalMs: number) {
    const config = defaultBrokerConfig()
    config.listeners[0]!.port = 0
    config.limits = { sysIntervalMs }
    running = await startBroker({ config, version: '9.8.7', log: silentLogger })
    return running.listeners[0]!.port
  }

  /** Collects $SYS values by topic until `done` holds or the time runs out. */
  async function sysValues(client: RawClient, done: (v: Map<string, string>) => boolean): Promise<Map<string, string>> {
    const values = new Map<string, string>()
    const deadline = Date.now() + 3000
    while (!done(values) && Date.now() < deadline) {
      const p = await client.next('publish', 3000)
      values.set(String(p.topic), String(p.payload))
    }
    return values
  }

  it('publishes version, uptime, client counts, traffic, drops and load averages', async () => {
    const port = await start(100)
    const { client } = await connectedClient(port, { clientId: 'sys-reader' })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '$SYS/broker/#', qos: 0 }] })
    await client.next('suback')
    const values = await sysValues(client, (v) => v.get('$SYS/broker/clients/connected') === '1' && v.get('$SYS/broker/subscriptions/count') === '1' && v.has('$SYS/broker/load/connections/15min'))
    expect(values.get('$SYS/broker/version')).toBe('topicscope version 9.8.7')
    expect(values.get('$SYS/broker/uptime')).toMatch(/^\d+ seconds$/)
    expect(values.get('$SYS/broker/clients/connected')).toBe('1')
    expect(values.get('$SYS/broker/subscriptions/count')).toBe('1')
    for (const key of ['messages/received', 'messages/sent', 'bytes/received', 'bytes/sent', 'retained messages/count',
      'messages/dropped/queue-full', 'messages/dropped/no-subscribers', 'publish/messages/dropped', 'load/connections/1min']) {
      expect(values.has(`$SYS/broker/${key}`), key).toBe(true)
    }
    client.end()
  })

  it('delivers $SYS values as retained messages to a late subscriber, and never to "#"', async () => {
    const port = await start(60_000)
    const { client } = await connectedClient(port, { clientId: 'late' })
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '#', qos: 0 }, { topic: '$SYS/broker/version', qos: 0 }] })
    await client.next('suback')
    const p = await client.next('publish')
    expect(p).toMatchObject({ topic: '$SYS/broker/version', retain: true })
    expect(await client.silentFor(150)).toBe(true)
    client.end()
  })
})
