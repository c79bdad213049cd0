// The QoS lab's virtual clients: real MQTT.js connections over loopback to the embedded broker, made and
// driven from the lab (publish, subscribe, disconnect cleanly, cut the network, reconnect). They are
// ordinary clients: users, anonymous access and the ACL apply to them. A reconnect reuses the same
// MQTT.js client, so what it had in flight is sent again as that library does.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { MAX_RECEIVED_SHOWN, MAX_VIRTUAL_CLIENTS, type ReceivedByVirtual, type VirtualClientAction, type VirtualClientConfig, type VirtualClientState, type VirtualClientView } from '../../../shared/model/lab-sim'
import { AppFailure } from '../support/app-failure'

const PREVIEW_CHARS = 200

class VirtualClient {
  private client: MqttClient | null = null
  private state: VirtualClientState = 'disconnected'
  private lastEvent: string | null = null
  private sessionPresent: boolean | null = null
  private readonly received: ReceivedByVirtual[] = []
  private receivedTotal = 0
  private endedCleanly = false

  constructor(readonly config: VirtualClientConfig, private readonly endpoint: () => { host: string; port: number } | null, private readonly now: () => number) {}

  view(): VirtualClientView {
    const { password: _secret, ...config } = this.config
    return { config, state: this.state, lastEvent: this.lastEvent, sessionPresent: this.sessionPresent, received: [...this.received], receivedTotal: this.receivedTotal }
  }

  connect(): void {
    const at = this.endpoint()
    if (at === null) throw new AppFailure('unavailable', 'The embedded broker is not running.')
    const c = this.config
    const options: IClientOptions = {
      // MQTT 3.1 names its protocol MQIsdp [MQTT-3.1 §3.1].
      clientId: c.clientId, protocolVersion: c.protocolVersion, protocolId: c.protocolVersion === 3 ? 'MQIsdp' : 'MQTT', clean: c.clean, keepalive: c.keepAliveS, reconnectPeriod: 0, connectTimeout: 10_000,
      username: c.username ?? undefined, password: c.password ?? undefined, resubscribe: false,
      ...(c.protocolVersion === 5 ? { properties: { sessionExpiryInterval: c.clean ? 0 : c.sessionExpiryS } } : {}),
      ...(c.will !== null ? { will: { topic: c.will.topic, payload: Buffer.from(c.will.payload), qos: c.will.qos, retain: c.will.retain } } : {}),
    }
    this.state = 'connecting'
    const client = mqtt.connect(`mqtt://${at.host}:${at.port}`, options)
    this.client = client
    client.on('connect', (connack) => {
      this.state = 'connected'
      this.sessionPresent = connack.sessionPresent
      this.lastEvent = null
      // A kept session still has its subscriptions: subscribing again would resend retained messages.
      if (!connack.sessionPresent && c.subscriptions.length > 0) {
        client.subscribe(Object.fromEntries(c.subscriptions.map((s) => [s.filter, { qos: s.qos }])), (err) => { if (err) this.lastEvent = err.message })
      }
    })
    client.on('message', (topic, payload, packet) => {
      this.receivedTotal++
      const responseTopic = packet.properties?.responseTopic ?? null
      const correlation = packet.properties?.correlationData
      this.received.push({
        topic, payload: payload.toString('utf8').slice(0, PREVIEW_CHARS), qos: packet.qos, dup: packet.dup, retain: packet.retain, at: this.now(),
        responseTopic, correlationData: correlation === undefined ? null : Buffer.from(correlation).toString('utf8'),
      })
      if (this.received.length > MAX_RECEIVED_SHOWN) this.received.shift()
      // MQTT 5 request/response: the answer goes where the request asked, with its Correlation Data.
      if (c.responder && responseTopic !== null) {
        client.publish(responseTopic, `reply to ${payload.toString('utf8').slice(0, PREVIEW_CHARS)}`, { qos: packet.qos, properties: correlation === undefined ? {} : { correlationData: correlation } })
      }
    })
    client.on('disconnect', (packet) => { this.lastEvent = `The broker sent DISCONNECT (reason 0x${(packet.reasonCode ?? 0).toString(16).padStart(2, '0')})` })
    client.on('error', (err) => { this.lastEvent = err.message })
    client.on('close', () => {
      if (this.client !== client) return
      this.state = 'disconnected'
      this.lastEvent ??= 'The connection closed.'
    })
  }

