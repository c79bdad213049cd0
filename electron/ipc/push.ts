// Delivers backend pushes to the window's page; a destroyed window or page is skipped, never an error.
import type { WebContents } from 'electron'
import type { PushChannel, Pushes } from '../../shared/ipc/contract'
import type { PushTarget } from '../core/push-hub'

/** A push target bound to one window's webContents. */
export function webContentsPushTarget(getContents: () => Pick<WebContents, 'send' | 'isDestroyed'> | null): PushTarget {
  return {
    send<C extends PushChannel>(channel: C, payload: Pushes[C]) {
      const contents = getContents()
      if (contents === null || contents.isDestroyed()) return
      contents.send(channel, payload)
    },
  }
}
