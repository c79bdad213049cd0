// Publishing from the UI in Chromium against serve: an external MQTT.js subscriber receives what the form
// sends, with its QoS, retain flag and MQTT 5 properties; an invalid topic is explained before sending.
import mqtt from 'mqtt'
import { expect, test } from './serve-fixture'


test('a message published from the UI reaches an external subscriber, with QoS, retain and MQTT 5 properties', async ({ page, serve }) => {
  const subscriber = await mqtt.connectAsync(await serve.brokerUrl(), { protocolVersion: 5, clientId: 'e2e-listener' })
  try {
    const received = new Promise<{ topic: string; payload: string; packet: mqtt.IPublishPacket }>((resolve) => {
      subscriber.on('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), packet }))
    })
    await subscriber.subscribeAsync('garden/#', { qos: 2 })
    await page.goto(serve.url)
    await expect(page.locator('[data-testid^="connection-root-"]').filter({ hasText: 'Embedded broker' })).toContainText('Connected')
    await page.getByTestId('publish-open').click()
    await page.getByTestId('publish-topic').fill('garden/+/valve')
    await expect(page.getByTestId('publish-topic-error')).toContainText("Topic names cannot contain '+' (level 2)")
    await expect(page.getByTestId('publish-send')).toBeDisabled()
    await page.getByTestId('publish-topic').fill('garden/pump/valve')
    await page.getByTestId('publish-format-json').click()
    await page.getByTestId('publish-payload').fill('{"open": true, "minutes": 15}')
    await page.getByTestId('publish-qos').selectOption('2')
    await page.getByTestId('publish-retain').check()
    await page.locator('.publish-props > summary').click()
    await page.getByTestId('publish-content-type').fill('application/json')
    await page.getByTestId('publish-send').click()
    await expect(page.getByTestId('publish-result')).toContainText('the broker answered Success')
    const message = await received
    expect(message.topic).toBe('garden/pump/valve')
    expect(JSON.parse(message.payload)).toEqual({ open: true, minutes: 15 })
    expect(message.packet.qos).toBe(2)
    expect(message.packet.properties?.contentType).toBe('application/json')
    // Retained: a subscriber that arrives later gets it too.
    const late = await mqtt.connectAsync(await serve.brokerUrl(), { clientId: 'e2e-late' })
    const retained = new Promise<boolean>((resolve) => late.on('message', (_t, _p, packet) => resolve(packet.retain)))
    await late.subscribeAsync('garden/pump/valve')
    expect(await retained).toBe(true)
    await late.endAsync()
  } finally {
    await subscriber.endAsync()
  }
})
