// Adds a connection to another broker through the UI, as a user does, and waits until it is connected.
import { expect, type Page } from '@playwright/test'

export async function addConnectionInUi(page: Page, name: string, port: number): Promise<void> {
  await page.getByTestId('new-connection').click()
  await page.getByTestId('conn-name').fill(name)
  await page.getByTestId('conn-host').fill('127.0.0.1')
  await page.getByTestId('conn-port').fill(String(port))
  await page.getByTestId('conn-save').click()
  await expect(page.locator('[data-testid^="connection-root-"]').filter({ hasText: name })).toContainText('Connected')
}
