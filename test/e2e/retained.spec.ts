// Clearing a retained subtree in Chromium against serve: the confirmation counts the topics, a new MQTT.js
// subscriber then gets no retained message, and undo brings them back.
import mqtt from 'mqtt'
import { expect, test } from './serve-fixture'

async function retainedTopics(url: string, filter: string): Promise<string[]> {
  const client = await mqtt.connectAsync(url, { clientId: `probe-${Date.now()}` })
  const got: string[] = []
  client.on('message', (topic, _payload, packet) => { if (packet.retain) got.push(topic) })
  await client.subscribeAsync(filter)
  await new Promise((resolve) => setTimeout(resolve, 300))
  await client.endAsync()
  return got.sort()
}

test('clearing a retained subtree removes it for new subscribers, and undo brings it back', async ({ page, serve }) => {
  const url = await serve.brokerUrl()
  const publisher = await mqtt.connectAsync(url, { clientId: 'e2e-retainer' })
  try {
    for (const room of ['hall', 'kitchen', 'office']) await publisher.publishAsync(`home/${room}/config`, `{"room":"${room}"}`, { qos: 1, retain: true })
    await page.goto(serve.url)
    await expect(page.getByTestId('topic-count-home')).toHaveText(/3/)
    await page.getByTestId('topic-row-home').click()
    await page.getByTestId('clear-retained-below').click()
    await expect(page.getByTestId('clear-confirm')).toContainText('Clear 3 retained messages at or below home?')
    await page.getByTestId('clear-confirm-yes').click()
    await expect(page.getByTestId('clear-banner')).toContainText('Cleared 3 retained messages.')
    expect(await retainedTopics(url, 'home/#')).toEqual([])
    await page.getByTestId('clear-undo').click()
    await expect(page.getByTestId('clear-banner')).toContainText('Restored 3 retained messages.')
    expect(await retainedTopics(url, 'home/#')).toEqual(['home/hall/config', 'home/kitchen/config', 'home/office/config'])
  } finally {
    await publisher.endAsync()
  }
})
