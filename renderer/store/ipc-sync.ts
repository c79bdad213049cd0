// The single subscriber to backend pushes: each push becomes exactly one setState on its store. Also fetches
// the initial snapshots (app:info, app:status, settings:get) and fetches them again whenever `resyncOn` fires.
// Takes the Api as a parameter (tests pass a fake one); never imports renderer/api.ts.
import type { Api, InvokeChannel } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import { isViewId } from '../../shared/model/views'
import { appStore } from './app-store'
import { invokeSafely } from './invoke-safely'
import { navigationStore } from './navigation-store'
import { settingsStore } from './settings-store'

/** Registers a listener for "the backend is reachable again"; returns its unsubscribe function. */
export type ResyncSource = (listener: () => void) => () => void

/** Starts syncing the stores with the backend; returns a function that stops it. */
export function startIpcSync(api: Api, resyncOn?: ResyncSource): () => void {
  let stopped = false
  // Pushes seen per channel: a snapshot requested before a push must not overwrite what that push brought.
  const pushes = { status: 0, settings: 0 }

  appStore.getState().attach(api)
  settingsStore.getState().attach(api)

  const offPushes = [
    api.on('app:status', (status) => {
      pushes.status++
      appStore.setState({ status })
    }),
    api.on('settings:changed', (settings) => {
      pushes.settings++
      settingsStore.setState({ settings })
    }),
    api.on('app:navigate', ({ view }) => {
      if (isViewId(view)) navigationStore.setState({ view })
    }),
  ]

  /** Applies a snapshot, or stores its failure so the UI shows it; does nothing once stopped. */
  const settle = <T>(channel: InvokeChannel, result: Result<T>, apply: (value: T) => void): void => {
    if (stopped) return
    if (result.ok) apply(result.value)
    else appStore.setState({ lastError: { channel, error: result.error } })
  }

  const fetchAll = (): void => {
    appStore.setState({ lastError: null })
    const statusSeen = pushes.status
    const settingsSeen = pushes.settings
    void invokeSafely(api, 'app:info', null).then((result) =>
      settle('app:info', result, (info) => appStore.setState({ info })))
    void invokeSafely(api, 'app:status', null).then((result) =>
      settle('app:status', result, (status) => {
        if (pushes.status === statusSeen) appStore.setState({ status })
      }))
    void invokeSafely(api, 'settings:get', null).then((result) =>
      settle('settings:get', result, (settings) => {
        if (pushes.settings === settingsSeen) settingsStore.setState({ settings })
      }))
  }

  fetchAll()
  const offResync = resyncOn?.(fetchAll)

  return () => {
    stopped = true
    for (const off of offPushes) off()
    offResync?.()
    appStore.getState().attach(null)
    settingsStore.getState().attach(null)
  }
}
