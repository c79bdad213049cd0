// Runs one invoke through its handler and always answers with a Result: errors never cross the boundary.
import { isInvokeChannel } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import { failure } from '../../shared/model/app-error'
import { toAppError } from '../core/support/app-failure'
import type { Logger } from '../core/support/logger'
import type { InvokeHandlers } from './handlers'

/** Parses the untrusted request, runs the handler and wraps the outcome. */
export async function dispatchInvoke(handlers: InvokeHandlers, channel: unknown, raw: unknown, log: Logger): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return failure('unknown-channel', `Unknown channel: ${String(channel).slice(0, 100)}`)
  const handler = handlers[channel] as { parse(raw: unknown): unknown; run(req: unknown): Promise<unknown> }
  try {
    return { ok: true, value: await handler.run(handler.parse(raw)) }
  } catch (err) {
    return { ok: false, error: toAppError(err, (m, e) => log.error(`${m} (${channel})`, e)) }
  }
}
