// The broker console in Chromium against serve: an offline persistent subscriber's queue grows in the
// clients table and drains on reconnect; retained delete and undo; users; a listener turned on live; and a
// bridge to a second broker.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import mqtt from 'mqtt'
import { freePort } from '../support/free-port'
import { startTestBroker } from '../support/test-broker'
import { expect, test } from './serve-fixture'

test('an offline persistent subscriber accumulates a queue that the clients table shows, and its reconnect drains it', async ({ page, serve }) => {
  const url = await serve.brokerUrl()
  const options = { protocolVersion: 5 as const, clientId: 'e2e-phone', clean: false, properties: { sessionExpiryInterval: 3600 } }
  const phone = await mqtt.connectAsync(url, options)
  await phone.subscribeAsync('alerts/#', { qos: 1 })
  await phone.endAsync()
  const publisher = await mqtt.connectAsync(url, { clientId: 'e2e-alarm' })
  try {
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    await expect(page.getByTestId('client-row-e2e-phone')).toContainText('Offline since')
    await expect(page.getByTestId('overview-offline')).toHaveText('1')
    for (let i = 0; i < 7; i++) await publisher.publishAsync(`alerts/door/${i}`, `opened ${i}`, { qos: 1 })
    await expect(page.getByTestId('client-queued-e2e-phone')).toContainText('7/')
    // The client view lists the queue message by message.
    await page.getByTestId('client-open-e2e-phone').click()
    await expect(page.getByTestId('queue-row')).toHaveCount(7)
    await expect(page.getByTestId('queue-row').first()).toContainText('alerts/door/0')
    await expect(page.getByTestId('client-subscriptions')).toContainText('alerts/#')
    // Listen before the CONNACK: the broker sends the queue right after it.
    const back = mqtt.connect(url, options)
    const received: string[] = []
    back.on('message', (topic) => received.push(topic))
    await expect(page.getByTestId('client-queued-e2e-phone')).toContainText('0/')
    await expect(page.getByTestId('queue-row')).toHaveCount(0)
    await expect(page.getByTestId('client-row-e2e-phone')).toContainText('Connected since')
    await expect.poll(() => received.length).toBe(7)
    await back.endAsync()
  } finally {
    await publisher.endAsync()
  }
})

test('a retained subtree deleted from the console is gone for new subscribers, and undo restores it', async ({ page, serve }) => {
  const url = await serve.brokerUrl()
  const retainedFor = async (filter: string): Promise<string[]> => {
    const probe = await mqtt.connectAsync(url, { clientId: `probe-${Date.now()}` })
    const got: string[] = []
    probe.on('message', (topic, _payload, packet) => { if (packet.retain) got.push(topic) })
    await probe.subscribeAsync(filter)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await probe.endAsync()
    return got.sort()
  }
  const publisher = await mqtt.connectAsync(url, { clientId: 'e2e-config' })
  try {
    for (const room of ['hall', 'kitchen']) await publisher.publishAsync(`config/${room}`, `{"room":"${room}"}`, { qos: 1, retain: true })
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    await page.getByTestId('retained-filter').fill('config/#')
    await expect(page.getByTestId('retained-row')).toHaveCount(2)
    await page.getByTestId('retained-delete-all').click()
    await expect(page.getByTestId('retained-confirm')).toContainText('Delete 2 retained messages (config/#)?')
    await page.getByTestId('retained-confirm-yes').click()
    await expect(page.getByTestId('retained-row')).toHaveCount(0)
    expect(await retainedFor('config/#')).toEqual([])
    await page.getByTestId('retained-undo').click()
    await expect(page.getByTestId('retained-row')).toHaveCount(2)
    expect(await retainedFor('config/#')).toEqual(['config/hall', 'config/kitchen'])
  } finally {
    await publisher.endAsync()
  }
})

