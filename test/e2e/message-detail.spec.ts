// The message detail and history in Chromium against serve: real MQTT.js clients publish, and the details
// pane shows the message in full (JSON tree, MQTT 5 properties, diff with the one before), the history
// rows, and a 5 MB payload's full size, loaded whole on request.
import mqtt from 'mqtt'
import { expect, test } from './serve-fixture'


test('a JSON message shows as a tree with its MQTT 5 properties and what changed since the previous one', async ({ page, serve }) => {
  await page.goto(serve.url)
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { protocolVersion: 5, clientId: 'e2e-lamp' })
  try {
    await client.publishAsync('zigbee2mqtt/lamp', JSON.stringify({ state: 'OFF', brightness: 10 }), { qos: 1 })
    await client.publishAsync('zigbee2mqtt/lamp', JSON.stringify({ state: 'ON', brightness: 254, linkquality: 96 }), {
      qos: 1, properties: { contentType: 'application/json', userProperties: { source: 'e2e' } },
    })
    await expect(page.getByTestId('topic-count-zigbee2mqtt')).toHaveText(/2/)
    await page.getByTestId('topic-row-zigbee2mqtt').click()
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('topic-row-zigbee2mqtt/lamp').click()
    await expect(page.getByTestId('json-tree')).toContainText('"state": "ON"')
    await expect(page.getByTestId('message-properties')).toContainText('application/json')
    await expect(page.getByTestId('message-properties')).toContainText('source')
    await expect(page.getByTestId('message-diff')).toContainText('state "OFF" → "ON"')
    await expect(page.getByTestId('message-diff')).toContainText('linkquality + 96')
    await expect(page.getByTestId('history-row')).toHaveCount(2)
    await page.getByTestId('history-row').nth(1).click()
    await expect(page.getByTestId('json-tree')).toContainText('"state": "OFF"')
  } finally {
    await client.endAsync()
  }
})

test('a 5 MB payload shows its full size, is marked cut, and loads whole on request', async ({ page, serve }) => {
  await page.goto(serve.url)
  const size = 5 * 1024 * 1024
  const client = await mqtt.connectAsync(await serve.brokerUrl(), { clientId: 'e2e-camera' })
  try {
    await client.publishAsync('camera/frame', Buffer.alloc(size, 'x'), { qos: 1 })
    await page.getByTestId('topic-row-camera').click()
    await page.keyboard.press('ArrowRight')
    await page.getByTestId('topic-row-camera/frame').click()
    await expect(page.getByTestId('message-size')).toHaveText(`5.0 MB (${size} bytes)`)
    await expect(page.getByTestId('message-cut')).toContainText('of 5.0 MB')
    await page.getByTestId('load-full').click()
    await expect(page.getByTestId('message-cut')).toHaveCount(0)
    const shown = await page.getByTestId('payload-body').evaluate((el) => el.textContent?.length ?? 0)
    expect(shown).toBe(size)
  } finally {
    await client.endAsync()
  }
})
