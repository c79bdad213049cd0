// The README's screenshots: a home-automation tree (Zigbee2MQTT-style topics) with a lamp's JSON message,
// its MQTT 5 properties, its diff with the previous message and its history.
import { join } from 'node:path'
import mqtt from 'mqtt'
import { expect, test } from '../e2e/serve-fixture'
import { startTestBroker } from '../support/test-broker'

const OUT = join(process.cwd(), 'docs/screenshots')


test('explorer with a message in detail', async ({ page, serve }) => {
  await page.goto(serve.url)
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { protocolVersion: 5, clientId: 'z2m-bridge' })
  try {
    await client.publishAsync('zigbee2mqtt/bridge/state', JSON.stringify({ state: 'online' }), { qos: 1, retain: true })
    for (const [room, temp] of [['kitchen', 21.4], ['living_room', 20.1], ['bedroom', 18.7]] as const) {
      await client.publishAsync(`zigbee2mqtt/${room}_sensor`, JSON.stringify({ temperature: temp, humidity: 48, battery: 91, linkquality: 120 }), { qos: 0 })
    }
    await client.publishAsync('zigbee2mqtt/living_room_lamp', JSON.stringify({ state: 'OFF', brightness: 40, color_temp: 370 }), { qos: 1 })
    await client.publishAsync('zigbee2mqtt/living_room_lamp', JSON.stringify({ state: 'ON', brightness: 254, color_temp: 370, linkquality: 96 }), {
      qos: 1, properties: { contentType: 'application/json', userProperties: { source: 'home-assistant' } },
    })
    await client.publishAsync('homeassistant/light/living_room_lamp/config', JSON.stringify({ name: 'Lamp', schema: 'json' }), { qos: 1, retain: true })
    await page.getByTestId('topic-row-zigbee2mqtt').click()
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('topic-row-zigbee2mqtt/living_room_lamp').click()
    await expect(page.getByTestId('message-diff')).toContainText('state')
    await page.screenshot({ path: join(OUT, 'explorer.png') })
  } finally {
    await client.endAsync()
  }
})

test('the publish form', async ({ page, serve }) => {
  await page.goto(serve.url)
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { protocolVersion: 5, clientId: 'z2m-bridge' })
  try {
    await client.publishAsync('zigbee2mqtt/living_room_lamp', JSON.stringify({ state: 'OFF', brightness: 40 }), { qos: 1 })
    await page.getByTestId('topic-row-zigbee2mqtt').click()
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('topic-row-zigbee2mqtt/living_room_lamp').click()
    await page.getByTestId('publish-open').click()
    await page.getByTestId('publish-topic').fill('zigbee2mqtt/living_room_lamp/set')
    await page.getByTestId('publish-format-json').click()
    await page.getByTestId('publish-payload').fill('{"state": "ON", "brightness": 200, "transition": 2}')
    await page.getByTestId('publish-qos').selectOption('1')
    await page.locator('.publish-props > summary').click()
    await page.getByTestId('publish-content-type').fill('application/json')
    await page.getByTestId('publish-send').click()
    await expect(page.getByTestId('publish-result')).toContainText('Success')
    await page.getByTestId('publish-panel').evaluate((el) => { el.scrollTop = 0 })
    await page.screenshot({ path: join(OUT, 'publish.png') })
  } finally {
    await client.endAsync()
  }
})

test('settings', async ({ page, serve }) => {
  await page.setViewportSize({ width: 1360, height: 1160 })
  await page.goto(serve.url)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings-open-broker')).toBeVisible()
  await page.screenshot({ path: join(OUT, 'shell.png') })
})

