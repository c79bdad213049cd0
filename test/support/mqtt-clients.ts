// MQTT.js clients for integration tests, ended after the test: connect one (no automatic reconnect, so a
// test sees each disconnection), and collect what one receives as "topic=payload" lines.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'

export function mqttClients(cleanups: Array<() => unknown>): (url: string, opts?: IClientOptions) => Promise<MqttClient> {
  return async (url, opts = {}) => {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...opts })
    cleanups.push(() => c.endAsync(true))
    return c
  }
}

export function collectMessages(c: MqttClient): string[] {
  const got: string[] = []
  c.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`))
  return got
}
