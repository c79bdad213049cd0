// Problems the backend survives are shown, not hidden: a corrupt settings file becomes a warning banner.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

test('a corrupt settings file is moved aside and the UI says so until dismissed', async ({ page }) => {
  const data = makeTempDir('topicscope-e2e-')
  writeFileSync(join(data.path, 'settings.json'), '{"schemaVersion": 1, "appearance": {') // cut short, as after a crash
  const serve = await startServe(['--port', '0', '--mqtt-port', '0', '--data-dir', data.path])
  try {
    expect(serve.output()).toContain('The settings file')
    await page.goto(serve.url)
    const banner = page.getByTestId('warning-settings-corrupt')
    await expect(banner).toContainText('settings.json.corrupt-')
    expect(readdirSync(data.path).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true)
    await banner.getByRole('button').click()
    await expect(banner).toHaveCount(0)
    await page.reload()
    await expect(page.getByTestId('status-transport')).toHaveAttribute('data-state', 'open')
    await expect(page.getByTestId('warning-settings-corrupt')).toHaveCount(0)
    expect(existsSync(join(data.path, 'settings.json'))).toBe(false) // defaults are not written until a change
  } finally {
    await serve.stop()
    data.remove()
  }
})

test('a busy MQTT port leaves the web UI running and says why the broker is down', async ({ page }) => {
  const data = makeTempDir('topicscope-e2e-')
  const blocker = createServer()
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
  const port = (blocker.address() as { port: number }).port
  const serve = await startServe(['--port', '0', '--mqtt-port', String(port), '--data-dir', data.path])
  try {
    await page.goto(serve.url)
    await expect(page.getByTestId('warning-broker-failed')).toContainText(`Port ${port} is in use`)
    await expect(page.getByTestId('status-broker')).toHaveAttribute('data-state', 'failed')
  } finally {
    await serve.stop()
    blocker.close()
    data.remove()
  }
})
