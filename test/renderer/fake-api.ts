// A fake backend for renderer tests: answers every invoke channel from in-memory state, records calls, lets a
// test push on any channel or make a channel fail. Also resets the renderer's module-level stores.
import type { Api, InvokeChannel, InvokeRequest, InvokeResponse, Pushes, PushChannel } from '../../shared/ipc/contract'
import type { AppError, Result } from '../../shared/model/app-error'
import type { AppInfo, AppWarning, BackendStatus } from '../../shared/model/app-status'
import { createProfile, type ConnectionProfile } from '../../shared/model/connection-profile'
import type { ExplorerConnection, SavedProfile } from '../../shared/model/explorer'
import type { HistoryMessage, HistoryPage, HistoryPageRequest } from '../../shared/model/history'
import type { PublishRequest } from '../../shared/model/publish'
import type { SavedPublishes } from '../../shared/model/saved-publish'
import type { ClientRow } from '../../shared/model/broker-clients'
import type { BrokerOverview, OverviewSample } from '../../shared/model/broker-overview'
import type { ClientDetail } from '../../shared/model/broker-client-detail'
import type { RetainedRow } from '../../shared/model/broker-retained'
import type { BridgeView } from '../../shared/model/bridge'
import type { TraceEvent } from '../../shared/model/lab-trace'
import type { LabSimState, VirtualClientAction } from '../../shared/model/lab-sim'
import type { LessonProgress } from '../../shared/model/lab-lessons'
import type { SubscriptionEntry } from '../../shared/model/broker-subscriptions'
import { queryClients } from '../../electron/core/console/client-rows'
import { DEFAULT_SETTINGS, type Settings } from '../../shared/model/settings'
import type { TopicNodeStats, TopicTreeSnapshot } from '../../shared/model/topic-tree'
import { resetVisibleRows } from '../../renderer/features/explorer/use-visible-rows'
import { appStore } from '../../renderer/store/app-store'
import { explorerStore } from '../../renderer/store/explorer-store'
import { historyStore } from '../../renderer/store/history-store'
import { publishStore } from '../../renderer/store/publish-store'
import { retainedStore } from '../../renderer/store/retained-store'
import { connectionFormStore } from '../../renderer/store/connection-form-store'
import { clientsStore } from '../../renderer/store/clients-store'
import { overviewStore } from '../../renderer/store/overview-store'
import { clientDetailStore } from '../../renderer/store/client-detail-store'
import { retainedAdminStore } from '../../renderer/store/retained-admin-store'
import { subscriptionsStore } from '../../renderer/store/subscriptions-store'
import { brokerUsersStore } from '../../renderer/store/broker-users-store'
import { aclStore } from '../../renderer/store/acl-store'
import { retainedTreeStore } from '../../renderer/store/retained-tree-store'
import { bridgesStore } from '../../renderer/store/bridges-store'
import { labStore } from '../../renderer/store/lab-store'
import { EMPTY_SIM, labSimStore } from '../../renderer/store/lab-sim-store'
import { lessonsStore } from '../../renderer/store/lessons-store'
import { DEFAULT_TRACE_FILTER } from '../../shared/model/lab-trace'
import { navigationStore } from '../../renderer/store/navigation-store'
import { profilesStore } from '../../renderer/store/profiles-store'
import { settingsStore } from '../../renderer/store/settings-store'
import { createTopicTreeStore, topicTreeStore } from '../../renderer/store/topic-tree-store'
import { treeViewStore } from '../../renderer/store/tree-view-store'
import { transportStore } from '../../renderer/transport/transport-store'
import { applySettingsPatch } from '../../shared/model/settings-parse'

export const INFO: AppInfo = {
  name: 'Topicscope',
  version: '0.1.0',
  mode: 'desktop',
  platform: 'linux',
  runtime: 'Node 24.21.0',
  dataDir: '/home/ada/.config/Topicscope',
  settingsFile: '/home/ada/.config/Topicscope/settings.json',
  startedAt: 1_700_000_000_000,
  secretStorage: { kind: 'os-keychain', file: '/home/ada/.config/Topicscope/connection-secrets.json' },
}

