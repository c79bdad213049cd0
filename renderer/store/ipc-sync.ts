// The single subscriber to backend pushes: each push becomes exactly one setState on its store. Also fetches
// the initial snapshots (app:info, app:status, settings:get, explorer:connections, connections:profiles, one
// tree:snapshot per connection) and fetches them again whenever `resyncOn` fires; a tree seq gap fetches that tree's snapshot.
// Takes the Api as a parameter (tests pass a fake one); never imports renderer/api.ts.
import type { Api, InvokeChannel } from '../../shared/ipc/contract'
import type { Result } from '../../shared/model/app-error'
import { isViewId } from '../../shared/model/views'
import type { ExplorerConnection } from '../../shared/model/explorer'
import { appStore } from './app-store'
import { explorerStore } from './explorer-store'
import { invokeSafely } from './invoke-safely'
import { navigationStore } from './navigation-store'
import { historyStore } from './history-store'
import { profilesStore } from './profiles-store'
import { publishStore } from './publish-store'
import { retainedStore } from './retained-store'
import { clientsStore } from './clients-store'
import { overviewStore } from './overview-store'
import { clientDetailStore } from './client-detail-store'
import { retainedAdminStore } from './retained-admin-store'
import { subscriptionsStore } from './subscriptions-store'
import { brokerUsersStore } from './broker-users-store'
import { aclStore } from './acl-store'
import { retainedTreeStore } from './retained-tree-store'
import { bridgesStore } from './bridges-store'
import { labStore } from './lab-store'
import { labSimStore } from './lab-sim-store'
import { lessonsStore } from './lessons-store'
import { settingsStore } from './settings-store'
import { topicTreeStore } from './topic-tree-store'

/** Registers a listener for "the backend is reachable again"; returns its unsubscribe function. */
export type ResyncSource = (listener: () => void) => () => void

/** Starts syncing the stores with the backend; returns a function that stops it. */
export function startIpcSync(api: Api, resyncOn?: ResyncSource): () => void {
  let stopped = false
  // Pushes seen per channel: a snapshot requested before a push must not overwrite what that push brought.
  const pushes = { status: 0, settings: 0, connections: 0 }
  // One snapshot request per connection at a time: a gap while one is on its way needs no second.
  const snapshotsInFlight = new Set<string>()

  const fetchSnapshot = (connectionId: string): void => {
    if (snapshotsInFlight.has(connectionId)) return
    snapshotsInFlight.add(connectionId)
    void invokeSafely(api, 'tree:snapshot', { connectionId }).then((result) => {
      snapshotsInFlight.delete(connectionId)
      settle('tree:snapshot', result, (snapshot) => topicTreeStore.getState().applySnapshot(snapshot))
    })
  }

  /**
   * Takes a new connections list; a connection not seen before gets its snapshot. A closed connection's tree
   * is dropped, so reopening it starts from a fresh snapshot (its new deltas count from the start again).
   */
  const applyConnections = (connections: ExplorerConnection[], resyncAll: boolean): void => {
    const open = new Set(connections.map((c) => c.id))
    for (const { id } of explorerStore.getState().connections) if (!open.has(id)) topicTreeStore.getState().forget(id)
    const known = topicTreeStore.getState().trees
    explorerStore.setState({ connections, loaded: true })
    for (const { id } of connections) {
      if (resyncAll || !known.has(id)) topicTreeStore.getState().resync(id)
    }
  }

  appStore.getState().attach(api)
  settingsStore.getState().attach(api)
  profilesStore.getState().attach(api)
  historyStore.getState().attach(api)
  publishStore.getState().attach(api)
  retainedStore.getState().attach(api)
  clientsStore.getState().attach(api)
  overviewStore.getState().attach(api)
  clientDetailStore.getState().attach(api)
  retainedAdminStore.getState().attach(api)
  subscriptionsStore.getState().attach(api)
  brokerUsersStore.getState().attach(api)
  aclStore.getState().attach(api)
  retainedTreeStore.getState().attach(api)
  bridgesStore.getState().attach(api)
  labStore.getState().attach(api)
  labSimStore.getState().attach(api)
  lessonsStore.getState().attach(api)
  topicTreeStore.getState().attach(fetchSnapshot)

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
    api.on('tree:delta', (delta) => topicTreeStore.getState().applyDelta(delta)),
    api.on('explorer:connections', (connections) => {
      pushes.connections++
      applyConnections(connections, false)
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
    const connectionsSeen = pushes.connections
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
    void invokeSafely(api, 'explorer:connections', null).then((result) =>
      settle('explorer:connections', result, (connections) => {
        // A newer push wins the list, but every tree is still fetched again: deltas may have been lost meanwhile.
        if (pushes.connections === connectionsSeen) applyConnections(connections, true)
        else for (const { id } of explorerStore.getState().connections) topicTreeStore.getState().resync(id)
      }))
    void profilesStore.getState().refresh()
  }

  fetchAll()
  const offResync = resyncOn?.(fetchAll)

  return () => {
    stopped = true
    for (const off of offPushes) off()
    offResync?.()
    appStore.getState().attach(null)
    settingsStore.getState().attach(null)
    profilesStore.getState().attach(null)
    historyStore.getState().attach(null)
    publishStore.getState().attach(null)
    retainedStore.getState().attach(null)
    clientsStore.getState().attach(null)
    overviewStore.getState().attach(null)
    clientDetailStore.getState().attach(null)
    retainedAdminStore.getState().attach(null)
    subscriptionsStore.getState().attach(null)
    brokerUsersStore.getState().attach(null)
    aclStore.getState().attach(null)
    retainedTreeStore.getState().attach(null)
    bridgesStore.getState().attach(null)
    labStore.getState().attach(null)
    labSimStore.getState().attach(null)
    lessonsStore.getState().attach(null)
    topicTreeStore.getState().attach(null)
  }
}
