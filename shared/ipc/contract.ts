// The single source of truth for backend ↔ UI traffic, used by both transports (Electron IPC and the
// WebSocket of `topicscope serve`). Plain data only: epoch ms, Uint8Array, no classes, Maps or functions.
import type { Result } from '../model/app-error'
import type { AppInfo, BackendStatus } from '../model/app-status'
import type { Settings, SettingsPatch } from '../model/settings'
import type { ViewId } from '../model/views'
import type { ExplorerConnection, SavedProfile, SaveProfileRequest } from '../model/explorer'
import type { TopicTreeDelta, TopicTreeSnapshot } from '../model/topic-tree'
import type { HistoryMessage, HistoryPage, HistoryPageRequest } from '../model/history'
import type { PublishRequest, PublishResult } from '../model/publish'
import type { ImportResult, ProfilesExport } from '../model/profile-transfer'
import type { ClientsPage, ClientsQuery } from '../model/broker-clients'
import type { BrokerOverview } from '../model/broker-overview'
import type { RetainedDeleteResult, RetainedPage, RetainedQuery, RetainedLevels } from '../model/broker-retained'
import type { SubscriptionsPage, SubscriptionsQuery, WhoReceives } from '../model/broker-subscriptions'
import type { BrokerUsersList, UsersImportResult } from '../model/broker-users'
import type { AclProblem, AclTestAnswer, AclTestRequest, BrokerAclState } from '../model/broker-acl'
import type { BridgeSave, BridgeView } from '../model/bridge'
import type { TracePage, TracePageRequest } from '../model/lab-trace'
import type { FaultRule, LabSimState, VirtualClientAction, VirtualClientConfig } from '../model/lab-sim'
import type { LessonProgress } from '../model/lab-lessons'
import type { ClientAction, ClientActionResult, ClientDetail, ClientDetailRequest, ClientSubscriptionRow } from '../model/broker-client-detail'
import type { SavedPublishes, SavePublishRequest } from '../model/saved-publish'
import type { ClearRetainedRequest, ClearRetainedResult, RetainedList, RetainedListRequest, UndoClearResult } from '../model/retained'

export type { AppError, AppErrorCode, Result } from '../model/app-error'

