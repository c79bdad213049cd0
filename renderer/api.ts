// The only place that picks the transport: the Electron preload's window.api when present,
// otherwise the WebSocket of `topicscope serve` on the page's own origin.
import type { Api } from '../shared/ipc/contract'
import { WEB_SOCKET_PATH } from '../shared/ipc/web-frames'
import { transportStore } from './transport/transport-store'
import { createWebSocketApi } from './transport/web-socket-api'

declare global {
  interface Window {
    api?: Api
  }
}

const reconnectListeners = new Set<() => void>()

/** Runs `listener` after every reconnect of the web transport (stores resync from snapshots then). */
export function onTransportReopen(listener: () => void): () => void {
  reconnectListeners.add(listener)
  return () => void reconnectListeners.delete(listener)
}

function pickTransport(): Api {
  if (window.api !== undefined) {
    transportStore.setState({ kind: 'electron', state: 'open', retryAt: null })
    return window.api
  }
  const params = new URLSearchParams(location.search)
  const token = params.get('token')
  if (token !== null) {
    // The server has set a cookie from it; keep the token off screens and screenshots.
    params.delete('token')
    const rest = params.toString()
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash)
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const base = location.pathname.replace(/[^/]*$/, '').replace(/\/$/, '')
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  let opened = false
  return createWebSocketApi({
    url: `${scheme}//${location.host}${base}${WEB_SOCKET_PATH}${query}`,
    onStatus: (s) => transportStore.setState({ kind: 'web', ...s }),
    onOpen: () => {
      if (opened) for (const listener of reconnectListeners) listener()
      opened = true
    },
  })
}

/** The backend, whichever transport carries it. */
export const api: Api = pickTransport()