export function makeStatus(overrides: Partial<BackendStatus> = {}): BackendStatus {
  return {
    state: 'ready',
    uptimeMs: 3_723_000, // 1 h 02 min 03 s
    memory: { rssBytes: 85 * 1024 * 1024, heapUsedBytes: 30 * 1024 * 1024 },
    webClients: 0,
    warnings: [],
    broker: {
      state: 'running', urls: ['mqtt://127.0.0.1:1883'], listeners: [{ kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', clients: 2 }],
      portFromCommandLine: null, error: null, clientsConnected: 2, sessions: 3, subscriptions: 4,
      retained: 5, messagesReceived: 60, messagesSent: 70, dropped: 0,
    },
    at: 1_700_000_100_000,
    ...overrides,
  }
}

export function makeWarning(overrides: Partial<AppWarning> = {}): AppWarning {
  return {
    id: 'w1',
    code: 'settings-corrupt',
    params: { path: '/cfg/settings.json', movedTo: '/cfg/settings.json.corrupt', reason: 'Unexpected token' },
    message: 'The settings file was corrupt.',
    at: 1_700_000_000_500,
    ...overrides,
  }
}

export const EMBEDDED: ExplorerConnection = {
  id: 'embedded',
  name: 'Embedded broker',
  url: 'mqtt://127.0.0.1:1883',
  protocolVersion: 5,
  status: { profileId: 'embedded', state: 'connected', error: null, since: 1_700_000_000_000, messagesPerSec: 0, messagesReceived: 0 },
}

/** A topic node with a message on it; counts default to one message on this exact topic. */
export function makeNode(path: string, overrides: Partial<TopicNodeStats> = {}): TopicNodeStats {
  const preview = new TextEncoder().encode('21.5')
  return {
    path, connectionId: 'embedded', messages: 1, messagesBelow: 1, topicsBelow: 1, lastPayloadPreview: preview,
    lastPayloadSize: preview.length, previewTruncated: false, retained: false, lastQos: 0, ratePerSec: 0,
    bytes: preview.length, updatedAt: 1_700_000_000_000, childCount: 0, ...overrides,
  }
}

/** An intermediate node (nobody published to it) with `children` direct children. */
export function makeParent(path: string, children: number, below: number, overrides: Partial<TopicNodeStats> = {}): TopicNodeStats {
  return makeNode(path, {
    messages: 0, messagesBelow: below, topicsBelow: below, lastPayloadPreview: null, lastPayloadSize: 0, lastQos: null,
    bytes: 0, childCount: children, ...overrides,
  })
}

/** A saved profile as connections:profiles lists it (no secrets). */
export function makeSavedProfile(fields: Partial<ConnectionProfile> & Pick<ConnectionProfile, 'id'>, hasPassword = false): SavedProfile {
  return { profile: createProfile({ name: `Broker ${fields.id}`, host: 'broker.example', clientId: 'topicscope_test0001', ...fields }), hasPassword, hasTlsKey: false }
}

/** The explorer connection an opened profile becomes. */
export function connectionOf(profile: ConnectionProfile): ExplorerConnection {
  return {
    id: profile.id, name: profile.name, url: `${profile.transport}://${profile.host}:${profile.port}`, protocolVersion: profile.protocolVersion,
    status: { profileId: profile.id, state: 'connecting', error: null, since: 1_700_000_000_000, messagesPerSec: 0, messagesReceived: 0 },
  }
}

type Handlers = { [C in InvokeChannel]: (req: InvokeRequest<C>) => Result<InvokeResponse<C>> }

export interface FakeBackend {
  api: Api
  /** Every invoke, in order. */
  calls: { channel: InvokeChannel; req: unknown }[]
  /** Sends a push to the page's listeners. */
  push<C extends PushChannel>(channel: C, payload: Pushes[C]): void
  /** Makes every later invoke on `channel` fail with `error`. */
  fail(channel: InvokeChannel, error: AppError): void
  /** Makes `channel` answer normally again. */
  recover(channel: InvokeChannel): void
  /** The backend's current state, which handlers read and change. */
  state: {
    info: AppInfo; status: BackendStatus; settings: Settings; connections: ExplorerConnection[]; trees: Map<string, TopicTreeSnapshot>
    /** Saved profiles; secrets are kept apart in `passwords`, as the real backend does. */
    profiles: SavedProfile[]; passwords: Map<string, string>
    /** The history store's messages, any order; pages are cut from them as the real store does. */
    history: HistoryMessage[]
    /** Every message published through 'explorer:publish', in order. */
    published: PublishRequest[]
    /** Retained topics per connection, as 'retained:list' reports them; clears remove them, undo puts them back. */
    retained: Map<string, Set<string>>
    undo: Map<string, { connectionId: string; topics: string[] }>
    saved: SavedPublishes
    /** The embedded broker's clients, as 'console:clients' pages them. */
    clients: ClientRow[]
    overview: BrokerOverview
    /** Per client id, its detail as 'console:client' returns it (queue paging applied by the fake). */
    clientDetails: Map<string, ClientDetail>
    clientActions: Array<{ clientId: string; action: string }>
    /** The broker's retained messages, and what deletes removed (by undo id). */
    brokerRetained: RetainedRow[]
    retainedUndo: Map<string, RetainedRow[]>
    subscriptionEntries: SubscriptionEntry[]
    /** The broker's user names and the passwords the page set (a fake keeps them to check the calls). */
    brokerUsers: Map<string, string>
    aclText: string
    /** The bridges as the backend lists them (saves replace or add, removes drop). */
    bridges: BridgeView[]
    /** The QoS lab's trace as the backend would page it. */
    traceEvents: TraceEvent[]
    ownTraces: Map<string, TraceEvent[]>
    /** The lab's virtual clients and faults; actions are recorded, adds and fault changes applied. */
    labSim: LabSimState
    labActions: Array<{ clientId: string; action: VirtualClientAction }>
    lessonProgress: LessonProgress
  }
}

export function createFakeBackend(
  initial: {
    info?: AppInfo; status?: BackendStatus; settings?: Settings; connections?: ExplorerConnection[]; trees?: TopicTreeSnapshot[]; profiles?: SavedProfile[]
    history?: HistoryMessage[]
    /** Retained topics by connection id. */
    retained?: Record<string, string[]>
    clients?: ClientRow[]
    overview?: BrokerOverview
    clientDetails?: ClientDetail[]
    brokerRetained?: RetainedRow[]
    bridges?: BridgeView[]
    traceEvents?: TraceEvent[]
    labSim?: LabSimState
    subscriptionEntries?: SubscriptionEntry[]
  } = {},
): FakeBackend {
  const state = {
    info: initial.info ?? INFO,
    status: initial.status ?? makeStatus(),
    settings: initial.settings ?? DEFAULT_SETTINGS,
    connections: initial.connections ?? [EMBEDDED],
    trees: new Map((initial.trees ?? []).map((tree) => [tree.connectionId, tree])),
    profiles: initial.profiles ?? [],
    passwords: new Map<string, string>(),
    history: initial.history ?? [],
    published: [] as PublishRequest[],
    retained: new Map<string, Set<string>>(Object.entries(initial.retained ?? {}).map(([id, topics]) => [id, new Set(topics)])),
    undo: new Map<string, { connectionId: string; topics: string[] }>(),
    saved: { recent: [], templates: [] } as SavedPublishes,
    clients: initial.clients ?? [],
    overview: initial.overview ?? makeOverview(),
    clientDetails: new Map((initial.clientDetails ?? []).map((d) => [d.client.clientId, d])),
    clientActions: [] as Array<{ clientId: string; action: string }>,
    brokerRetained: initial.brokerRetained ?? [],
    retainedUndo: new Map<string, RetainedRow[]>(),
    subscriptionEntries: initial.subscriptionEntries ?? [],
    brokerUsers: new Map<string, string>(),
    aclText: '',
    bridges: initial.bridges ?? [],
    traceEvents: initial.traceEvents ?? [],
    /** The trace of each of the app's own connections, by connection id (seen from this side). */
    ownTraces: new Map<string, TraceEvent[]>(),
    labSim: initial.labSim ?? { clients: [], faults: [], held: [] },
    labActions: [] as Array<{ clientId: string; action: VirtualClientAction }>,
    lessonProgress: {} as LessonProgress,
  }
  const failures = new Map<InvokeChannel, AppError>()
  const usersList = () => ({ users: [...state.brokerUsers.keys()].sort(), file: '/home/ada/.config/Topicscope/broker-users.passwd' })
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  const calls: FakeBackend['calls'] = []
  const push = <C extends PushChannel>(channel: C, payload: Pushes[C]): void => {
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }
  /** Changes the open connections and pushes the list, as the backend does on every status change. */
  const setConnections = (connections: ExplorerConnection[]): void => {
    state.connections = connections
    push('explorer:connections', connections)
  }

  const handlers: Handlers = {
    'app:info': () => ({ ok: true, value: state.info }),
    'app:status': () => ({ ok: true, value: state.status }),
    'app:dismiss-warning': ({ id }) => {
      state.status = { ...state.status, warnings: state.status.warnings.filter((w) => w.id !== id), at: state.status.at + 1 }
      return { ok: true, value: state.status }
    },
    'settings:get': () => ({ ok: true, value: state.settings }),
    'settings:update': (patch) => {
      state.settings = applySettingsPatch(state.settings, patch)
      return { ok: true, value: state.settings }
    },
    'explorer:connections': () => ({ ok: true, value: state.connections }),
    'tree:snapshot': ({ connectionId }) => ({
      ok: true,
      value: state.trees.get(connectionId) ?? { connectionId, seq: 0, nodes: [], structureVersion: 0 },
    }),
    'history:page': (req) => ({ ok: true, value: historyPage(state.history, req) }),
    'history:message': ({ id }) => {
      const found = state.history.find((m) => m.id === id)
      return found === undefined ? { ok: false, error: { code: 'not-found', message: `No message ${id}.` } } : { ok: true, value: found }
    },
    'connections:profiles': () => ({ ok: true, value: state.profiles }),
    'connections:save': ({ profile, clearPassword }) => {
      if (profile.password !== null) state.passwords.set(profile.id, profile.password)
      else if (clearPassword === true) state.passwords.delete(profile.id)
      const saved: SavedProfile = { profile: { ...profile, password: null }, hasPassword: state.passwords.has(profile.id), hasTlsKey: false }
      const known = state.profiles.some((p) => p.profile.id === profile.id)
      state.profiles = known ? state.profiles.map((p) => (p.profile.id === profile.id ? saved : p)) : [...state.profiles, saved]
      return { ok: true, value: saved }
    },
    'connections:delete': ({ id }) => {
      state.profiles = state.profiles.filter((p) => p.profile.id !== id)
      state.passwords.delete(id)
      return { ok: true, value: null }
    },
    'connections:open': ({ id }) => {
      const saved = state.profiles.find((p) => p.profile.id === id)
      if (saved === undefined) return { ok: false, error: { code: 'not-found', message: `No profile ${id}.` } }
      if (!state.connections.some((c) => c.id === id)) setConnections([...state.connections, connectionOf(saved.profile)])
      return { ok: true, value: null }
    },
    'console:overview': () => ({ ok: true, value: state.overview }),
    'console:client': ({ clientId, queueOffset, queueLimit }) => {
      const d = state.clientDetails.get(clientId)
      if (d === undefined) return { ok: false, error: { code: 'not-found', message: `The broker has no client '${clientId}'.` } }
      return { ok: true, value: { ...d, queue: { ...d.queue, offset: queueOffset, items: d.queue.items.slice(queueOffset, queueOffset + queueLimit) } } }
    },
    'console:retained-levels': ({ path }) => {
      const prefix = path === null ? '' : `${path}/`
      const below = state.brokerRetained.filter((r) => r.topic.startsWith(prefix))
      const names = [...new Set(below.map((r) => r.topic.slice(prefix.length).split('/')[0]!))].sort()
      const levels = names.map((level) => {
        const p = `${prefix}${level}`
        const under = below.filter((r) => r.topic === p || r.topic.startsWith(`${p}/`))
        return { level, path: p, count: under.length, bytes: under.reduce((n, r) => n + r.sizeBytes, 0), retained: under.some((r) => r.topic === p), hasChildren: under.some((r) => r.topic !== p) }
      })
      return { ok: true, value: { path, levels, total: levels.length } }
    },
    'console:retained': ({ filter, offset, limit }) => {
      const rows = state.brokerRetained.filter((r) => filter === '' || r.topic.startsWith(filter.replace(/#$/, '')))
      return { ok: true, value: { rows: rows.slice(offset, offset + limit), total: rows.length, held: state.brokerRetained.length, heldBytes: 0 } }
    },
    'console:retained-topics': ({ filter }) => ({ ok: true, value: { topics: state.brokerRetained.map((r) => r.topic).filter((t) => filter === '' || t.startsWith(filter.replace(/#$/, ''))) } }),
    'console:retained-delete': ({ topics }) => {
      const gone = state.brokerRetained.filter((r) => topics.includes(r.topic))
      state.brokerRetained = state.brokerRetained.filter((r) => !topics.includes(r.topic))
      const undoId = `r-undo-${state.retainedUndo.size + 1}`
      state.retainedUndo.set(undoId, gone)
      return { ok: true, value: { deleted: gone.length, undoId } }
    },
    'console:retained-undo': ({ undoId }) => {
      const gone = state.retainedUndo.get(undoId) ?? []
      state.brokerRetained = [...state.brokerRetained, ...gone]
      return { ok: true, value: { restored: gone.length, skipped: 0 } }
    },
    'console:subscriptions': ({ offset, limit }) => ({ ok: true, value: { entries: state.subscriptionEntries.slice(offset, offset + limit), total: state.subscriptionEntries.length, subscriptions: state.subscriptionEntries.reduce((a, e) => a + e.subscribers.length, 0) } }),
    'console:who-receives': ({ topic }) => ({ ok: true, value: {
      topic,
      direct: state.subscriptionEntries.filter((e) => e.group === null && topic.startsWith(e.filter.replace(/#$/, ''))).flatMap((e) => e.subscribers.map((s) => ({ clientId: s.clientId, filter: e.filter, qos: s.qos, noLocal: s.noLocal, connected: s.connected }))),
      shared: [],
    } }),
    'lab:trace': ({ source, afterSeq, limit, filter }) => {
      const own = source !== 'embedded'
      if (own && !state.connections.some((c) => c.id === source)) return { ok: false, error: { code: 'not-found', message: `No open connection ${source} to trace: it was closed.` } }
      const traced = own ? state.ownTraces.get(source) ?? [] : state.traceEvents
      const kept = traced.filter((e) => e.seq > afterSeq && (filter.internal || !e.internal) && (filter.clientId === null || e.clientId === filter.clientId)
        && (filter.cmds.length === 0 || filter.cmds.includes(e.cmd)) && (filter.topic === null || (e.topic ?? '').startsWith(filter.topic)))
      const lastSeq = traced.at(-1)?.seq ?? 0
      return { ok: true, value: { events: kept.slice(0, limit), lastSeq, dropped: 0, capacity: 10_000, more: kept.length > limit, recordingSince: 1_700_000_000_000, seenFromThisSide: own } }
    },
    'lab:sim': () => ({ ok: true, value: state.labSim }),
    'lab:reset': () => {
      state.labSim = { clients: [], faults: [], held: [] }
      state.traceEvents = []
      return { ok: true, value: state.labSim }
    },
    'lab:restart-broker': () => ({ ok: true, value: null }),
    'lab:progress': () => ({ ok: true, value: state.lessonProgress }),
    'lab:progress-set': ({ lessonId, step, completed }) => {
      const before = state.lessonProgress[lessonId]
      state.lessonProgress = { ...state.lessonProgress, [lessonId]: { step: Math.max(step, before?.step ?? 0), completed: completed || (before?.completed ?? false) } }
      return { ok: true, value: state.lessonProgress }
    },
    'lab:progress-reset': ({ lessonId }) => {
      const { [lessonId]: _gone, ...rest } = state.lessonProgress
      state.lessonProgress = rest
      return { ok: true, value: state.lessonProgress }
    },
    'lab:client-add': (config) => {
      const { password: _secret, ...rest } = config
      state.labSim = { ...state.labSim, clients: [...state.labSim.clients, { config: rest, state: 'connected', lastEvent: null, sessionPresent: false, received: [], receivedTotal: 0 }] }
      return { ok: true, value: state.labSim }
    },
    'lab:client-action': (req) => {
      state.labActions.push(req)
      if (req.action.kind === 'remove') state.labSim = { ...state.labSim, clients: state.labSim.clients.filter((c) => c.config.clientId !== req.clientId) }
      return { ok: true, value: state.labSim }
    },
    'lab:fault-add': (rule) => {
      state.labSim = { ...state.labSim, faults: [...state.labSim.faults, { ...rule, id: `f${state.labSim.faults.length + 1}`, hits: 0 }] }
      return { ok: true, value: state.labSim }
    },
    'lab:fault-remove': ({ id }) => {
      state.labSim = { ...state.labSim, faults: state.labSim.faults.filter((f) => f.id !== id) }
      return { ok: true, value: state.labSim }
    },
    'lab:fault-release': ({ id }) => {
      state.labSim = { ...state.labSim, held: id === 'all' ? [] : state.labSim.held.filter((h) => h.id !== id) }
      return { ok: true, value: state.labSim }
    },
    'lab:trace-clear': () => {
      state.traceEvents = []
      return { ok: true, value: null }
    },
    'console:bridges': () => ({ ok: true, value: state.bridges }),
    'console:bridge-save': (save) => {
      const { password, ...config } = save
      const view: BridgeView = {
        config: { ...config, hasPassword: password === undefined ? state.bridges.find((b) => b.config.id === save.id)?.config.hasPassword ?? false : password !== null },
        status: { state: save.enabled ? 'connecting' : 'stopped', lastError: null, since: 0, retryAt: null, queued: 0, queuedMax: 1000, sent: 0, received: 0, reconnects: 0, dropped: 0 },
      }
      state.bridges = state.bridges.some((b) => b.config.id === save.id) ? state.bridges.map((b) => (b.config.id === save.id ? view : b)) : [...state.bridges, view]
      return { ok: true, value: state.bridges }
    },
    'console:bridge-remove': ({ id }) => {
      state.bridges = state.bridges.filter((b) => b.config.id !== id)
      return { ok: true, value: state.bridges }
    },
    'console:acl': () => ({ ok: true, value: { text: state.aclText, file: '/home/ada/.config/Topicscope/broker-acl.conf' } }),
    'console:acl-check': ({ text }) => ({ ok: true, value: text.split('\n').flatMap((l, i) => (l.startsWith('topic') || l.startsWith('user') || l.startsWith('pattern') || l.trim() === '' || l.startsWith('#') ? [] : [{ line: i + 1, message: `line ${i + 1}: unknown keyword` }])) }),
    'console:acl-set': ({ text }) => {
      state.aclText = text
      return { ok: true, value: { text, file: '/home/ada/.config/Topicscope/broker-acl.conf' } }
    },
    'console:acl-test': ({ topic, access }) => {
      if (state.aclText === '') return { ok: true, value: { allowed: true, reason: 'no-acl', line: null, lineText: null } }
      const line = state.aclText.split('\n').indexOf(`topic read ${topic}`)
      if (access === 'write' || line === -1) return { ok: true, value: { allowed: false, reason: 'no-matching-rule', line: null, lineText: null } }
      return { ok: true, value: { allowed: true, reason: 'rule', line: line + 1, lineText: `topic read ${topic}` } }
    },
    'console:users': () => ({ ok: true, value: usersList() }),
    'console:user-set': ({ username, password }) => {
      state.brokerUsers.set(username, password)
      return { ok: true, value: usersList() }
    },
    'console:user-remove': ({ username }) => {
      state.brokerUsers.delete(username)
      return { ok: true, value: usersList() }
    },
    'console:users-import': ({ text }) => {
      const names = text.split('\n').filter((l) => l.includes(':')).map((l) => l.split(':')[0]!)
      for (const name of names) state.brokerUsers.set(name, '(hash)')
      return { ok: true, value: { imported: names.length, skipped: [] } }
    },
    'console:client-subscribe': ({ clientId, subscription }) => {
      const d = state.clientDetails.get(clientId)
      if (d !== undefined) state.clientDetails.set(clientId, { ...d, subscriptions: [...d.subscriptions.filter((s) => s.filter !== subscription.filter), subscription] })
      return { ok: true, value: null }
    },
    'console:client-unsubscribe': ({ clientId, filter }) => {
      const d = state.clientDetails.get(clientId)
      if (d !== undefined) state.clientDetails.set(clientId, { ...d, subscriptions: d.subscriptions.filter((s) => s.filter !== filter) })
      return { ok: true, value: null }
    },
    'console:client-action': ({ clientId, action }) => {
      state.clientActions.push({ clientId, action })
      const d = state.clientDetails.get(clientId)
      if (d !== undefined && action === 'purge-queue') state.clientDetails.set(clientId, { ...d, queue: { items: [], offset: 0, total: 0 } })
      return { ok: true, value: { done: `${action} ${clientId}`, removed: d?.queue.total ?? 0 } }
    },
    'console:clients': (q) => ({ ok: true, value: queryClients(state.clients, q, 1_700_000_000_000) }),
    'publish:saved': () => ({ ok: true, value: state.saved }),
    'publish:save': (req) => {
      if (req.kind === 'recent') state.saved = { ...state.saved, recent: [req.entry, ...state.saved.recent] }
      else state.saved = { ...state.saved, templates: [...state.saved.templates.filter((t) => t.name !== req.name), { name: req.name, entry: req.entry }] }
      return { ok: true, value: state.saved }
    },
    'publish:delete-template': ({ name }) => {
      state.saved = { ...state.saved, templates: state.saved.templates.filter((t) => t.name !== name) }
      return { ok: true, value: state.saved }
    },
    'explorer:publish': (req) => {
      if (!state.connections.some((c) => c.id === req.connectionId)) return { ok: false, error: { code: 'not-found', message: `No open explorer connection ${req.connectionId}.` } }
      state.published.push(req)
      return { ok: true, value: req.qos === 0 ? { reasonCode: null, reasonName: null } : { reasonCode: 0, reasonName: 'Success' } }
    },
    'retained:list': ({ connectionId, topic, subtree }) => {
      const all = [...(state.retained.get(connectionId) ?? [])]
      return { ok: true, value: { topics: all.filter((t) => t === topic || (subtree && t.startsWith(`${topic}/`))), truncated: false } }
    },
    'retained:clear': ({ connectionId, topics, undoId }) => {
      const id = undoId ?? `undo-${state.undo.size + 1}`
      const record = state.undo.get(id) ?? { connectionId, topics: [] }
      state.undo.set(id, record)
      for (const topic of topics) state.retained.get(connectionId)?.delete(topic)
      record.topics.push(...topics)
      return { ok: true, value: { cleared: topics, failed: [], undoId: id, undoable: record.topics.length } }
    },
    'retained:undo': ({ undoId }) => {
      const record = state.undo.get(undoId)
      if (record === undefined) return { ok: false, error: { code: 'not-found', message: 'That clear can no longer be undone.' } }
      state.undo.delete(undoId)
      for (const topic of record.topics) state.retained.get(record.connectionId)?.add(topic)
      return { ok: true, value: { restored: record.topics.length, failed: [] } }
    },
    'connections:export': ({ includeSecrets }) => ({ ok: true, value: {
      format: 'topicscope-connections', version: 1, exportedAt: '2026-11-29T12:00:00.000Z', includesSecrets: includeSecrets,
      profiles: state.profiles.map((p) => ({ ...p.profile, password: includeSecrets ? state.passwords.get(p.profile.id) ?? null : null })),
    } }),
    'connections:import': ({ json }) => {
      const doc = JSON.parse(json) as { profiles: ConnectionProfile[] }
      for (const profile of doc.profiles) state.profiles.push({ profile: { ...profile, id: `imported-${state.profiles.length}` }, hasPassword: false, hasTlsKey: false })
      return { ok: true, value: { imported: doc.profiles.length, skipped: [] } }
    },
    'connections:close': ({ id }) => {
      setConnections(state.connections.filter((c) => c.id !== id))
      return { ok: true, value: null }
    },
  }

  const api: Api = {
    invoke(channel, req) {
      calls.push({ channel, req })
      const error = failures.get(channel)
      const handler = handlers[channel] as (req: unknown) => Result<unknown>
      const result = error === undefined ? handler(req) : { ok: false as const, error }
      return Promise.resolve(result as Result<InvokeResponse<typeof channel>>)
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) listeners.set(channel, (set = new Set()))
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => void set.delete(wrapped)
    },
  }

  return {
    api,
    calls,
    state,
    push,
    fail(channel, error) {
      failures.set(channel, error)
    },
    recover(channel) {
      failures.delete(channel)
    },
  }
}

/** Puts every renderer store back to its initial state (they are module singletons). */
export function resetStores(): void {
  appStore.setState(appStore.getInitialState(), true)
  settingsStore.setState(settingsStore.getInitialState(), true)
  navigationStore.setState(navigationStore.getInitialState(), true)
  explorerStore.setState(explorerStore.getInitialState(), true)
  // Data fields only: the actions keep the Api that startIpcSync attached.
  const { profiles, loaded, error } = profilesStore.getInitialState()
  profilesStore.setState({ profiles, loaded, error })
  // Fresh data fields; the actions (and their injected resync) are kept.
  const { trees, structureVersion, expanded, selected, paused, held } = createTopicTreeStore().getState()
  topicTreeStore.setState({ trees, structureVersion, expanded, selected, paused, held })
  treeViewStore.setState(treeViewStore.getInitialState(), true)
  const { connectionId, topic, messages, hasOlder, total, loading, error: historyError, selectedId, full, fetchingFull } = historyStore.getInitialState()
  historyStore.setState({ connectionId, topic, messages, hasOlder, total, loading, error: historyError, selectedId, full, fetchingFull })
  publishStore.setState({ sending: false, last: null, saved: { recent: [], templates: [] }, savedError: null })
  retainedStore.setState({ connectionId: null, phase: { kind: 'idle' } })
  connectionFormStore.setState({ form: null })
  clientsStore.setState({ query: clientsStore.getInitialState().query, page: null, error: null })
  overviewStore.setState({ overview: null, error: null })
  clientDetailStore.setState({ clientId: null, queueOffset: 0, detail: null, error: null })
  retainedAdminStore.setState({ filter: '', offset: 0, page: null, phase: { kind: 'idle' }, error: null })
  subscriptionsStore.setState({ text: '', offset: 0, page: null, answer: null, error: null })
  brokerUsersStore.setState({ list: null, error: null })
  aclStore.setState({ state: null, answer: null, error: null })
  retainedTreeStore.setState({ levels: {}, expanded: [] })
  bridgesStore.setState({ bridges: null, error: null })
  labSimStore.setState({ sim: EMPTY_SIM, error: null })
  lessonsStore.setState({ progress: {}, activeId: null, step: 0, startSeq: 0, running: false, error: null })
  labStore.setState({ events: [], afterSeq: 0, droppedBackend: 0, droppedHere: 0, capacity: 0, recordingSince: null, filter: DEFAULT_TRACE_FILTER, source: 'embedded', seenFromThisSide: false, cursor: null, presenter: false, error: null })
  resetVisibleRows()
  transportStore.setState({ kind: 'electron', state: 'open', retryAt: null }, true)
}

/** Lets pending promise callbacks (fake invokes resolve immediately) run. */
export const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** A page as the real history store cuts it: newest first, keyset cursors, payloads cut to the preview size. */
function historyPage(all: readonly HistoryMessage[], req: HistoryPageRequest): HistoryPage {
  const newer = (m: HistoryMessage, c: { receivedAt: number; id: number }) => m.receivedAt > c.receivedAt || (m.receivedAt === c.receivedAt && m.id > c.id)
  const inTopic = all.filter((m) => m.connectionId === req.connectionId && (m.topic === req.topic || (req.includeSubtopics === true && m.topic.startsWith(`${req.topic}/`))))
  const sorted = [...inTopic].sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id)
  let candidates = sorted
  if (req.before) candidates = candidates.filter((m) => newer({ receivedAt: req.before!.receivedAt, id: req.before!.id } as HistoryMessage, m))
  if (req.after) {
    // Forward paging takes the oldest of the newer messages.
    const after = candidates.filter((m) => newer(m, req.after!)).reverse()
    candidates = after.slice(0, req.limit).reverse()
    const messages = candidates.map((m) => cut(m, req.payloadPreviewBytes))
    return { messages, hasMore: after.length > req.limit, nextCursor: messages[0] === undefined ? null : { receivedAt: messages[0].receivedAt, id: messages[0].id } }
  }
  const messages = candidates.slice(0, req.limit).map((m) => cut(m, req.payloadPreviewBytes))
  const last = messages.at(-1)
  return {
    messages, hasMore: candidates.length > req.limit, nextCursor: last === undefined ? null : { receivedAt: last.receivedAt, id: last.id },
    ...(req.before ? {} : { totalForTopic: inTopic.length }),
  }
}

function cut(m: HistoryMessage, bytes: number | undefined): HistoryMessage {
  if (bytes === undefined || m.payload.length <= bytes) return m
  return { ...m, payload: m.payload.slice(0, bytes), truncated: true }
}

/** A broker overview with `samples` one second apart (default: three quiet seconds). */
export function makeOverview(samples: Array<Partial<OverviewSample>> = [{}, {}, {}]): BrokerOverview {
  const full = samples.map((s, i): OverviewSample => ({
    at: 1_700_000_000_000 + i * 1000, clientsConnected: 1, offlineSessions: 0, messagesInPerSec: 0, messagesOutPerSec: 0,
    bytesInPerSec: 0, bytesOutPerSec: 0, retained: 0, subscriptions: 2, ...s,
  }))
  return {
    startedAt: 1_700_000_000_000 - 60_000, now: full.at(-1)!, samples: full, messagesReceived: 0, messagesSent: 0,
    dropped: { 'queue-full': 0, expired: 0, 'too-large': 0, 'no-subscribers': 0, 'not-authorized': 0 },
  }
}
