// The web transport over a real socket on 127.0.0.1: pages need the token, invokes round-trip with
// request ids, pushes arrive, and malformed frames get an error frame while the server keeps serving.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer } from 'node:net'
import { startWebServer, type WebServer } from '../../../electron/web/server'
import { silentLogger } from '../../../electron/core/support/logger'
import type { Result } from '../../../shared/model/app-error'
import { makeTempDir } from '../../support/temp-dir'
import { openTestSocket } from '../../support/ws-client'

const TOKEN = 'test-token-1234567890'

describe('web server', () => {
  let dir: ReturnType<typeof makeTempDir>
  let server: WebServer
  const calls: Array<{ channel: string; req: unknown }> = []

  beforeEach(async () => {
    dir = makeTempDir()
    mkdirSync(join(dir.path, 'assets'))
    writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Topicscope</title>')
    writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir.path, '..', 'secret.txt'), 'outside') // must never be served
    calls.length = 0
    server = await startWebServer({
      host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: dir.path, log: silentLogger,
      dispatch: async (channel, req): Promise<Result<unknown>> => {
        calls.push({ channel, req })
        if (channel === 'app:status') return { ok: true, value: { echo: req } }
        return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel: ${channel}` } }
      },
    })
  })

  afterEach(async () => {
    await server.close()
    dir.remove()
  })

  const base = () => `http://127.0.0.1:${server.port}`
  const wsUrl = (token: string | null) => `ws://127.0.0.1:${server.port}/ws${token === null ? '' : `?token=${token}`}`

  it('prints a URL that carries the token and binds the requested host', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
  })

  it('serves the page with the token and sets an HttpOnly cookie for the assets', async () => {
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>Topicscope</title>')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toContain(`=${TOKEN}`)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    const asset = await fetch(`${base()}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toContain('javascript')
  })

  it.each([
    ['a missing token', '/'],
    ['a wrong token', '/?token=wrong-token-123456'],
    ['an asset without the token', '/assets/app.js'],
  ])('refuses %s with 401 and a page that says what to do', async (_name, path) => {
    const res = await fetch(base() + path)
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(text).toContain('no valid access token')
    expect(text).not.toContain('console.log')
  })

  it('answers 401 in French for a browser that prefers French', async () => {
    const res = await fetch(base() + '/', { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } })
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('jeton d’accès')
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${base()}${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`)
      expect(res.status).toBe(404)
    }
  })

  it('round-trips an invoke with its request id', async () => {
    const sock = await openTestSocket(wsUrl(TOKEN))
    sock.send({ t: 'invoke', id: 7, channel: 'app:status', req: { n: 1, bytes: Uint8Array.of(1, 2, 3) } })
    const frame = await sock.next((f) => f.t === 'result')
    expect(frame).toMatchObject({ t: 'result', id: 7, result: { ok: true, value: { echo: { n: 1 } } } })
    expect((frame.result as { value: { echo: { bytes: Uint8Array } } }).value.echo.bytes).toEqual(Uint8Array.of(1, 2, 3))
    sock.ws.close()
  })

  it('accepts the token from the cookie set by the page', async () => {
    const res = await fetch(server.url)
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
    const sock = await openTestSocket(wsUrl(null), { cookie })
    sock.send({ t: 'invoke', id: 1, channel: 'app:status', req: null })
    expect(await sock.next()).toMatchObject({ t: 'result', id: 1 })
    sock.ws.close()
  })

  it('delivers pushes to every connected tab', async () => {
    const a = await openTestSocket(wsUrl(TOKEN))
    const b = await openTestSocket(wsUrl(TOKEN))
    server.push.send('app:navigate', { view: 'settings' })
    for (const sock of [a, b]) {
      expect(await sock.next((f) => f.t === 'push')).toEqual({ t: 'push', channel: 'app:navigate', payload: { view: 'settings' } })
      sock.ws.close()
    }
  })

  it('closes a socket with a wrong or missing token with code 4401 and runs nothing', async () => {
    for (const token of ['wrong-token-123456', null]) {
      const sock = await openTestSocket(wsUrl(token))
      sock.send({ t: 'invoke', id: 1, channel: 'app:status', req: null })
      expect((await sock.closed).code).toBe(4401)
    }
    expect(calls).toEqual([])
  })

  it('refuses a WebSocket from a foreign origin', async () => {
    await expect(openTestSocket(wsUrl(TOKEN), { origin: 'http://evil.example' })).rejects.toThrow(/403/)
  })

  it.each([
    ['bytes that are not MessagePack', Buffer.from([0xc1]), /Malformed frame/],
    ['a text frame', 'hello', /binary MessagePack/],
    ['a frame that is not an object', Buffer.from([0x92, 0x01, 0x02]), /must be an object/],
  ])('answers %s with an error frame and keeps serving', async (_name, data, message) => {
    const sock = await openTestSocket(wsUrl(TOKEN))
    sock.sendRaw(data)
    const error = await sock.next()
    expect(error).toMatchObject({ t: 'error', id: null, error: { code: 'bad-request' } })
    expect((error.error as { message: string }).message).toMatch(message)
    sock.send({ t: 'invoke', id: 2, channel: 'app:status', req: null })
    expect(await sock.next()).toMatchObject({ t: 'result', id: 2, result: { ok: true } })
    sock.ws.close()
  })

  it('answers an invoke frame without a valid id with an error frame', async () => {
    const sock = await openTestSocket(wsUrl(TOKEN))
    sock.send({ t: 'invoke', id: -1, channel: 'app:status' })
    expect(await sock.next()).toMatchObject({ t: 'error', error: { code: 'bad-request', message: expect.stringMatching(/integer id/) } })
    sock.ws.close()
  })

  it('reports an unknown channel as a failed Result', async () => {
    const sock = await openTestSocket(wsUrl(TOKEN))
    sock.send({ t: 'invoke', id: 3, channel: 'nope:nope', req: null })
    expect(await sock.next()).toMatchObject({ t: 'result', id: 3, result: { ok: false, error: { code: 'unknown-channel' } } })
    sock.ws.close()
  })
})

describe('web server start-up errors', () => {
  it('says which port is busy and which flag changes it', async () => {
    const dir = makeTempDir()
    writeFileSync(join(dir.path, 'index.html'), '')
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    await expect(startWebServer({ host: '127.0.0.1', port, token: TOKEN, rendererDir: dir.path, log: silentLogger,
      dispatch: async () => ({ ok: true, value: null }) })).rejects.toMatchObject({
      code: 'port-in-use', message: `Port ${port} is in use: pick another with --port` })
    blocker.close()
    dir.remove()
  })

  it('says the UI is not built when index.html is missing', async () => {
    const dir = makeTempDir()
    await expect(startWebServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: dir.path, log: silentLogger,
      dispatch: async () => ({ ok: true, value: null }) })).rejects.toThrow(/npm run build/)
    dir.remove()
  })
})
