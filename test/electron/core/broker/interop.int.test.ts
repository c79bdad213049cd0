// Real MQTT clients against the broker on 127.0.0.1: MQTT.js (3.1.1 and 5.0), Debian's mosquitto_pub/_sub and
// Python paho (1.x or 2.x callback API, whichever is installed). Tools that are missing skip with the reason.
// Every child process has a timeout and is killed when its test ends.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { connectAsync, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { describe, expect, it } from 'vitest'
import { connectedClient } from '../../../support/raw-client'
import { brokerFor, subscribe, waitUntil } from '../../../support/broker-probes'
import type { TestBroker } from '../../../support/test-broker'

const CHILD_TIMEOUT_MS = 8000

interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Starts a program with a hard timeout; the test's end kills it if it is still running. */
function run(ctx: { onTestFinished(fn: () => void): void }, file: string, args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' })
  ctx.onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

/** The path of a program on PATH, or null. */
function which(program: string): string | null {
  try {
    return execFileSync('which', [program], { encoding: 'utf8', timeout: 2000 }).trim() || null
  } catch {
    return null
  }
}

/** A Python 3 that can import paho.mqtt.client, with paho's major version; PATH's python3 first, then Debian's. */
function findPaho(): { python: string; version: string; major: number } | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const version = execFileSync(python, ['-c', 'import paho.mqtt.client, paho.mqtt; print(paho.mqtt.__version__)'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
      return { python, version, major: Number(version.split('.')[0]) }
    } catch {
      // not this one
    }
  }
  return null
}

const MOSQUITTO_SUB = which('mosquitto_sub')
const MOSQUITTO_PUB = which('mosquitto_pub')
const PAHO = findPaho()

// ---------------------------------------------------------------------------------------------------------------

/** MQTT.js client; ended when the test finishes. */
async function mqttjs(ctx: { onTestFinished(fn: () => unknown): void }, tb: TestBroker, opts: IClientOptions): Promise<MqttClient> {
  const client = await connectAsync(`mqtt://127.0.0.1:${tb.port}`, { reconnectPeriod: 0, connectTimeout: 3000, ...opts })
  ctx.onTestFinished(() => client.endAsync(true))
  return client
}

/** The next message MQTT.js delivers on `topic`. */
function nextMessage(client: MqttClient, topic: string, timeoutMs = 3000): Promise<IPublishPacket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { client.off('message', onMessage); reject(new Error(`MQTT.js got no message on ${topic} within ${timeoutMs} ms`)) }, timeoutMs)
    const onMessage = (t: string, _payload: Buffer, packet: IPublishPacket) => {
      if (t !== topic) return
      clearTimeout(timer)
      client.off('message', onMessage)
      resolve(packet)
    }
    client.on('message', onMessage)
  })
}

