// The QoS lab in Chromium against serve, with real MQTT.js clients: a QoS 2 publish to a QoS 1 subscriber
// drawn as its real packets, the message's life with the lowered QoS explained, pause and step, and the
// SVG and Mermaid exports holding the same arrows.
import { readFileSync } from 'node:fs'
import mqtt from 'mqtt'
import { startBrokerProcess } from '../support/serve-process'
import { addConnectionInUi } from './add-connection'
import { expect, test } from './serve-fixture'

test('a QoS 2 message to a QoS 1 subscriber is drawn from its real packets, explained, stepped and exported', async ({ page, serve }) => {
  const url = await serve.brokerUrl()
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  const phone = await mqtt.connectAsync(url, { clientId: 'e2e-phone', protocolVersion: 5 })
  const sensor = await mqtt.connectAsync(url, { clientId: 'e2e-door', protocolVersion: 5 })
  try {
    await phone.subscribeAsync('door/#', { qos: 1 })
    await sensor.publishAsync('door/front', 'open', { qos: 2 })
    const arrows = page.getByTestId('lab-arrow')
    for (const cmd of ['publish', 'pubrec', 'pubrel', 'pubcomp', 'puback']) await expect(arrows.and(page.locator(`[data-cmd="${cmd}"]`)).first()).toBeVisible()
    await expect(arrows.and(page.locator('[data-cmd="publish"]'))).toHaveCount(2) // the publisher's and the delivery
    await expect(page.getByTestId('lab-diagram')).toContainText('PUBLISH')
    await expect(page.getByTestId('lab-diagram')).toContainText('QoS 2 door/front')

    await arrows.and(page.locator('[data-cmd="pubrel"]')).click()
    await expect(page.getByTestId('lab-flow')).toContainText('published by e2e-door with QoS 2')
    await expect(page.getByTestId('lab-flow-leg')).toHaveCount(2)
    await expect(page.getByTestId('lab-flow-lowered')).toContainText('QoS lowered from 2 to 1')

    // Topicscope's own Explorer connection is hidden unless asked for.
    await expect(page.getByTestId('lab-diagram')).not.toContainText('topicscope_')

    await page.getByTestId('lab-live').click() // pause
    const position = page.getByTestId('lab-position')
    const before = await position.textContent()
    await page.getByTestId('lab-step-back').click()
    await expect(position).not.toHaveText(before!)
    await page.getByTestId('lab-step').click()
    await expect(position).toHaveText(before!)

    const svgDownload = page.waitForEvent('download')
    await page.getByTestId('lab-export-svg').click()
    const svg = readFileSync((await (await svgDownload).path())!, 'utf8')
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    for (const label of ['PUBLISH', 'PUBREC', 'PUBREL', 'PUBCOMP', 'PUBACK', 'door/front']) expect(svg).toContain(label)

    const mermaidDownload = page.waitForEvent('download')
    await page.getByTestId('lab-export-mermaid').click()
    const mermaid = readFileSync((await (await mermaidDownload).path())!, 'utf8')
    expect(mermaid.split('\n')[0]).toBe('sequenceDiagram')
    expect(mermaid).toMatch(/C\d+_e2e_door->>Broker: PUBLISH id \d+ QoS 2 door\/front/)
    expect(mermaid).toMatch(/Broker->>C\d+_e2e_phone: PUBLISH id \d+ QoS 1 door\/front/)
    expect(mermaid).toMatch(/C\d+_e2e_phone->>Broker: PUBACK id \d+/)

    const pngDownload = page.waitForEvent('download')
    await page.getByTestId('lab-export-png').click()
    const png = readFileSync((await (await pngDownload).path())!)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  } finally {
    await Promise.all([phone.endAsync(), sensor.endAsync()])
  }
})

test('virtual clients and a dropped PUBACK: the loss is marked, and a reconnect brings the message again with DUP', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  await page.getByTestId('lab-client-id').fill('phone')
  await page.getByTestId('lab-client-persistent').check()
  await page.getByTestId('lab-client-subs').fill('lab/# 1')
  await page.getByTestId('lab-client-add').click()
  await expect(page.getByTestId('lab-client-phone')).toHaveAttribute('data-state', 'connected')
  await page.getByTestId('lab-client-id').fill('sensor')
  await page.getByTestId('lab-client-subs').fill('')
  await page.getByTestId('lab-client-add').click()
  await expect(page.getByTestId('lab-client-sensor')).toHaveAttribute('data-state', 'connected')

  await page.getByTestId('lab-fault-client').selectOption('phone')
  await page.getByTestId('lab-fault-action').selectOption('drop-next')
  await page.getByTestId('lab-fault-cmd').selectOption('puback')
  await page.getByTestId('lab-fault-direction').selectOption('in')
  await page.getByTestId('lab-fault-add').click()
  await expect(page.getByTestId('lab-faults')).toContainText('Drop the next · PUBACK · coming in · phone')
  await page.getByTestId('lab-publish-sensor').click()
  await expect(page.getByTestId('lab-lost')).toHaveCount(1)
  await expect(page.getByTestId('lab-received-phone')).toContainText('1 received')

  await page.getByTestId('lab-cut-phone').click()
  await expect(page.getByTestId('lab-client-phone')).toHaveAttribute('data-state', 'disconnected')
  await page.getByTestId('lab-reconnect-phone').click()
  await expect(page.getByTestId('lab-received-phone')).toContainText('2 received')
  await expect(page.getByTestId('lab-received-phone')).toContainText('QoS 1, DUP')
  await expect(page.getByTestId('lab-client-phone')).toContainText('Session Present')
  await expect(page.getByTestId('lab-diagram')).toContainText('DUP lab/demo')
})

test('an Explorer connection to another broker is traced as seen from this side', async ({ page, serve }) => {
  const other = await startBrokerProcess(['-p', '0', '--data-dir', serve.dataDir + '/other', '--persistence', 'none'])
  const sensor = await mqtt.connectAsync(other.url, { clientId: 'remote-sensor', protocolVersion: 5 })
  try {
    const otherPort = Number(new URL(other.url).port)
    await page.goto(serve.url)
    await addConnectionInUi(page, 'Remote lab', otherPort)

    await page.getByTestId('nav-lab').click()
    await page.getByTestId('lab-source').selectOption({ label: `Connection “Remote lab” (mqtt://127.0.0.1:${otherPort})` })
    await expect(page.getByTestId('lab-seen-from-this-side')).toContainText(`Seen from this side: the packets this connection sent to mqtt://127.0.0.1:${otherPort}`)
    await sensor.publishAsync('remote/door', 'open', { qos: 1 })
    const arrows = page.getByTestId('lab-arrow')
    await expect(arrows.and(page.locator('[data-cmd="publish"]'))).toHaveCount(1)
    await expect(arrows.and(page.locator('[data-cmd="puback"]'))).toHaveCount(1)
    await expect(page.getByTestId('lab-diagram')).toContainText('QoS 1 remote/door')
    await expect(page.getByTestId('lab-diagram')).toContainText(`mqtt://127.0.0.1:${otherPort}`)
    // Only this connection's side: the other broker's publisher is not drawn.
    await expect(page.getByTestId('lab-diagram')).not.toContainText('remote-sensor')
    // A message's detail says where it came from, not "published by the broker itself".
    await arrows.and(page.locator('[data-cmd="publish"]')).click()
    await expect(page.getByTestId('lab-flow')).toContainText(`remote/door received from mqtt://127.0.0.1:${otherPort} with QoS 1`)
  } finally {
    await sensor.endAsync()
    await other.stop()
  }
})
