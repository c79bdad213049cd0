// The web transport's browser side: the same Api as the Electron preload, over one WebSocket to
// `topicscope serve`. Invokes carry request ids; pushes fan out to listeners; reconnects with backoff.
import { decode, encode } from '@msgpack/msgpack'
import { isInvokeChannel, isPushChannel, type Api, type PushChannel, type Pushes } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import { failure } from '../../shared/model/app-error'
import { WEB_CLOSE_UNAUTHORIZED } from '../../shared/ipc/web-frames'
import { parseServerFrame } from './parse-server-frame'
import type { TransportStatus } from './transport-store'

/** Backoff between reconnect attempts, capped so a restarted backend is found within a few seconds. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000]
/** An invoke with no answer by then fails with 'timeout' instead of hanging the UI. */
const INVOKE_TIMEOUT_MS = 30_000

interface Pending {
  resolve(result: Result<unknown>): void
  timer: ReturnType<typeof setTimeout>
}

export interface WebSocketApiOptions {
  url: string
  onStatus(status: Pick<TransportStatus, 'state' | 'retryAt'>): void
  /** Called after every successful (re)connect so stores can resync with snapshots. */
  onOpen?(): void
}

/** Opens the socket and returns an Api bound to it. */
export function createWebSocketApi(opts: WebSocketApiOptions): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const pending = new Map<number, Pending>()
  let socket: WebSocket | null = null
  let nextId = 1
  let attempt = 0
  let unauthorized = false
  /** Encoded invokes made while no socket was open, sent on the next open. */
  const waiting = new Map<number, Uint8Array>()

  /** Fails the requests already sent on a socket that closed; those still waiting keep waiting. */
  const settleAll = (code: 'unavailable', message: string) => {
    for (const [id, p] of pending) {
      if (waiting.has(id)) continue
      clearTimeout(p.timer)
      p.resolve(failure(code, message))
      pending.delete(id)
    }
  }

  const connect = () => {
    opts.onStatus({ state: attempt === 0 ? 'connecting' : 'reconnecting', retryAt: null })
    const ws = new WebSocket(opts.url)
    ws.binaryType = 'arraybuffer'
    socket = ws
    ws.onopen = () => {
      attempt = 0
      for (const frame of waiting.values()) ws.send(frame)
      waiting.clear()
      opts.onStatus({ state: 'open', retryAt: null })
      opts.onOpen?.()
    }
    ws.onmessage = (event) => {
      const frame = parseServerFrame(safeDecode(event.data))
      if (frame === null) return
      if (frame.t === 'push') {
        for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload)
        return
      }
      const id = frame.id
      const p = id === null ? undefined : pending.get(id)
      if (p === undefined || id === null) return
      clearTimeout(p.timer)
      pending.delete(id)
      p.resolve(frame.t === 'result' ? frame.result : { ok: false, error: frame.error })
    }
    ws.onclose = (event) => {
      socket = null
      settleAll('unavailable', 'The connection to the Topicscope backend was lost.')
      if (event.code === WEB_CLOSE_UNAUTHORIZED) {
        unauthorized = true
        waiting.clear()
        settleAll('unavailable', 'The backend refused this page’s token.')
        opts.onStatus({ state: 'unauthorized', retryAt: null })
        return
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 4000
      attempt++
      opts.onStatus({ state: 'reconnecting', retryAt: Date.now() + delay })
      setTimeout(connect, delay)
    }
  }
  connect()

  return {
    invoke(channel, req) {
      if (!isInvokeChannel(channel)) return Promise.resolve(failure('unknown-channel', `Unknown channel: ${String(channel)}`))
      if (unauthorized) return Promise.resolve(failure('unavailable', 'The backend refused this page’s token.'))
      const id = nextId++
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          waiting.delete(id)
          resolve(failure('timeout', `No answer on ${channel} within ${INVOKE_TIMEOUT_MS / 1000} s.`))
        }, INVOKE_TIMEOUT_MS)
        pending.set(id, { resolve: resolve as Pending['resolve'], timer })
        const frame = encode({ t: 'invoke', id, channel, req })
        // Before the first open (or while reconnecting), the request waits for the socket instead of failing.
        if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(frame)
        else waiting.set(id, frame)
      })
    },
    on<C extends PushChannel>(channel: C, listener: (payload: Pushes[C]) => void) {
      if (!isPushChannel(channel)) throw new Error(`Unknown channel: ${String(channel)}`)
      let set = listeners.get(channel)
      if (set === undefined) listeners.set(channel, (set = new Set()))
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => void set.delete(wrapped)
    },
  }
}

function safeDecode(data: unknown): unknown {
  try {
    return data instanceof ArrayBuffer ? decode(new Uint8Array(data)) : null
  } catch {
    return null
  }
}