describe.concurrent('interop: MQTT.js', () => {
  it.for([
    ...([4, 5] as const).flatMap((protocolVersion) => ([0, 1, 2] as const).map((qos) => ({ protocolVersion, qos, name: `MQTT ${protocolVersion}: a QoS ${qos}` }))),
  ])('$name publish comes back through a QoS 2 subscription at the same QoS', async ({ protocolVersion, qos }, ctx) => {
    const tb = await brokerFor({}, ctx)
    const client = await mqttjs(ctx, tb, { protocolVersion, clientId: `js-${protocolVersion}-${qos}` })
    const granted = await client.subscribeAsync('interop/js/#', { qos: 2 })
    expect(granted.map((g) => g.qos)).toEqual([2])
    const arrived = nextMessage(client, `interop/js/q${qos}`)
    await client.publishAsync(`interop/js/q${qos}`, `qos ${qos}`, { qos })
    const packet = await arrived
    expect({ payload: String(packet.payload), qos: packet.qos, retain: packet.retain }).toEqual({ payload: `qos ${qos}`, qos, retain: false })
  })

  it.for([4, 5] as const)('MQTT %s: a retained message reaches a later subscriber with the retain flag', async (protocolVersion, ctx) => {
    const tb = await brokerFor({}, ctx)
    const publisher = await mqttjs(ctx, tb, { protocolVersion, clientId: 'js-pub' })
    await publisher.publishAsync('interop/js/retained', 'kept', { qos: 1, retain: true })
    const late = await mqttjs(ctx, tb, { protocolVersion, clientId: 'js-late' })
    const arrived = nextMessage(late, 'interop/js/retained')
    await late.subscribeAsync('interop/js/+', { qos: 1 })
    const packet = await arrived
    expect({ payload: String(packet.payload), retain: packet.retain, qos: packet.qos }).toEqual({ payload: 'kept', retain: true, qos: 1 })
  })

  it('MQTT 5: user properties, content type and correlation data arrive as sent', async (ctx) => {
    const tb = await brokerFor({}, ctx)
    const client = await mqttjs(ctx, tb, { protocolVersion: 5, clientId: 'js-props' })
    await client.subscribeAsync('interop/js/props', { qos: 1 })
    const arrived = nextMessage(client, 'interop/js/props')
    const properties = { userProperties: { source: 'mqtt.js', tags: ['a', 'b'] }, contentType: 'text/plain', correlationData: Buffer.from('c-1') }
    await client.publishAsync('interop/js/props', 'with properties', { qos: 1, properties })
    expect((await arrived).properties).toMatchObject(properties)
  })
})

// ---------------------------------------------------------------------------------------------------------------

const mosquittoMissing = MOSQUITTO_SUB === null || MOSQUITTO_PUB === null
const skipMosquitto = (ctx: { skip(note?: string): void }) => {
  if (mosquittoMissing) ctx.skip('mosquitto_sub/mosquitto_pub not found on PATH (Debian package mosquitto-clients)')
}

describe.concurrent('interop: mosquitto_pub / mosquitto_sub', () => {
  it.for(['mqttv311', 'mqttv5'])('%s: QoS 2 from mosquitto_pub reaches mosquitto_sub', async (protocol, ctx) => {
    skipMosquitto(ctx)
    const tb = await brokerFor({}, ctx)
    const common = ['-h', '127.0.0.1', '-p', String(tb.port), '-V', protocol]
    const sub = run(ctx, MOSQUITTO_SUB!, [...common, '-i', 'mosq-sub', '-t', 'interop/mosq/#', '-q', '2', '-C', '1', '-W', '6', '-v'])
    await waitUntil(() => tb.broker.sessions.get('mosq-sub')?.subscriptions.size === 1, 'mosquitto_sub to subscribe', 5000)
    const pub = await run(ctx, MOSQUITTO_PUB!, [...common, '-i', 'mosq-pub', '-t', 'interop/mosq/a', '-m', 'hello from mosquitto', '-q', '2']).done
    expect(pub).toMatchObject({ code: 0, stderr: '' })
    const got = await sub.done
    expect({ code: got.code, stdout: got.stdout }).toEqual({ code: 0, stdout: 'interop/mosq/a hello from mosquitto\n' })
  })

  it.for(['mqttv311', 'mqttv5'])('%s: a retained message (-r) is delivered to a later mosquitto_sub', async (protocol, ctx) => {
    skipMosquitto(ctx)
    const tb = await brokerFor({}, ctx)
    const common = ['-h', '127.0.0.1', '-p', String(tb.port), '-V', protocol]
    const pub = await run(ctx, MOSQUITTO_PUB!, [...common, '-t', 'interop/mosq/state', '-m', 'on', '-q', '1', '-r']).done
    expect(pub.code).toBe(0)
    const got = await run(ctx, MOSQUITTO_SUB!, [...common, '-t', 'interop/mosq/state', '-q', '1', '-C', '1', '-W', '6', '-F', '%r %t %p']).done
    expect({ code: got.code, stdout: got.stdout }).toEqual({ code: 0, stdout: '1 interop/mosq/state on\n' })
  })

  it('mqttv5: mosquitto_pub user property and content type reach a raw 5.0 subscriber', async (ctx) => {
    skipMosquitto(ctx)
    const tb = await brokerFor({}, ctx)
    const { client } = await connectedClient(tb.port, { clientId: 'raw-sub', version: 5 })
    await subscribe(client, 'interop/mosq/props', 1)
    const pub = await run(ctx, MOSQUITTO_PUB!, ['-h', '127.0.0.1', '-p', String(tb.port), '-V', 'mqttv5', '-t', 'interop/mosq/props', '-m', '{}', '-q', '1',
      '-D', 'publish', 'user-property', 'origin', 'mosquitto', '-D', 'publish', 'content-type', 'application/json']).done
    expect(pub.code).toBe(0)
    const got = await client.next('publish')
    expect(got.properties).toMatchObject({ userProperties: { origin: 'mosquitto' }, contentType: 'application/json' })
    client.end()
  })
})

