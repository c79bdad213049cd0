// Smoke test of the real `topicscope` command as a child process: help, version, bad flags,
// serve on a free port answering with its token, a busy port, and a clean stop on SIGTERM.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runHeadless, startServe, type ServeProcess } from '../support/serve-process'
import { makeTempDir } from '../support/temp-dir'

const version = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version as string

describe('topicscope (headless entry)', () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('--version prints the package version', async () => {
    expect(await runHeadless(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it('--help lists the serve command and its flags', async () => {
    const main = await runHeadless(['--help'])
    expect(main.code).toBe(0)
    expect(main.stdout).toContain('topicscope serve')
    const serve = await runHeadless(['serve', '--help'])
    expect(serve.stdout).toMatch(/--port[\s\S]*--host[\s\S]*--token[\s\S]*--data-dir/)
  })

  it('a bad flag exits 2 with a sentence and a pointer to the help that answers it', async () => {
    const res = await runHeadless(['serve', '--prot', '80'])
    expect(res.code).toBe(2)
    expect(res.stderr).toBe("topicscope: Unknown option '--prot'.\nRun 'topicscope serve --help' for usage.\n")
    const top = await runHeadless(['--prot'])
    expect(top.stderr).toBe("topicscope: Unknown option '--prot'.\nRun 'topicscope --help' for usage.\n")
  })

  it('serve prints a URL with a token that opens the UI, refuses a wrong one, and stops on SIGTERM', async () => {
    const data = makeTempDir()
    cleanups.push(() => data.remove())
    const serve: ServeProcess = await startServe(['--port', '0', '--mqtt-port', '0', '--data-dir', data.path])
    cleanups.push(() => serve.stop())
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
    const page = await fetch(serve.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
    expect((await fetch(serve.url.replace(/token=.*/, 'token=nope-nope-nope'))).status).toBe(401)
    expect(serve.output()).toContain(`Data folder ${data.path}`)
    expect(await serve.stop()).toBe(0)
  })

  it('serve on a busy port exits 1 with "Port N is in use: pick another with --port"', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise((r) => blocker.close(r)))
    const port = (blocker.address() as { port: number }).port
    const data = makeTempDir()
    cleanups.push(() => data.remove())
    const res = await runHeadless(['serve', '--port', String(port), '--data-dir', data.path])
    expect(res.code).toBe(1)
    expect(res.stderr).toBe(`topicscope: Port ${port} is in use: pick another with --port\n`)
  })

  it('serve --host 0.0.0.0 warns that the UI is open to the network', async () => {
    const data = makeTempDir()
    cleanups.push(() => data.remove())
    const serve = await startServe(['--port', '0', '--mqtt-port', '0', '--host', '0.0.0.0', '--data-dir', data.path])
    cleanups.push(() => serve.stop())
    await expect.poll(() => serve.output()).toContain('anyone on your network who has the token can use it')
  })
})
