// The Explorer in Chromium against serve: real clients publish to the embedded broker and the live tree
// shows their topics, counts, QoS and payloads.
import mqtt from 'mqtt'
import { expect, test } from './serve-fixture'

function brokerUrl(output: string): string {
  return /MQTT broker (mqtt:\/\/\S+)/.exec(output)![1]!
}

test('an external MQTT.js client publishes and the tree shows the topic, its count and its payload', async ({ page, serve }) => {
  await page.goto(serve.url)
  await expect(page.getByTestId('view-explorer')).toBeVisible()
  const client = await mqtt.connectAsync(brokerUrl(serve.output()), { protocolVersion: 5, clientId: 'e2e-sensor' })
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

test('before any message the explorer says how to publish to the embedded broker', async ({ page, serve }) => {
  await page.goto(serve.url)
  const url = new URL(brokerUrl(serve.output()))
  await expect(page.getByTestId('explorer-empty')).toContainText(`mosquitto_pub -h 127.0.0.1 -p ${url.port}`)
})