  act(action: Exclude<VirtualClientAction, { kind: 'remove' }>): void {
    const client = this.client
    switch (action.kind) {
      case 'reconnect':
        if (this.state !== 'disconnected') throw new AppFailure('bad-request', `${this.config.clientId} is not disconnected.`)
        this.lastEvent = null
        if (client === null) return this.connect()
        this.state = 'connecting'
        {
          // The broker may have come back on another port (a restart with port 0, in tests).
          const at = this.endpoint()
          if (at === null) throw new AppFailure('unavailable', 'The embedded broker is not running.')
          Object.assign(client.options, { host: at.host, hostname: at.host, port: at.port })
        }
        // After a cut MQTT.js keeps what it had in flight, as a real client would after a network loss;
        // without its stores it would start afresh. A clean DISCONNECT closed them: it starts afresh.
        if (this.endedCleanly) client.reconnect()
        else client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore })
        this.endedCleanly = false
        return
      case 'disconnect':
        this.lastEvent = 'Disconnected with DISCONNECT: no will.'
        this.endedCleanly = true
        client?.end(false)
        return
      case 'cut':
        this.lastEvent = 'The network was cut: no DISCONNECT was sent.'
        // The socket goes without a DISCONNECT, as when a cable is pulled; the broker publishes the will.
        client?.stream.destroy()
        return
      default:
    }
    if (client === null || this.state !== 'connected') throw new AppFailure('not-connected', `${this.config.clientId} is not connected.`)
    const report = (err?: Error | null) => { if (err) this.lastEvent = err.message }
    if (action.kind === 'publish') {
      const properties = {
        ...(action.responseTopic !== undefined ? { responseTopic: action.responseTopic } : {}),
        ...(action.correlationData !== undefined ? { correlationData: Buffer.from(action.correlationData) } : {}),
      }
      client.publish(action.topic, action.payload, { qos: action.qos, retain: action.retain, ...(Object.keys(properties).length > 0 ? { properties } : {}) }, report)
    }
    else if (action.kind === 'subscribe') client.subscribe(action.filter, { qos: action.qos }, report)
    else client.unsubscribe(action.filter, report)
  }

  async close(): Promise<void> {
    const client = this.client
    this.client = null
    await client?.endAsync(true)
  }
}

export class VirtualClients {
  private readonly clients = new Map<string, VirtualClient>()

  constructor(private readonly endpoint: () => { host: string; port: number } | null, private readonly now: () => number = Date.now) {}

  list(): VirtualClientView[] {
    return [...this.clients.values()].map((c) => c.view())
  }

  add(config: VirtualClientConfig): void {
    if (this.clients.has(config.clientId)) throw new AppFailure('bad-request', `The lab already has a client '${config.clientId}'.`)
    if (this.clients.size >= MAX_VIRTUAL_CLIENTS) throw new AppFailure('bad-request', `The lab takes at most ${MAX_VIRTUAL_CLIENTS} virtual clients.`)
    const client = new VirtualClient(config, this.endpoint, this.now)
    client.connect()
    this.clients.set(config.clientId, client)
  }

  async act(clientId: string, action: VirtualClientAction): Promise<void> {
    const client = this.clients.get(clientId)
    if (client === undefined) throw new AppFailure('not-found', `The lab has no client '${clientId}'.`)
    if (action.kind === 'remove') {
      this.clients.delete(clientId)
      await client.close()
      return
    }
    client.act(action)
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()))
    this.clients.clear()
  }
}