test('a user added in the console can connect with mosquitto_pub, and a wrong password is refused with the right code', async ({ page, serve }) => {
  test.skip(!existsSync('/usr/bin/mosquitto_pub'), 'mosquitto-clients is not installed')
  const port = new URL(await serve.brokerUrl()).port
  await page.goto(serve.url)
  await page.getByTestId('nav-broker').click()
  await page.getByTestId('user-name').fill('ada')
  await page.getByTestId('user-password').fill('s3cret!')
  await page.getByTestId('user-add').click()
  await expect(page.getByTestId('users-result')).toContainText('Added ada')
  await expect(page.getByTestId('users-list')).toContainText('ada')
  const pub = (password: string, version: string) => spawnSync('/usr/bin/mosquitto_pub',
    ['-h', '127.0.0.1', '-p', port, '-V', version, '-u', 'ada', '-P', password, '-t', 'console/test', '-m', 'hi', '-q', '1'], { encoding: 'utf8', timeout: 10_000 })
  expect(pub('s3cret!', 'mqttv311').status).toBe(0)
  const wrong311 = pub('nope', 'mqttv311')
  expect(wrong311.status).not.toBe(0)
  expect(wrong311.stderr).toMatch(/not authori[sz]ed|bad user name or password/i) // CONNACK 4 (3.1.1)
  const wrong5 = pub('nope', 'mqttv5')
  expect(wrong5.status).not.toBe(0)
  expect(wrong5.stderr).toMatch(/bad user name or password/i) // reason code 0x86 (5.0)
})

test('turning on the WebSocket listener in the console says what it does, keeps TCP clients, and serves MQTT over WebSocket', async ({ page, serve }) => {
  const tcp = await mqtt.connectAsync(await serve.brokerUrl(), { clientId: 'e2e-tcp-stays', reconnectPeriod: 0 })
  try {
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    const wsPort = await freePort()
    await page.getByTestId('setting-broker-ws').check()
    await page.getByTestId('setting-broker-ws-port').fill(String(wsPort))
    await expect(page.getByTestId('broker-change-preview')).toContainText('open the WebSocket listener')
    await page.getByTestId('setting-broker-apply').click()
    await expect(page.getByTestId('broker-state')).toContainText(`ws://127.0.0.1:${wsPort}/mqtt`)
    const ws = await mqtt.connectAsync(`ws://127.0.0.1:${wsPort}/mqtt`, { clientId: 'e2e-over-ws', reconnectPeriod: 0 })
    await ws.publishAsync('over/ws', 'hello', { qos: 1 })
    await ws.endAsync()
    expect(tcp.connected).toBe(true)
    await tcp.publishAsync('still/tcp', 'yes', { qos: 1 })
  } finally {
    await tcp.endAsync()
  }
})

test('a bridge added in the console carries messages to a second broker, and its state and counters show', async ({ page, serve }) => {
  const remote = await startTestBroker()
  const remoteUrl = `mqtt://127.0.0.1:${remote.port}`
  const cloud = await mqtt.connectAsync(remoteUrl, { clientId: 'e2e-cloud' })
  const local = await mqtt.connectAsync(await serve.brokerUrl(), { clientId: 'e2e-sensor' })
  try {
    await cloud.subscribeAsync('site-a/#', { qos: 1 })
    const got: string[] = []
    cloud.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`))
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    await page.getByTestId('bridge-add').click()
    await page.getByTestId('bridge-name').fill('Second broker')
    await page.getByTestId('bridge-url').fill(remoteUrl)
    await page.getByTestId('bridge-topics').fill('topic sensors/# out 1 home/ site-a/')
    await page.getByTestId('bridge-save').click()
    const row = page.locator('[data-testid^="bridge-row-"]')
    await expect(row).toContainText('Connected')
    await local.publishAsync('home/sensors/kitchen', '21.5', { qos: 1 })
    await expect.poll(() => got).toEqual(['site-a/sensors/kitchen=21.5'])
    await expect(row.locator('td').nth(4)).toHaveText('1') // sent
  } finally {
    await Promise.all([cloud.endAsync(), local.endAsync()])
    await remote.close()
  }
})
