// Expected failures inside the backend. Thrown as AppFailure, turned into an AppError at the boundary.
import type { AppError, AppErrorCode } from '../../../shared/model/app-error'

/** A failure the user can act on; its message is shown as is. */
export class AppFailure extends Error {
  constructor(readonly code: AppErrorCode, message: string) {
    super(message)
    this.name = 'AppFailure'
  }
}

/**
 * Converts anything thrown into plain data for the renderer. Unexpected errors keep their details in
 * the log only: Electron would keep just `err.message` anyway, and stack traces are not for users.
 */
export function toAppError(err: unknown, log: (message: string, err: unknown) => void): AppError {
  if (err instanceof AppFailure) return { code: err.code, message: err.message }
  log('Unexpected error in a request handler', err)
  return { code: 'internal', message: 'Unexpected error (details in the log).' }
}