/** renderer → backend, request/response. */
export interface Invokes {
  'app:info': { req: null; res: AppInfo }
  'app:status': { req: null; res: BackendStatus }
  'app:dismiss-warning': { req: { id: string }; res: BackendStatus }
  'settings:get': { req: null; res: Settings }
  'settings:update': { req: SettingsPatch; res: Settings }
  'explorer:connections': { req: null; res: ExplorerConnection[] }
  /** The whole tree of one connection, with the `seq` of the last delta it includes (resync after a gap). */
  'tree:snapshot': { req: { connectionId: string }; res: TopicTreeSnapshot }
  /** A page of one topic's (or subtree's) stored messages, newest first, with keyset cursors. */
  'history:page': { req: HistoryPageRequest; res: HistoryPage }
  /** One stored message with its whole payload (the page may carry previews only). */
  'history:message': { req: { id: number }; res: HistoryMessage }
  /** Saved connection profiles, without their secrets. */
  'connections:profiles': { req: null; res: SavedProfile[] }
  /** Creates or updates a profile (validated; secrets kept apart); returns it as saved. */
  'connections:save': { req: SaveProfileRequest; res: SavedProfile }
  'connections:delete': { req: { id: string }; res: null }
  /** Opens a saved profile as an explorer connection (its tree becomes a root). */
  'connections:open': { req: { id: string }; res: null }
  'connections:close': { req: { id: string }; res: null }
  /** Every saved profile as an export document; passwords and TLS keys only with includeSecrets. */
  'connections:export': { req: { includeSecrets: boolean }; res: ProfilesExport }
  /** Adds the profiles of an export document (its JSON text) as new saved profiles. */
  'connections:import': { req: { json: string }; res: ImportResult }
  /** Publishes one message on an open explorer connection; resolves when the broker acknowledged it (QoS 1/2) or it was written (QoS 0). */
  'explorer:publish': { req: PublishRequest; res: PublishResult }
  /** A page of the embedded broker's clients (connected, and offline with a kept session), filtered and sorted. */
  'console:clients': { req: ClientsQuery; res: ClientsPage }
  /** The embedded broker's live figures, drops by reason, and a sample per second of the last 15 minutes. */
  'console:overview': { req: null; res: BrokerOverview }
  /** One client: subscriptions, inflight both ways, a page of its queue. */
  'console:client': { req: ClientDetailRequest; res: ClientDetail }
  /** Disconnect (v5 reason 0x98), discard the session, or purge the queue. */
  'console:client-action': { req: { clientId: string; action: ClientAction }; res: ClientActionResult }
  /** Adds (or replaces) a subscription in a client's session, as if the client had sent it. */
  'console:client-subscribe': { req: { clientId: string; subscription: ClientSubscriptionRow }; res: null }
  'console:client-unsubscribe': { req: { clientId: string; filter: string }; res: null }
  /** A page of the broker's retained messages matching a filter (or a topic prefix). */
  'console:retained': { req: RetainedQuery; res: RetainedPage }
  /** The retained store as a tree: the levels below a path (null: the top), with counts at and below each. */
  'console:retained-levels': { req: { path: string | null }; res: RetainedLevels }
  /** Every topic a delete of the filter would remove, for the preview before it. */
  'console:retained-topics': { req: { filter: string }; res: { topics: string[] } }
  'console:retained-delete': { req: { topics: string[] }; res: RetainedDeleteResult }
  /** Puts back exactly what a delete removed (a topic retained again since keeps its newer message). */
  'console:retained-undo': { req: { undoId: string }; res: { restored: number; skipped: number } }
  /** Every filter with its subscribers (shared groups with their members), paged. */
  'console:subscriptions': { req: SubscriptionsQuery; res: SubscriptionsPage }
  /** Which clients a message on this topic would reach. */
  'console:who-receives': { req: { topic: string }; res: WhoReceives }
  /** The embedded broker's user names (never their hashes). */
  'console:users': { req: null; res: BrokerUsersList }
  /** Adds a user or sets a new password; applies at once, without dropping connected clients. */
  'console:user-set': { req: { username: string; password: string }; res: BrokerUsersList }
  'console:user-remove': { req: { username: string }; res: BrokerUsersList }
  /** Adds the users of a mosquitto password file's text. */
  'console:users-import': { req: { text: string }; res: UsersImportResult }
  /** The ACL in force (mosquitto's format; empty: none). */
  /** The QoS lab's packet trace of the embedded broker after a seq, filtered; asking keeps it recording. */
  'lab:trace': { req: TracePageRequest; res: TracePage }
  /** Forgets the recorded packets (numbering goes on). */
  'lab:trace-clear': { req: null; res: null }
  /** The lab's virtual clients and fault rules (with the packets held in step mode). */
  'lab:sim': { req: null; res: LabSimState }
  /** Removes every virtual client and fault rule and empties the trace (a lesson starting afresh). */
  'lab:reset': { req: null; res: LabSimState }
  /** Restarts the embedded broker as it is: sessions survive only in a persistent mode. */
  'lab:restart-broker': { req: null; res: null }
  'lab:progress': { req: null; res: LessonProgress }
  'lab:progress-set': { req: { lessonId: string; step: number; completed: boolean }; res: LessonProgress }
  'lab:progress-reset': { req: { lessonId: string }; res: LessonProgress }
  'lab:client-add': { req: VirtualClientConfig; res: LabSimState }
  'lab:client-action': { req: { clientId: string; action: VirtualClientAction }; res: LabSimState }
  'lab:fault-add': { req: Omit<FaultRule, 'id' | 'hits'>; res: LabSimState }
  'lab:fault-remove': { req: { id: string }; res: LabSimState }
  /** Lets a packet held in step mode go on (or every one). */
  'lab:fault-release': { req: { id: number | 'all' }; res: LabSimState }
  /** The bridges to remote brokers with their state, queue and counters (passwords never leave the backend). */
  'console:bridges': { req: null; res: BridgeView[] }
  /** Adds or replaces a bridge and restarts it alone; a password left out keeps the stored one. */
  'console:bridge-save': { req: BridgeSave; res: BridgeView[] }
  /** Removes a bridge and discards its session (and queue) on the embedded broker. */
  'console:bridge-remove': { req: { id: string }; res: BridgeView[] }
  'console:acl': { req: null; res: BrokerAclState }
  /** The problems of an ACL text, line by line, without applying it. */
  'console:acl-check': { req: { text: string }; res: AclProblem[] }
  /** Applies an ACL text (refused whole when a line is wrong). */
  'console:acl-set': { req: { text: string }; res: BrokerAclState }
  /** "Can user U as client C read/write/subscribe T?" with the ACL in force. */
  'console:acl-test': { req: AclTestRequest; res: AclTestAnswer }
  /** The publish form's recent publishes and named templates. */
  'publish:saved': { req: null; res: SavedPublishes }
  /** Remembers a publish (recent) or saves it under a name (template, replacing one of that name). */
  'publish:save': { req: SavePublishRequest; res: SavedPublishes }
  'publish:delete-template': { req: { name: string }; res: SavedPublishes }
  /** The topics at (and below) a path that hold a retained message, as the connection saw them. */
  'retained:list': { req: RetainedListRequest; res: RetainedList }
  /** Clears up to MAX_CLEAR_CHUNK retained topics; chunks of one clear share its undo id. */
  'retained:clear': { req: ClearRetainedRequest; res: ClearRetainedResult }
  /** Publishes again, retained, what a clear removed. */
  'retained:undo': { req: { undoId: string }; res: UndoClearResult }
}

