// Playwright fixture: a real `topicscope serve` child process per test, on a free port, with its own data folder.
import { test as base } from '@playwright/test'
import { startServe, type ServeProcess } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

export interface ServeFixture extends ServeProcess {
  dataDir: string
  /** The embedded broker's mqtt:// URL, once serve has printed it (it may come after the web URL). */
  brokerUrl(): Promise<string>
}

const BROKER_LINE = /MQTT broker (mqtt:\/\/\S+)/
const BROKER_LINE_TIMEOUT_MS = 10_000

export const test = base.extend<{ serve: ServeFixture }>({
  serve: async ({}, use) => {
    const data = makeTempDir('topicscope-e2e-')
    const serve = await startServe(['--port', '0', '--mqtt-port', '0', '--data-dir', data.path])
    const brokerUrl = async (): Promise<string> => {
      const deadline = Date.now() + BROKER_LINE_TIMEOUT_MS
      for (;;) {
        const found = BROKER_LINE.exec(serve.output())?.[1]
        if (found !== undefined) return found
        if (Date.now() > deadline) throw new Error(`serve printed no broker URL:\n${serve.output()}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    await use(Object.assign(serve, { dataDir: data.path, brokerUrl }))
    await serve.stop()
    data.remove()
  },
})

export { expect, type Page } from '@playwright/test'
