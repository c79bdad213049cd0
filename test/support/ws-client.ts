// A MessagePack WebSocket client for tests of the web transport: sends frames, waits for the next ones.
import { decode, encode } from '@msgpack/msgpack'
import WebSocket from 'ws'

export interface TestSocket {
  ws: WebSocket
  send(frame: unknown): void
  sendRaw(data: Buffer | string): void
  /** Resolves with the next frame that matches, or rejects after `timeoutMs`. */
  next(match?: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>
  closed: Promise<{ code: number; reason: string }>
}

/** Opens a socket; `headers` may carry a Cookie or an Origin. */
export function openTestSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers })
  const frames: Record<string, unknown>[] = []
  const waiters: Array<{ match: (f: Record<string, unknown>) => boolean; resolve(f: Record<string, unknown>): void }> = []
  ws.on('message', (data: Buffer) => {
    const frame = decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as Record<string, unknown>
    const i = waiters.findIndex((w) => w.match(frame))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(frame)
    else frames.push(frame)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.once('open', () => resolve({
      ws,
      send: (frame) => ws.send(encode(frame)),
      sendRaw: (data) => ws.send(data),
      next: (match = () => true, timeoutMs = 5000) => {
        const i = frames.findIndex(match)
        if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]!)
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error('No matching frame in time')), timeoutMs)
          waiters.push({ match, resolve: (f) => { clearTimeout(timer); res(f) } })
        })
      },
      closed,
    }))
    // A socket the server closes right after the handshake still resolves 'open' first.
  })
}
