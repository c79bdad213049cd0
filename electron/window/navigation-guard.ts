// Keeps the window on the app: no navigation away, no new windows, no webviews, no permissions.
// External http(s) links open in the system browser instead.
import type { WebContents } from 'electron'

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'> & {
  session: { setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void }
}

/** True for links that may leave the app for the system browser. */
export function isExternalWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/** Installs the guard on one webContents. */
export function installNavigationGuard(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  const sameDocument = (url: string) => url.replace(/#.*$/, '') === appUrl.replace(/#.*$/, '')
  contents.on('will-navigate', (event, url) => {
    if (sameDocument(url)) return
    event.preventDefault()
    if (isExternalWebLink(url)) openExternal(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!sameDocument(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) openExternal(url)
    return { action: 'deny' }
  })
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
}
