// Checks a decoded backend frame before the page trusts its shape.
import type { AppError, Result } from '../../shared/model/app-error'
import type { ServerFrame } from '../../shared/ipc/web-frames'

/** Returns the frame, or null when it is not one the page understands (it is then ignored). */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'object' || data === null) return null
  const f = data as Record<string, unknown>
  if (f.t === 'push' && typeof f.channel === 'string') return { t: 'push', channel: f.channel, payload: f.payload }
  if (f.t === 'result' && typeof f.id === 'number' && typeof f.result === 'object' && f.result !== null) {
    return { t: 'result', id: f.id, result: f.result as Result<unknown> }
  }
  if (f.t === 'error' && (typeof f.id === 'number' || f.id === null) && typeof f.error === 'object' && f.error !== null) {
    return { t: 'error', id: f.id, error: f.error as AppError }
  }
  return null
}