// ---------------------------------------------------------------------------------------------------------------

/** Subscribes at QoS 1, publishes once on the SUBACK, prints "topic payload qos" on the message, exits 0 (3 on timeout). */
const PAHO_SCRIPT = String.raw`
import sys, time
import paho.mqtt
import paho.mqtt.client as mqtt

port, protocol, client_id = int(sys.argv[1]), sys.argv[2], sys.argv[3]
proto = mqtt.MQTTv5 if protocol == "5" else mqtt.MQTTv311
major = int(paho.mqtt.__version__.split(".")[0])
topic = "interop/paho/" + protocol
state = {"done": False}

def on_connect(client, *rest):
    client.subscribe(topic, qos=1)

def on_subscribe(client, *rest):
    client.publish(topic, "hello from paho", qos=1)

def on_message(client, userdata, msg):
    print(msg.topic, msg.payload.decode(), msg.qos, flush=True)
    state["done"] = True
    client.disconnect()

if major >= 2:
    # paho 2.x: the callback API version is required; VERSION2 callbacks take reason codes and properties.
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=proto)
else:
    # paho 1.x: no callback API argument; v5 callbacks get an extra properties argument (hence *rest above).
    client = mqtt.Client(client_id=client_id, protocol=proto)
client.on_connect, client.on_subscribe, client.on_message = on_connect, on_subscribe, on_message
client.connect("127.0.0.1", port, keepalive=10)
client.loop_start()
deadline = time.time() + 6
while not state["done"] and time.time() < deadline:
    time.sleep(0.01)
client.loop_stop()
sys.exit(0 if state["done"] else 3)
`

describe.concurrent('interop: Python paho-mqtt', () => {
  it.for([
    { api: 1, protocol: '311', name: 'paho 1.x API, MQTT 3.1.1' }, { api: 1, protocol: '5', name: 'paho 1.x API, MQTT 5' },
    { api: 2, protocol: '311', name: 'paho 2.x API, MQTT 3.1.1' }, { api: 2, protocol: '5', name: 'paho 2.x API, MQTT 5' },
  ])('$name: subscribe QoS 1, publish QoS 1, the message comes back', async ({ api, protocol }, ctx) => {
    if (PAHO === null) ctx.skip('python3 cannot import paho.mqtt.client (Debian package python3-paho-mqtt)')
    if (PAHO!.major !== api) ctx.skip(`paho-mqtt ${api}.x is not installed (found ${PAHO!.version} for ${PAHO!.python})`)
    const tb = await brokerFor({}, ctx)
    const got = await run(ctx, PAHO!.python, ['-c', PAHO_SCRIPT, String(tb.port), protocol, `paho-${protocol}`]).done
    expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }).toEqual({ code: 0, stdout: `interop/paho/${protocol} hello from paho 1\n`, stderr: '' })
  })
})
