// Errors as data: the only error shape that crosses IPC or the WebSocket. Never a class instance.

/** Why a request failed, as a stable code the UI can translate and tests can assert. */
export type AppErrorCode =
  | 'bad-request' // the request did not match the channel's schema
  | 'unknown-channel'
  | 'forbidden' // the sender is not the app's own page
  | 'port-in-use'
  | 'not-found'
  | 'unavailable' // the backend is not connected (web transport) or is shutting down
  | 'timeout'
  | 'refused' // a broker said no (a reason code); the message names it
  | 'not-connected' // an explorer connection is not connected to its broker; the message says which
  | 'internal' // anything unexpected; details only in the backend log

/** A failure that crossed the boundary: a code plus a human sentence in English. */
export interface AppError {
  code: AppErrorCode
  message: string
}

/** The outcome of every invoke: never a thrown error across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

/** Builds a failed Result. */
export function failure(code: AppErrorCode, message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } }
}
