// One { parse, run } per invoke channel, delegating to AppCore. Transport-free: the Electron
// ipcMain loop and the web server both dispatch through these. parse() is the trust boundary.
import type { InvokeChannel, Invokes } from '../../shared/ipc/contract'
import { parseSettingsPatch } from '../../shared/model/settings-parse'
import { parseHistoryPageRequest } from '../../shared/model/history-parse'
import type { AppCore } from '../core/app-core'
import { AppFailure } from '../core/support/app-failure'

/** A missing channel is a compile error. */
export type InvokeHandlers = {
  [C in InvokeChannel]: { parse(raw: unknown): Invokes[C]['req']; run(req: Invokes[C]['req']): Promise<Invokes[C]['res']> }
}

const noRequest = (raw: unknown): null => {
  if (raw !== null && raw !== undefined) throw new AppFailure('bad-request', 'This channel takes no request data.')
  return null
}

const orFail = <T>(parsed: T | string): T => {
  if (typeof parsed === 'string') throw new AppFailure('bad-request', parsed)
  return parsed
}

/** The handlers of every invoke channel for one AppCore. */
export function createInvokeHandlers(core: AppCore): InvokeHandlers {
  return {
    'app:info': { parse: noRequest, run: async () => core.info() },
    'app:status': { parse: noRequest, run: async () => core.status() },
    'app:dismiss-warning': {
      parse: (raw) => {
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw new AppFailure('bad-request', 'A warning id is required.')
        return { id }
      },
      run: async (req) => core.dismissWarning(req.id),
    },
    'settings:get': { parse: noRequest, run: async () => core.settings.get() },
    'settings:update': { parse: (raw) => orFail(parseSettingsPatch(raw)), run: (patch) => core.updateSettings(patch) },
    'explorer:connections': { parse: noRequest, run: async () => core.explorer?.list() ?? [] },
    'history:page': {
      parse: (raw) => orFail(parseHistoryPageRequest(raw)),
      run: async (req) => requireExplorer(core).historyPage(req),
    },
    'history:message': {
      parse: (raw) => {
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new AppFailure('bad-request', 'A message id is required.')
        return { id }
      },
      run: async ({ id }) => requireExplorer(core).historyMessage(id),
    },
    'tree:snapshot': {
      parse: (raw) => {
        const connectionId = (raw as { connectionId?: unknown } | null)?.connectionId
        if (typeof connectionId !== 'string' || connectionId === '' || connectionId.length > 200) throw new AppFailure('bad-request', 'A connection id is required.')
        return { connectionId }
      },
      run: async ({ connectionId }) => requireExplorer(core).snapshot(connectionId),
    },
  }
}

function requireExplorer(core: AppCore): NonNullable<AppCore['explorer']> {
  if (core.explorer === null) throw new AppFailure('not-found', 'This backend has no explorer connections.')
  return core.explorer
}
