// Calls the backend and always resolves to a Result: a transport that throws or rejects becomes a failure,
// so stores never see an exception from the boundary.
import type { Api, AppError, InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import { failure, type Result } from '../../shared/model/app-error'

/** What a store says when it is used before ipc-sync gave it the Api. */
export const NOT_ATTACHED: AppError = { code: 'unavailable', message: 'Not connected to the backend.' }

/** `api.invoke`, with a thrown error or rejection turned into `{ ok: false, code: 'internal' }`. */
export async function invokeSafely<C extends InvokeChannel>(
  api: Api,
  channel: C,
  req: InvokeRequest<C>,
): Promise<Result<InvokeResponse<C>>> {
  try {
    return await api.invoke(channel, req)
  } catch (err) {
    return failure('internal', err instanceof Error ? err.message : String(err))
  }
}