/** backend → renderer, fire-and-forget; at most one per channel per batch interval. */
export interface Pushes {
  'app:status': BackendStatus
  'settings:changed': Settings
  /** The native menu asks the page to show a view. */
  'app:navigate': { view: ViewId }
  /** Coalesced tree changes of one connection, at most one per 100 ms (300 ms while hidden). */
  'tree:delta': TopicTreeDelta
  /** The explorer's connections, on every status change. */
  'explorer:connections': ExplorerConnection[]
}

export type InvokeChannel = keyof Invokes
export type PushChannel = keyof Pushes
export type InvokeRequest<C extends InvokeChannel> = Invokes[C]['req']
export type InvokeResponse<C extends InvokeChannel> = Invokes[C]['res']

/** Runtime allowlist of invoke channels; `satisfies` fails the build when one is missing or misspelled. */
export const INVOKE_CHANNELS = {
  'app:info': true,
  'app:status': true,
  'app:dismiss-warning': true,
  'settings:get': true,
  'settings:update': true,
  'explorer:connections': true,
  'tree:snapshot': true,
  'history:page': true,
  'history:message': true,
  'connections:profiles': true,
  'connections:save': true,
  'connections:delete': true,
  'connections:open': true,
  'connections:close': true,
  'connections:export': true,
  'connections:import': true,
  'explorer:publish': true,
  'console:clients': true,
  'console:overview': true,
  'console:client': true,
  'console:client-action': true,
  'console:client-subscribe': true,
  'console:client-unsubscribe': true,
  'console:retained': true,
  'console:retained-levels': true,
  'console:retained-topics': true,
  'console:retained-delete': true,
  'console:retained-undo': true,
  'console:subscriptions': true,
  'console:who-receives': true,
  'console:users': true,
  'console:user-set': true,
  'console:user-remove': true,
  'console:users-import': true,
  'lab:trace': true,
  'lab:trace-clear': true,
  'lab:sim': true,
  'lab:reset': true,
  'lab:restart-broker': true,
  'lab:progress': true,
  'lab:progress-set': true,
  'lab:progress-reset': true,
  'lab:client-add': true,
  'lab:client-action': true,
  'lab:fault-add': true,
  'lab:fault-remove': true,
  'lab:fault-release': true,
  'console:bridges': true,
  'console:bridge-save': true,
  'console:bridge-remove': true,
  'console:acl': true,
  'console:acl-check': true,
  'console:acl-set': true,
  'console:acl-test': true,
  'publish:saved': true,
  'publish:save': true,
  'publish:delete-template': true,
  'retained:list': true,
  'retained:clear': true,
  'retained:undo': true,
} as const satisfies Record<InvokeChannel, true>

/** Runtime allowlist of push channels. */
export const PUSH_CHANNELS = {
  'app:status': true,
  'settings:changed': true,
  'app:navigate': true,
  'tree:delta': true,
  'explorer:connections': true,
} as const satisfies Record<PushChannel, true>

/** True when `channel` is an allowlisted invoke channel (own property, so `__proto__` is not). */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(INVOKE_CHANNELS, channel)
}

/** True when `channel` is an allowlisted push channel. */
export function isPushChannel(channel: unknown): channel is PushChannel {
  return typeof channel === 'string' && Object.hasOwn(PUSH_CHANNELS, channel)
}

/** What the renderer sees of the backend, whichever transport carries it. */
export interface Api {
  invoke<C extends InvokeChannel>(channel: C, req: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>>
  on<C extends PushChannel>(channel: C, listener: (payload: Pushes[C]) => void): () => void
}
