// Playwright fixture: a real `topicscope serve` child process per test, on a free port, with its own data folder.
import { test as base } from '@playwright/test'
import { startServe, type ServeProcess } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

export const test = base.extend<{ serve: ServeProcess & { dataDir: string } }>({
  serve: async ({}, use) => {
    const data = makeTempDir('topicscope-e2e-')
    const serve = await startServe(['--port', '0', '--mqtt-port', '0', '--data-dir', data.path])
    await use(Object.assign(serve, { dataDir: data.path }))
    await serve.stop()
    data.remove()
  },
})

export { expect } from '@playwright/test'
