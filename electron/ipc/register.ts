// Registers one ipcMain.handle per allowlisted channel: sender check → dispatch (parse → run → Result).
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/contract'
import { failure } from '../../shared/model/app-error'
import type { Logger } from '../core/support/logger'
import { dispatchInvoke } from './dispatch'
import type { InvokeHandlers } from './handlers'

/** Only our own page may call the backend: a frame navigated elsewhere (or an iframe) may not. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const url = event.senderFrame?.url
  if (typeof url !== 'string') return false
  return stripHashAndQuery(url) === stripHashAndQuery(appUrl)
}

function stripHashAndQuery(url: string): string {
  return url.replace(/[?#].*$/, '')
}

/** Registers every handler; returns a function that removes them (window reload in tests). */
export function registerInvokeHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: InvokeHandlers,
                                       appUrl: string, log: Logger): () => void {
  const channels = Object.keys(INVOKE_CHANNELS) as InvokeChannel[]
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event, appUrl)) {
        log.warn(`Refused ${channel} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`)
        return failure('forbidden', 'Untrusted sender.')
      }
      return dispatchInvoke(handlers, channel, raw, log)
    })
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel))
}
