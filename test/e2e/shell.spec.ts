// The app shell in Chromium against the real backend in serve mode.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { connectedClient } from '../support/raw-client'
import { expect, test } from './serve-fixture'
import { freePort } from '../support/free-port'

/**
 * settings.json as saved, or null before the first save: the Apply button is disabled from the click on,
 * before the backend has written the file, and expect.poll stops at a callback that throws.
 */
function savedSettings(dataDir: string): { appearance?: unknown; broker?: { persistence?: string } } | null {
  const path = join(dataDir, 'settings.json')
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null
}

test('the printed URL opens the shell with the live backend status', async ({ page, serve }) => {
  await page.goto(serve.url)
  await expect(page.getByTestId('status-transport')).toHaveAttribute('data-state', 'open')
  const uptime = page.getByTestId('status-uptime')
  const first = await uptime.textContent()
  await expect(uptime).not.toHaveText(first ?? '', { timeout: 5000 }) // pushed once a second
  await expect(page).not.toHaveURL(/token=/) // the token is kept off the screen after the first load
})

test('a wrong token shows a clear message instead of the app', async ({ page, serve }) => {
  const res = await page.goto(serve.url.replace(/token=.*/, 'token=wrong-token-0000'))
  expect(res?.status()).toBe(401)
  await expect(page.locator('#unauthorized')).toHaveText('This link has no valid access token')
  await expect(page.getByText('topicscope serve')).toBeVisible()
})

test('navigation, theme and language work and are saved in the data folder', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('view-settings')).toBeVisible()
  await page.getByTestId('setting-theme').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('setting-language').selectOption('fr')
  await expect(page.getByTestId('nav-settings')).toContainText('Paramètres')
  await expect.poll(() => savedSettings(serve.dataDir)?.appearance)
    .toEqual({ theme: 'dark', language: 'fr' })
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByTestId('nav-settings')).toContainText('Paramètres')
  // Each view's name fits beside its shortcut, in bold when it is the current one (French is the longest).
  await page.getByTestId('nav-explorer').click()
  expect(await page.locator('.nav-label').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent))).toEqual([])
})

test('a settings change in one tab reaches another tab', async ({ page, context, serve }) => {
  await page.goto(serve.url)
  const cookieTab = await context.newPage()
  await cookieTab.goto(serve.url.replace(/\?token=.*/, '')) // the cookie set by the first load is enough
  await expect(cookieTab.getByTestId('status-transport')).toHaveAttribute('data-state', 'open')
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('setting-theme').selectOption('light')
  await expect(cookieTab.locator('html')).toHaveAttribute('data-theme', 'light')
})

test('the status bar shows when the backend goes away', async ({ page, serve }) => {
  await page.goto(serve.url)
  await expect(page.getByTestId('status-transport')).toHaveAttribute('data-state', 'open')
  await serve.stop()
  await expect(page.getByTestId('status-transport')).toHaveAttribute('data-state', 'reconnecting')
})

test('the status bar shows the embedded broker and its clients live', async ({ page, serve }) => {
  await page.goto(serve.url)
  const broker = page.getByTestId('status-broker')
  await expect(broker).toHaveAttribute('data-state', 'running')
  const url = await serve.brokerUrl()
  await expect(broker).toContainText(url)
  await expect(broker).toContainText('1 client') // the explorer's own connection to the broker
  const client = await connectedClient(Number(new URL(url).port), { clientId: 'e2e-client', version: 5 })
  await expect(broker).toContainText('2 clients')
  client.client.end()
  await expect(broker).toContainText('1 client')
})

test('the broker port can be changed in the console, and a real client connects to the new one', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('broker-state')).toHaveAttribute('data-state', 'running')
  await page.getByTestId('settings-open-broker').click()
  const port = await freePort()
  await page.getByTestId('setting-broker-port').fill('70000')
  await expect(page.getByText('Enter a port from 1 to 65535.')).toBeVisible()
  await expect(page.getByTestId('setting-broker-apply')).toBeDisabled()
  await page.getByTestId('setting-broker-port').fill(String(port))
  await expect(page.getByTestId('broker-change-preview')).toContainText('reopen the MQTT listener')
  await page.getByTestId('setting-broker-apply').click()
  await expect(page.getByTestId('broker-state')).toContainText(`mqtt://127.0.0.1:${port}`)
  await expect(page.getByTestId('status-broker')).toContainText(`mqtt://127.0.0.1:${port}`)
  const { client, connack } = await connectedClient(port, { clientId: 'after-restart' })
  expect(connack.returnCode).toBe(0)
  client.end()
})


test('the persistence mode is chosen in the console, each with its explanation, in English and French', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('nav-broker').click()
  const mode = page.getByTestId('setting-broker-persistence')
  await expect(mode).toHaveValue('acknowledged')
  await expect(page.getByTestId('setting-broker-persistence-hint')).toContainText('stay stored until the subscriber acknowledges them')
  await mode.selectOption('queued')
  await expect(page.getByTestId('setting-broker-persistence-hint')).toContainText('a crash before its acknowledgment can lose it')
  await expect(page.getByTestId('broker-change-preview')).toContainText('restart the broker')
  await page.getByTestId('setting-broker-apply').click()
  await expect(page.getByTestId('setting-broker-apply')).toBeDisabled()
  await expect.poll(() => savedSettings(serve.dataDir)?.broker?.persistence).toBe('queued')
  await expect(page.getByTestId('broker-state')).toHaveAttribute('data-state', 'running')
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('setting-language').selectOption('fr')
  await page.getByTestId('nav-broker').click()
  await expect(page.getByTestId('setting-broker-persistence-hint')).toContainText('une panne avant l’accusé de réception peut le perdre')
})

test('in the browser, Alt+Shift+digit switches views (Ctrl+digit belongs to the browser’s tabs)', async ({ page, serve }) => {
  await page.goto(serve.url)
  await expect(page.getByTestId('nav-lab')).toContainText('Alt+Shift+3')
  await page.keyboard.press('Alt+Shift+Digit3')
  await expect(page.getByTestId('nav-lab')).toHaveAttribute('aria-current', 'page')
  await page.keyboard.press('Alt+Shift+Digit1')
  await expect(page.getByTestId('nav-explorer')).toHaveAttribute('aria-current', 'page')
})