test('broker console', async ({ page, serve }) => {
  const url = await serve.brokerUrl()
  const phone = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'phone-app', clean: false, properties: { sessionExpiryInterval: 86_400 } })
  await phone.subscribeAsync('alerts/#', { qos: 1 })
  await phone.endAsync()
  const sensors = await Promise.all(['kitchen-sensor', 'hall-sensor'].map((clientId) => mqtt.connectAsync(url, { clientId, protocolVersion: 5 })))
  try {
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    for (let s = 0; s < 12; s++) {
      for (const [i, c] of sensors.entries()) for (let k = 0; k < 20 + s * 5; k++) await c.publishAsync(`home/${i}/temp`, String(20 + k), { qos: 0 })
      await sensors[0]!.publishAsync(`alerts/door/${s}`, 'opened', { qos: 1 })
      await page.waitForTimeout(1000)
    }
    await expect(page.getByTestId('client-queued-phone-app')).toContainText('12/')
    await page.screenshot({ path: join(OUT, 'broker.png') })
  } finally {
    await Promise.all(sensors.map((c) => c.endAsync()))
  }
})

test('broker settings', async ({ page, serve }) => {
  await page.setViewportSize({ width: 1360, height: 1300 })
  await page.goto(serve.url)
  await page.getByTestId('nav-broker').click()
  await page.getByTestId('setting-broker-ws').check()
  await page.getByTestId('setting-broker-port').fill('1884')
  await page.getByTestId('setting-limit-maxQueuedMessages').fill('5000')
  await expect(page.getByTestId('broker-change-preview')).toContainText('WebSocket')
  await page.getByTestId('setting-broker-port').scrollIntoViewIfNeeded()
  await page.getByTestId('broker-state').last().evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: join(OUT, 'broker-settings.png') })
})

test('bridges', async ({ page, serve }) => {
  const remote = await startTestBroker()
  try {
    await page.setViewportSize({ width: 1360, height: 900 })
    await page.goto(serve.url)
    await page.getByTestId('nav-broker').click()
    const add = async (name: string, url: string, topics: string) => {
      await page.getByTestId('bridge-add').click()
      await page.getByTestId('bridge-name').fill(name)
      await page.getByTestId('bridge-url').fill(url)
      await page.getByTestId('bridge-topics').fill(topics)
      await page.getByTestId('bridge-save').click()
    }
    await add('Garage Pi (mosquitto)', `mqtt://127.0.0.1:${remote.port}`, 'topic zigbee2mqtt/# both 1 "" garage/')
    await add('Cloud EMQX', 'mqtts://127.0.0.1:1', 'topic home/# out 1 "" site-a/\ntopic commands/# in 1 "" site-a/')
    await expect(page.locator('[data-testid^="bridge-row-"]').first()).toContainText('Connected')
    await expect(page.locator('[data-testid^="bridge-row-"]').last()).toContainText('Remote unreachable')
    await page.getByTestId('bridge-add').click()
    await page.getByTestId('bridges-table').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: join(OUT, 'bridges.png') })
  } finally {
    await remote.close()
  }
})

test('qos lab', async ({ page, serve }) => {
  await page.setViewportSize({ width: 1360, height: 900 })
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  const url = await serve.brokerUrl()
  const phone = await mqtt.connectAsync(url, { clientId: 'phone', protocolVersion: 5 })
  const sensor = await mqtt.connectAsync(url, { clientId: 'door-sensor', protocolVersion: 5 })
  try {
    await phone.subscribeAsync('door/#', { qos: 1 })
    await sensor.publishAsync('door/front', 'open', { qos: 2 })
    await sensor.publishAsync('door/back', 'closed', { qos: 1 })
    await expect(page.locator('[data-testid="lab-arrow"][data-cmd="pubcomp"]')).toHaveCount(1)
    await page.locator('[data-testid="lab-arrow"][data-cmd="pubrec"]').first().click()
    await expect(page.getByTestId('lab-flow-lowered')).toBeVisible()
    await page.screenshot({ path: join(OUT, 'qos-lab.png') })
  } finally {
    await Promise.all([phone.endAsync(), sensor.endAsync()])
  }
})
