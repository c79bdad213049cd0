// `topicscope serve`'s front door: serves the built renderer over HTTP and carries the same Api as the
// Electron preload over one WebSocket (invokes with request ids, and pushes). Token required; binds
// 127.0.0.1 unless told otherwise. Bad frames get an error frame, never a crash.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { stat } from 'node:fs/promises'
import { decode, encode } from '@msgpack/msgpack'
import { WebSocketServer, type WebSocket } from 'ws'
import type { PushChannel, Pushes, Result } from '../../shared/ipc/contract'
import { parseInvokeFrame, WEB_CLOSE_UNAUTHORIZED, WEB_SOCKET_PATH, type ServerFrame } from '../../shared/ipc/web-frames'
import type { PushTarget } from '../core/push-hub'
import { AppFailure } from '../core/support/app-failure'
import type { Logger } from '../core/support/logger'
import { readStaticFile } from './static-files'
import { preferredLanguage, unauthorizedPage } from './unauthorized-page'
import { readCookie, tokenCookieName, tokenMatches } from './web-token'

/** Largest frame a page may send; far above any request, small enough to bound memory. */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024
/** A tab whose socket has this much unsent data skips pushes until it drains (counted in the log). */
export const MAX_BUFFERED_PUSH_BYTES = 8 * 1024 * 1024

const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface WebServerOptions {
  host: string
  port: number
  token: string
  rendererDir: string
  log: Logger
  /** Runs one invoke; must always resolve with a Result. */
  dispatch(channel: string, req: unknown): Promise<Result<unknown>>
  /** Told how many tabs are connected, for the status bar. */
  onClientCount?(count: number): void
}

export interface WebServer {
  /** The address to open, with the token. */
  url: string
  port: number
  /** Sends a push to every connected tab. */
  push: PushTarget
  close(): Promise<void>
}

/** Starts listening; rejects with AppFailure('port-in-use') and a sentence the CLI prints as is. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  await assertRendererBuilt(opts.rendererDir)
  let port = opts.port
  const clients = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })

  const authorized = (req: IncomingMessage, url: URL) =>
    tokenMatches(opts.token, url.searchParams.get('token')) ||
    tokenMatches(opts.token, readCookie(req.headers.cookie, tokenCookieName(port)))

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((err) => {
      opts.log.error('Web request failed', err)
      if (!res.headersSent) res.writeHead(500).end('Internal error')
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer') // the token must not leak through Referer
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    if (!authorized(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" })
      res.end(unauthorizedPage(preferredLanguage(req.headers['accept-language'])))
      return
    }
    const file = await readStaticFile(opts.rendererDir, url.pathname)
    if (file === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    const queryToken = url.searchParams.get('token')
    if (queryToken !== null) {
      // HttpOnly and SameSite=Strict: scripts cannot read it and other sites cannot send it.
      res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${encodeURIComponent(queryToken)}; HttpOnly; SameSite=Strict; Path=/`)
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      'Content-Security-Policy': PAGE_CSP,
      'X-Frame-Options': 'DENY',
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== WEB_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    const origin = req.headers.origin
    if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
      opts.log.warn(`Refused a WebSocket from foreign origin ${origin}`)
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    const ok = authorized(req, url)
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!ok) {
        // Completing the handshake lets the page tell "wrong token" from "backend down".
        ws.close(WEB_CLOSE_UNAUTHORIZED, 'Missing or wrong token')
        return
      }
      attach(ws)
    })
  })

  function attach(ws: WebSocket): void {
    clients.add(ws)
    opts.onClientCount?.(clients.size)
    ws.on('error', (err) => opts.log.warn(`Web UI socket error: ${err.message}`))
    ws.on('close', () => {
      clients.delete(ws)
      opts.onClientCount?.(clients.size)
    })
    ws.on('message', (data, isBinary) => void onFrame(ws, data, isBinary))
  }

  async function onFrame(ws: WebSocket, data: unknown, isBinary: boolean): Promise<void> {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(encode(frame))
    }
    if (!isBinary) {
      send({ t: 'error', id: null, error: { code: 'bad-request', message: 'Frames must be binary MessagePack.' } })
      return
    }
    let decoded: unknown
    try {
      decoded = decode(toBytes(data))
    } catch (err) {
      send({ t: 'error', id: null, error: { code: 'bad-request', message: `Malformed frame: ${(err as Error).message}` } })
      return
    }
    const frame = parseInvokeFrame(decoded)
    if (typeof frame === 'string') {
      const id = typeof (decoded as { id?: unknown })?.id === 'number' ? (decoded as { id: number }).id : null
      send({ t: 'error', id, error: { code: 'bad-request', message: frame } })
      return
    }
    const result = await opts.dispatch(frame.channel, frame.req)
    send({ t: 'result', id: frame.id, result })
  }

  let droppedPushes = 0
  const push: PushTarget = {
    send<C extends PushChannel>(channel: C, payload: Pushes[C]) {
      if (clients.size === 0) return
      const bytes = encode({ t: 'push', channel, payload } satisfies ServerFrame)
      for (const ws of clients) {
        if (ws.readyState !== ws.OPEN) continue
        if (ws.bufferedAmount > MAX_BUFFERED_PUSH_BYTES) {
          if (++droppedPushes % 100 === 1) opts.log.warn(`A slow web UI tab is skipping pushes (${droppedPushes} so far)`)
          continue
        }
        ws.send(bytes)
      }
    },
  }

  await listen(server, opts.host, opts.port)
  port = (server.address() as AddressInfo).port
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host
  return {
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(opts.token)}`,
    port,
    push,
    close: () => new Promise<void>((resolve) => {
      for (const ws of clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** A plain Uint8Array view: decoded byte fields must not be Node Buffers (the model says Uint8Array). */
function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  const buf = Array.isArray(data) ? Buffer.concat(data as Buffer[]) : (data as Buffer)
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

async function assertRendererBuilt(dir: string): Promise<void> {
  try {
    await stat(join(dir, 'index.html'))
  } catch {
    throw new AppFailure('not-found', `The web UI is not built (no ${join(dir, 'index.html')}): run \`npm run build\` first.`)
  }
}

/** Listens, translating Node's errors into sentences a user can act on. */
export function listen(server: { listen(port: number, host: string): unknown; once(event: 'error' | 'listening', fn: (err?: NodeJS.ErrnoException) => void): unknown; off(event: 'error' | 'listening', fn: (err?: NodeJS.ErrnoException) => void): unknown },
                       host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err?: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(translateListenError(err, host, port))
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/** EADDRINUSE → 'port-in-use' with the flag to change; other errors keep Node's text. */
export function translateListenError(err: NodeJS.ErrnoException | undefined, host: string, port: number): AppFailure {
  switch (err?.code) {
    case 'EADDRINUSE': return new AppFailure('port-in-use', `Port ${port} is in use: pick another with --port`)
    case 'EACCES': return new AppFailure('port-in-use', `Port ${port} needs administrator rights: pick one above 1023 with --port`)
    case 'EADDRNOTAVAIL': return new AppFailure('bad-request', `Cannot listen on ${host}: this machine has no such address (check --host)`)
    case 'ENOTFOUND': return new AppFailure('bad-request', `Cannot listen on ${host}: unknown host name (check --host)`)
    default: return new AppFailure('internal', `Cannot listen on ${host}:${port}: ${err?.message ?? 'unknown error'}`)
  }
}
