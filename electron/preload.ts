// The only contextBridge call: exposes window.api (type Api) with allowlisted channels only.
// Sandboxed and bundled into one file; the page never sees ipcRenderer or IpcRendererEvent.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isInvokeChannel, isPushChannel, type Api } from '../shared/ipc/contract'

const api: Api = {
  invoke(channel, req) {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error(`Unknown channel: ${String(channel)}`))
    return ipcRenderer.invoke(channel, req)
  },
  on(channel, listener) {
    if (!isPushChannel(channel)) throw new Error(`Unknown channel: ${String(channel)}`)
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(channel, wrapped)
    return () => void ipcRenderer.removeListener(channel, wrapped)
  },
}

contextBridge.exposeInMainWorld('api', api)
