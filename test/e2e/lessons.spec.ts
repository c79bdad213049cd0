// The QoS lab's guided lessons in Chromium against serve: lessons 4 (QoS 1), 5 (QoS 2) and 7 (the three
// persistence modes, with broker restarts) run end to end with "show me", each step checked against the
// real packets, the diagram (and lesson 5's SVG and Mermaid exports) showing the expected arrows; one
// lesson in French; progress kept.
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from './serve-fixture'

async function runLesson(page: Page, id: string, steps: number): Promise<void> {
  await page.getByTestId(`lesson-open-${id}`).click()
  for (let i = 0; i < steps; i++) {
    await expect(page.getByTestId('lesson-show-me')).toBeEnabled({ timeout: 15_000 })
    await page.getByTestId('lesson-show-me').click()
    await expect(page.getByTestId('lesson-passed')).toBeVisible({ timeout: 15_000 })
    if (i < steps - 1) await page.getByTestId('lesson-next').click()
  }
  await expect(page.getByTestId('lesson-complete')).toBeVisible()
}

const arrows = (page: Page, cmd: string) => page.locator(`[data-testid="lab-arrow"][data-cmd="${cmd}"]`)

test('lesson 4 (QoS 1): a lost PUBACK makes a duplicate with DUP, drawn from the real packets', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  await runLesson(page, 'qos1', 2)
  await expect(page.getByTestId('lesson-seen')).toContainText('at least once')
  await expect(page.getByTestId('lab-lost')).toHaveCount(1)
  await expect(page.getByTestId('lab-diagram')).toContainText('DUP lab/door')
  await expect(page.getByTestId('lab-received-phone')).toContainText('QoS 1, DUP')
})

test('lesson 5 (QoS 2): four packets per leg, and a re-sent PUBLISH delivered once', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  await runLesson(page, 'qos2', 2)
  await expect(page.getByTestId('lesson-seen')).toContainText('exactly once')
  for (const cmd of ['pubrec', 'pubrel', 'pubcomp']) await expect(arrows(page, cmd).first()).toBeVisible()
  // One message per step: 'open', then 'locked' once although its PUBLISH came twice.
  await expect(page.getByTestId('lab-received-phone')).toContainText('2 received')
  expect((await page.getByTestId('lab-received-phone').textContent())!.match(/locked/g)).toHaveLength(1)
  await expect(page.getByTestId('lab-diagram')).toContainText('[lost]')
  // The exports hold the same arrows as the diagram.
  const svgDownload = page.waitForEvent('download')
  await page.getByTestId('lab-export-svg').click()
  const svg = readFileSync((await (await svgDownload).path())!, 'utf8')
  for (const label of ['PUBREC', 'PUBREL', 'PUBCOMP', 'lab/door']) expect(svg).toContain(label)
  const mermaidDownload = page.waitForEvent('download')
  await page.getByTestId('lab-export-mermaid').click()
  const mermaid = readFileSync((await (await mermaidDownload).path())!, 'utf8')
  expect(mermaid).toMatch(/Broker->>C\d+_phone: PUBLISH id \d+ QoS 2 lab\/door/)
  for (const cmd of ['PUBREC', 'PUBREL', 'PUBCOMP']) expect(mermaid).toContain(cmd)
})

test('lesson 7 (persistence): a restart loses the session in memory, keeps it when stored, and re-sends what was never acknowledged', async ({ page, serve }) => {
  test.setTimeout(60_000)
  await page.goto(serve.url)
  await page.getByTestId('nav-lab').click()
  await runLesson(page, 'persistence', 3)
  await expect(page.getByTestId('lab-received-phone')).toContainText('unacknowledged (QoS 1, DUP)')
  // The diagram shows the re-sent PUBLISH with DUP after the restart, and its PUBACK.
  await expect(page.getByTestId('lab-diagram')).toContainText('DUP')
  await expect(arrows(page, 'puback').first()).toBeVisible()
  // Progress is kept by the backend: after a reload the lesson is listed as completed.
  await page.reload()
  await page.getByTestId('nav-lab').click()
  await expect(page.getByTestId('lessons')).toContainText('7. The three persistence modes ✓ completed')
})

test('a lesson in French: la QoS 0, au plus une fois', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('setting-language').selectOption('fr')
  await page.getByTestId('nav-lab').click()
  await page.getByTestId('lesson-open-qos0').click()
  await expect(page.getByTestId('lesson')).toContainText('La QoS 0, c’est un PUBLISH et rien d’autre')
  await page.getByTestId('lesson-show-me').click()
  await expect(page.getByTestId('lesson-passed')).toHaveText('Réussi\u00a0!')
  await page.getByTestId('lesson-next').click()
  await page.getByTestId('lesson-show-me').click()
  await expect(page.getByTestId('lesson-seen')).toContainText('au plus une fois, c’est parfois jamais')
  await expect(page.getByTestId('lesson-complete')).toHaveText('Leçon terminée')
})
