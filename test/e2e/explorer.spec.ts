// The Explorer in Chromium against serve: real clients publish to the embedded broker and the live tree
// shows their topics, counts, QoS and payloads.
import mqtt from 'mqtt'
import { startBrokerProcess } from '../support/serve-process'
import { addConnectionInUi } from './add-connection'
import { expect, test } from './serve-fixture'


test('an external MQTT.js client publishes and the tree shows the topic, its count and its payload', async ({ page, serve }) => {
  await page.goto(serve.url)
  await expect(page.getByTestId('view-explorer')).toBeVisible()
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { protocolVersion: 5, clientId: 'e2e-sensor' })
  try {
    for (let i = 1; i <= 25; i++) await client.publishAsync('home/kitchen/temp', `21.${i}`, { qos: 0 })
    await client.publishAsync('home/garage/door', 'open', { qos: 2, retain: true })
    await expect(page.getByTestId('topic-count-home')).toHaveText(/26/)
    await page.getByTestId('topic-row-home').click()
    await page.keyboard.press('ArrowRight') // expand home
    await page.getByTestId('topic-row-home/kitchen').click()
    await page.keyboard.press('ArrowRight')
    await expect(page.getByTestId('topic-count-home/kitchen/temp')).toHaveText(/25/)
    await page.getByTestId('topic-row-home/kitchen/temp').click()
    await expect(page.getByTestId('topic-details')).toContainText('21.25')
    await page.getByTestId('topic-row-home/garage').click()
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('topic-row-home/garage/door').click()
    await expect(page.getByTestId('topic-details')).toContainText('open')
    await expect(page.getByTestId('topic-details')).toContainText('2') // QoS 2 as published
  } finally {
    await client.endAsync()
  }
})

test('an MQTT filter in the search box shows only the matching topics', async ({ page, serve }) => {
  await page.goto(serve.url)
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { clientId: 'e2e-search' })
  try {
    await client.publishAsync('home/kitchen/temp', '21')
    await client.publishAsync('home/hall/temp', '19')
    await client.publishAsync('home/hall/humidity', '40')
    await client.publishAsync('garden/temp', '12')
    await page.getByTestId('tree-search').fill('home/+/temp')
    await expect(page.getByTestId('tree-search-count')).toContainText('2')
    await expect(page.getByTestId('topic-row-home/kitchen/temp')).toBeVisible()
    await expect(page.getByTestId('topic-row-home/hall/temp')).toBeVisible()
    await expect(page.getByTestId('topic-row-home/hall/humidity')).toHaveCount(0)
    await expect(page.getByTestId('topic-row-garden')).toHaveCount(0)
    await page.getByTestId('tree-search').fill('home/#/temp')
    await expect(page.getByTestId('tree-search-error')).toContainText("'#' must be the last level")
  } finally {
    await client.endAsync()
  }
})

test('before any message the explorer says how to publish to the embedded broker', async ({ page, serve }) => {
  await page.goto(serve.url)
  const url = new URL(await serve.brokerUrl())
  await expect(page.getByTestId('explorer-empty')).toContainText(`mosquitto_pub -h 127.0.0.1 -p ${url.port}`)
})

test('a connection to a second broker, added in the UI, shows as its own root with its topics', async ({ page, serve }) => {
  const other = await startBrokerProcess(['-p', '0', '--data-dir', serve.dataDir + '/other', '--persistence', 'none'])
  try {
    const otherPort = Number(new URL(other.url).port)
    await page.goto(serve.url)
    await addConnectionInUi(page, 'Lab broker', otherPort)
    const client = await mqtt.connectAsync(other.url, { clientId: 'lab-sensor' })
    await client.publishAsync('lab/bench/temp', '19.5')
    await client.endAsync()
    await expect(page.getByTestId('topic-row-lab')).toBeVisible()
    await expect(page.getByTestId('topic-count-lab')).toHaveText(/1/)
  } finally {
    await other.stop()
  }
})
