// Frames of the web transport (one WebSocket carries invokes, their results and pushes).
// Encoded with MessagePack by both ends so Uint8Array payloads travel as bytes, not base64.
import type { AppError, Result } from '../model/app-error'

/** Browser → backend. `id` pairs the result with its request. */
export interface InvokeFrame {
  t: 'invoke'
  id: number
  channel: string
  req: unknown
}

/** Backend → browser. */
export type ServerFrame =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'push'; channel: string; payload: unknown }
  /** A frame the backend could not understand; `id` is set when the frame carried a readable one. */
  | { t: 'error'; id: number | null; error: AppError }

/** Reads an invoke frame out of decoded data; returns a sentence saying what is wrong otherwise. */
export function parseInvokeFrame(data: unknown): InvokeFrame | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'A frame must be an object.'
  const frame = data as Record<string, unknown>
  if (frame.t !== 'invoke') return `Unknown frame type ${JSON.stringify(frame.t)}; expected "invoke".`
  if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id) || frame.id < 0) return 'An invoke frame needs a non-negative integer id.'
  if (typeof frame.channel !== 'string') return 'An invoke frame needs a channel name.'
  return { t: 'invoke', id: frame.id, channel: frame.channel, req: frame.req ?? null }
}

/** The WebSocket path of the web transport, below the served page. */
export const WEB_SOCKET_PATH = '/ws'

/** WebSocket close code for a missing or wrong token (mirrors HTTP 401); retrying cannot help. */
export const WEB_CLOSE_UNAUTHORIZED = 4401
