// Composition root of the backend, shared by the desktop app (electron/main.ts) and the headless
// entry (electron/headless.ts). Knows nothing of Electron or of how pushes reach a page.
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { AppInfo, AppMode, AppWarning, BackendStatus } from '../../shared/model/app-status'
import type { Settings, SettingsPatch } from '../../shared/model/settings'
import type { EmbeddedBrokerStatus } from '../../shared/model/broker-status'
import { startBroker, type RunningBroker } from './broker/broker-service'
import { brokerConfigFromSettings, optionalListeners } from './broker/config/broker-config'
import type { BrokerPolicy } from './broker/hooks'
import { brokerChangeEffects } from '../../shared/model/broker-change'
import { applySettingsPatch, brokerSettingsProblem } from '../../shared/model/settings-parse'
import { makeTrustedCredentials, withTrustedClient } from './console/trusted-client-policy'
import { BridgeManager } from './bridge/bridge-manager'
import { LabTraceService } from './lab/lab-trace-service'
import { FaultPlan } from './lab/fault-plan'
import { VirtualClients } from './lab/virtual-clients'
import { LessonProgressStore } from './lab/lesson-progress'
import type { LabSimState } from '../../shared/model/lab-sim'
import type { LocalEndpoint } from './bridge/bridge-runtime'
import { DROP_REASONS } from './broker/hooks'
import { ExplorerService } from './explorer/explorer-service'
import { FILE_0600_CODEC, ProfileStore, SECRETS_FILE, type SecretCodec } from './explorer/profile-store'
import { HistoryRecorder } from './explorer/history-recorder'
import { SavedPublishStore } from './explorer/saved-publish-store'
import { clientRows, queryClients } from './console/client-rows'
import { StatsHistory } from './console/stats-history'
import { RetainedAdmin } from './console/retained-admin'
import { BrokerUsers } from './console/broker-users'
import { BrokerAcl } from './console/broker-acl'
import type { BrokerAclState } from '../../shared/model/broker-acl'
import type { BrokerUsersList, UsersImportResult } from '../../shared/model/broker-users'
import type { Broker } from './broker/broker'
import type { ListenerConfig } from './broker/config/broker-config'
import type { BrokerOverview } from '../../shared/model/broker-overview'
import type { ClientsPage, ClientsQuery } from '../../shared/model/broker-clients'
import { HistoryStore } from './history/history-store'
import { PushHub, type PushTarget } from './push-hub'
import { SettingsFile, type SettingsWarning } from './settings/settings-file'
import { AppFailure } from './support/app-failure'
import type { Logger } from './support/logger'

/** The status bar refreshes at this pace; slower would look dead, faster is wasted IPC. */
export const STATUS_PUSH_INTERVAL_MS = 1000
export const SETTINGS_FILE_NAME = 'settings.json'
export const HISTORY_FILE_NAME = 'history.sqlite'
/** Message history kept on disk: the oldest messages go beyond this many bytes or this age. */
export const HISTORY_BUDGET_BYTES = 256 * 1024 * 1024
export const HISTORY_MAX_AGE_MS = 7 * 24 * 3600 * 1000

export interface AppCoreOptions {
  mode: AppMode
  dataDir: string
  version: string
  log: Logger
  now?: () => number
  statusPushIntervalMs?: number
  /**
   * Whether to run the embedded broker, built from the user's settings; `portOverride` (serve --mqtt-port)
   * replaces the stored port for this run. Omitted: no broker (tests of the shell alone).
   */
  broker?: { portOverride: number | null }
  /**
   * How often tree changes reach the page, in ms (default 100). The bench sets 0 (TOPICSCOPE_TREE_FLUSH_MS)
   * to measure the page without batching; nothing else should.
   */
  treeFlushMs?: number
  /** How connection secrets are sealed: the OS keychain in the desktop app, a 0600 file otherwise. */
  secretCodec?: SecretCodec
  /** Reconnect delays of bridges to their remotes (tests shorten them). */
  bridgeBackoff?: { minMs: number; maxMs: number }
}

/** Owns the backend's state and services for one run of the app. */
export class AppCore {
  private readonly warnings: AppWarning[] = []
  private readonly hub: PushHub
  private readonly startedAt: number
  private readonly now: () => number
  private statusTimer: NodeJS.Timeout | null = null
  private webClients = 0
  private warningSeq = 0
  private stopping = false
  private brokerError: string | null = null
  private brokerPortOverride: number | null = null
  private brokerEnabled = false
  settings!: SettingsFile
  /** The embedded broker, once started; null if none was asked for or it failed to start. */
  broker: RunningBroker | null = null
  /** The embedded broker's users (broker-users.passwd); their policy is applied to the broker at start and on change. */
  users!: BrokerUsers
  /** The QoS lab's fault rules, applied through the broker's policy (rebuilt when they change). */
  readonly faults = new FaultPlan(() => { if (this.broker !== null) this.broker.broker.policy = this.brokerPolicy() }, (client) => client.username === this.trusted.username)
  /** The QoS lab's virtual clients: ordinary MQTT clients of the embedded broker, over loopback. */
  readonly virtualClients = new VirtualClients(() => {
    const at = this.localEndpoint()
    return at === null ? null : { host: at.host, port: at.port }
  })
  /** How far the user got in each lab lesson (lab-progress.json). */
  lessonProgress!: LessonProgressStore
  /** The QoS lab's packet trace of the embedded broker (recorded while the lab asks for it). */
  readonly labTrace = new LabTraceService(() => this.broker?.broker ?? null, (client) => client.username === this.trusted.username, () => this.explorer)
  /** Bridges from the embedded broker to remote brokers (null without a broker). */
  bridges: BridgeManager | null = null
  /** The embedded broker's ACL (broker-acl.conf), applied with the users. */
  acl!: BrokerAcl
  /** How the app's own Explorer connection signs in to the embedded broker, past users, anonymous access and ACL. */
  private readonly trusted = makeTrustedCredentials()
  /** The console's retained store (lists, deletes with undo) on whichever broker runs. */
  readonly retainedAdmin = new RetainedAdmin(() => this.runningBroker())
  /** The embedded broker's figures, one sample per second, for the console's plots (null without a broker). */
  private brokerStats: StatsHistory | null = null
  /** The explorer's connections and trees (the embedded broker's connection follows the broker). */
  explorer: ExplorerService | null = null
  /** Saved connection profiles (secrets sealed apart). */
  profiles!: ProfileStore
  /** The publish form's recent publishes and templates. */
  savedPublishes!: SavedPublishStore

  private constructor(private readonly opts: AppCoreOptions) {
    this.now = opts.now ?? Date.now
    this.startedAt = this.now()
    this.hub = new PushHub((err) => opts.log.error('A push target failed', err))
  }

  /** Creates the data folder, loads settings and starts the status pushes. */
  static async open(opts: AppCoreOptions): Promise<AppCore> {
    const core = new AppCore(opts)
    try {
      await mkdir(opts.dataDir, { recursive: true, mode: 0o700 })
    } catch (err) {
      throw new AppFailure('internal', `Cannot create the data folder ${opts.dataDir}: ${(err as Error).message}`)
    }
    core.settings = await SettingsFile.load(join(opts.dataDir, SETTINGS_FILE_NAME), (w) => core.addWarning(w), core.now)
    core.profiles = ProfileStore.load(opts.dataDir, opts.secretCodec ?? FILE_0600_CODEC, (message) =>
      core.addWarning({ code: 'connections-unreadable', params: { reason: message }, message }))
    core.users = new BrokerUsers(opts.dataDir, (message) => opts.log.warn(message))
    core.acl = new BrokerAcl(opts.dataDir, (message) => opts.log.warn(message))
    core.lessonProgress = new LessonProgressStore(opts.dataDir, (message) => opts.log.warn(message))
    core.savedPublishes = SavedPublishStore.load(opts.dataDir, (message) =>
      core.addWarning({ code: 'publishes-unreadable', params: { reason: message }, message }))
    if (opts.broker !== undefined) {
      core.explorer = new ExplorerService(core.hub, opts.log, core.openHistory(), opts.treeFlushMs)
      core.brokerPortOverride = opts.broker.portOverride
      core.bridges = new BridgeManager({
        dataDir: opts.dataDir, log: opts.log, broker: () => core.broker?.broker ?? null, local: () => core.localEndpoint(),
        onWarning: (message) => core.addWarning({ code: 'bridges-unreadable', params: { reason: message }, message }),
        backoff: opts.bridgeBackoff,
      })
      await core.startEmbeddedBroker()
      core.bridges.startAll()
      core.openAutoConnectProfiles()
    }
    const interval = opts.statusPushIntervalMs ?? STATUS_PUSH_INTERVAL_MS
    core.statusTimer = setInterval(() => {
      core.brokerStats?.sample()
      core.hub.send('app:status', core.status())
    }, interval)
    core.statusTimer.unref()
    return core
  }

  /**
   * Opens every saved profile marked "connect when Topicscope starts". Not awaited: a broker that does not
   * answer must not hold the app's start; each connection's status says how it went.
   */
  private openAutoConnectProfiles(): void {
    for (const { profile } of this.profiles.list()) {
      if (!profile.autoConnect || this.explorer === null) continue
      this.explorer.open(this.profiles.get(profile.id)).catch((err: Error) => this.opts.log.warn(`Could not open '${profile.name}' at start: ${err.message}`))
    }
  }

  /** The console's overview: live figures, drops by reason and the last 15 minutes of samples. */
  consoleOverview(): BrokerOverview {
    this.runningBroker()
    return this.brokerStats!.overview()
  }

  async setBrokerUser(username: string, password: string): Promise<BrokerUsersList> {
    await this.users.set(username, password)
    return this.applyUsers()
  }

  async removeBrokerUser(username: string): Promise<BrokerUsersList> {
    await this.users.remove(username)
    return this.applyUsers()
  }

  async importBrokerUsers(text: string): Promise<UsersImportResult> {
    const result = await this.users.importFile(text)
    this.applyUsers()
    return result
  }

  /** The running broker checks the next CONNECTs against the users as they are now; connected clients stay. */
  private applyUsers(): BrokerUsersList {
    if (this.broker !== null) this.broker.broker.policy = this.brokerPolicy()
    return this.users.list()
  }

  /** Users, ACL and anonymous access as they are now, with the app's own connection let through, and the lab's faults. */
  private brokerPolicy(): BrokerPolicy {
    return this.faults.wrap(withTrustedClient(this.users.policy(this.acl.current(), this.settings.get().broker.allowAnonymous), this.trusted))
  }

  /** Starts a lesson afresh: no virtual client, no fault rule, an empty trace. */
  async resetLab(): Promise<LabSimState> {
    this.faults.clear()
    await this.virtualClients.close()
    this.labTrace.clear()
    return this.labSim()
  }

  /** Restarts the embedded broker as it is (the persistence lesson's "the broker goes down and comes back"). */
  async restartBroker(): Promise<void> {
    if (!this.brokerEnabled) throw new AppFailure('unavailable', 'This backend runs no broker.')
    await this.restartEmbeddedBroker()
  }

  /** The QoS lab's virtual clients and fault rules as the lab shows them. */
  labSim(): LabSimState {
    return { clients: this.virtualClients.list(), ...this.faults.state() }
  }

  /** Applies a new ACL text (refused whole when a line is wrong); connected clients stay, their next checks use it. */
  async setBrokerAcl(text: string): Promise<BrokerAclState> {
    const state = await this.acl.set(text)
    this.applyUsers()
    return state
  }

  /** A page of the embedded broker's clients for the console. */
  consoleClients(q: ClientsQuery): ClientsPage {
    const running = this.runningBroker()
    return queryClients(clientRows(running), q, running.now())
  }

  /** The embedded broker, for the console; an AppFailure that says why when it is not running. */
  runningBroker(): Broker {
    const running = this.broker?.broker
    if (running === undefined) throw new AppFailure('unavailable', `The embedded broker is not running${this.brokerError === null ? '' : `: ${this.brokerError}`}.`)
    return running
  }

  /** Facts that do not change while this backend runs. */
  info(): AppInfo {
    return {
      name: 'Topicscope',
      version: this.opts.version,
      mode: this.opts.mode,
      platform: `${process.platform}-${process.arch}`,
      runtime: `Node ${process.versions.node}`,
      dataDir: this.opts.dataDir,
      settingsFile: this.settings.path,
      secretStorage: { kind: this.profiles.secretStorage, file: join(this.opts.dataDir, SECRETS_FILE) },
      startedAt: this.startedAt,
    }
  }

  /** The live state shown in the status bar. */
  status(): BackendStatus {
    const mem = process.memoryUsage()
    return {
      state: this.stopping ? 'stopping' : 'ready',
      uptimeMs: this.now() - this.startedAt,
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      webClients: this.webClients,
      warnings: [...this.warnings],
      broker: this.brokerStatus(),
      at: this.now(),
    }
  }

  /**
   * Starts the embedded broker. A busy port or a bad file does not stop the app: it becomes a
   * warning in the UI and the status shows the broker as failed.
   */
  async startEmbeddedBroker(): Promise<void> {
    this.brokerEnabled = true
    const config = brokerConfigFromSettings(this.settings.get().broker, this.brokerPortOverride)
    try {
      this.broker = await startBroker({
        config, version: this.opts.version, log: this.opts.log, dataDir: this.opts.dataDir,
        onPersistenceFailure: (err) => this.warnOnce('persistence-failed', { reason: err.message },
          `The broker could not store messages (${err.message}); QoS 1/2 publishes are refused until it can.`),
      })
      this.brokerError = null
      this.broker.broker.policy = this.brokerPolicy()
      // A restarted broker starts its plots afresh: its counters start from zero too.
      this.brokerStats = new StatsHistory(this.broker.broker)
      await this.openListeners(config.listeners[0]!)
      for (const w of this.broker.warnings) this.addWarning({ code: w.code === 'store-moved-aside' ? 'persistence-reset' : 'persistence-log-damaged', params: w.params, message: w.message })
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      this.brokerError = reason
      await this.explorer?.connectEmbedded(null)
      this.addWarning({ code: 'broker-failed', params: { reason }, message: `The embedded MQTT broker did not start: ${reason}` })
    }
  }

  /**
   * Opens the listeners the settings ask for beside the TCP one and closes the others, then points the
   * Explorer at the TCP listener. A listener that cannot open (busy port, unreadable certificate) is a
   * warning; the broker and its other listeners keep serving.
   */
  private async openListeners(tcp: ListenerConfig): Promise<void> {
    const running = this.broker
    if (running === null) return
    const { configs, problems } = optionalListeners(this.settings.get().broker, (path) => readFileSync(path, 'utf8'))
    const failures = await running.setListeners([tcp, ...configs])
    for (const reason of [...problems, ...failures]) this.addWarning({ code: 'listener-failed', params: { reason }, message: reason })
    const endpoint = this.localEndpoint()
    if (this.explorer?.embeddedEndpoint() !== (endpoint === null ? null : `${endpoint.host}:${endpoint.port}`)) {
      await this.explorer?.connectEmbedded(endpoint)
      this.bridges?.localEndpointChanged()
    }
  }

  /** Where the app's own clients (Explorer, bridges) reach the embedded broker, signed in as trusted; null: not running. */
  localEndpoint(): LocalEndpoint | null {
    const tcp = this.broker?.listeners.find((l) => l.config.protocol === 'mqtt' && l.config.tls === null)
    if (tcp === undefined) return null
    const host = tcp.config.host === '0.0.0.0' || tcp.config.host === '::' ? '127.0.0.1' : tcp.config.host
    return { host, port: tcp.port, ...this.trusted }
  }

  /**
   * Applies a change of the broker settings with the least disruption (see brokerChangeEffects): a
   * persistence change restarts the broker; a listener change reopens that listener only; anonymous
   * access and limits apply live, keeping every connection and session.
   */
  private async applyBrokerSettings(before: Settings['broker'], after: Settings['broker']): Promise<void> {
    const effects = brokerChangeEffects(before, after)
    if (effects.length === 0) return
    if (before.port !== after.port) this.brokerPortOverride = null // the user chose a port: the command line's no longer applies
    if (this.broker === null || effects.some((e) => e.kind === 'broker-restart')) return this.restartEmbeddedBroker()
    this.broker.broker.policy = this.brokerPolicy()
    this.broker.broker.updateLimits(after.limits)
    if (effects.some((e) => e.kind.startsWith('listener-'))) {
      this.dropWarnings('listener-failed')
      await this.openListeners(brokerConfigFromSettings(after, this.brokerPortOverride).listeners[0]!)
    }
    this.hub.send('app:status', this.status())
  }

  private dropWarnings(code: AppWarning['code']): void {
    for (let i = this.warnings.length - 1; i >= 0; i--) if (this.warnings[i]!.code === code) this.warnings.splice(i, 1)
  }

  /** The explorer's message history in its own file; a problem becomes a warning and no history. */
  private openHistory(): HistoryRecorder | null {
    const path = join(this.opts.dataDir, HISTORY_FILE_NAME)
    try {
      const { store, report } = HistoryStore.open(path, { budgetBytes: HISTORY_BUDGET_BYTES, maxAgeMs: HISTORY_MAX_AGE_MS })
      if (report.movedAsideTo !== null) {
        const reason = report.reason ?? 'unknown reason'
        this.addWarning({ code: 'history-reset', params: { movedTo: report.movedAsideTo, reason },
          message: `The message history was unreadable (${reason}); it was moved to ${report.movedAsideTo} and starts empty.` })
      }
      return new HistoryRecorder(store, this.opts.log)
    } catch (err) {
      const reason = (err as Error).message
      this.addWarning({ code: 'history-unavailable', params: { reason }, message: `The message history is off: ${reason}` })
      return null
    }
  }

  /**
   * Restarts the broker (a persistence change): every client is disconnected; sessions survive only in a
   * persistent mode (the console says so before the user applies).
   */
  private async restartEmbeddedBroker(): Promise<void> {
    await this.explorer?.connectEmbedded(null)
    await this.broker?.close()
    this.broker = null
    this.brokerStats = null
    this.brokerError = null
    this.dropWarnings('broker-failed')
    this.dropWarnings('listener-failed')
    await this.startEmbeddedBroker()
    this.hub.send('app:status', this.status())
  }

  private brokerStatus(): EmbeddedBrokerStatus | null {
    if (this.broker === null) {
      if (this.brokerError === null) return null
      return { state: 'failed', urls: [], listeners: [], portFromCommandLine: this.brokerPortOverride, error: this.brokerError, clientsConnected: 0, sessions: 0, subscriptions: 0, retained: 0, messagesReceived: 0, messagesSent: 0, dropped: 0 }
    }
    const b = this.broker.broker
    return {
      state: 'running',
      urls: this.broker.listeners.map((l) => l.url),
      listeners: listenerLoads(this.broker),
      portFromCommandLine: this.brokerPortOverride,
      error: null,
      clientsConnected: b.connections.size,
      sessions: b.sessions.size,
      subscriptions: b.subscriptions.size,
      retained: b.retained.size,
      messagesReceived: b.counters.messagesReceived,
      messagesSent: b.counters.messagesSent,
      dropped: DROP_REASONS.reduce((sum, r) => sum + b.counters.dropped[r], 0),
    }
  }

  /** Records a warning the user must see: logged now, shown in the UI until dismissed. */
  addWarning(w: SettingsWarning | Omit<AppWarning, 'id' | 'at'>): void {
    this.opts.log.warn(w.message)
    this.warnings.push({ ...w, id: `w${++this.warningSeq}`, at: this.now() })
    this.hub.send('app:status', this.status())
  }

  /** Adds a warning unless one with the same code is still shown (a failing disk would repeat it per commit). */
  private warnOnce(code: AppWarning['code'], params: Record<string, string>, message: string): void {
    if (this.warnings.some((w) => w.code === code)) return
    this.addWarning({ code, params, message })
  }

  /** Hides a warning. Unknown ids are ignored: two tabs may dismiss the same one. */
  dismissWarning(id: string): BackendStatus {
    const index = this.warnings.findIndex((w) => w.id === id)
    if (index >= 0) this.warnings.splice(index, 1)
    const status = this.status()
    this.hub.send('app:status', status)
    return status
  }

  /** Applies a validated settings change, saves it and tells every front end. */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.settings.get().broker
    const problem = brokerSettingsProblem(applySettingsPatch(this.settings.get(), patch).broker)
    if (problem !== null) throw new AppFailure('bad-request', problem.message)
    const settings = await this.settings.update(patch)
    this.hub.send('settings:changed', settings)
    if (this.brokerEnabled) await this.applyBrokerSettings(before, settings.broker)
    return settings
  }

  /** Attaches a front end for pushes. */
  attachPushTarget(target: PushTarget): () => void {
    return this.hub.attach(target)
  }

  /** Sends a push to every front end (used by the native menu for navigation). */
  get push(): PushTarget {
    return this.hub
  }

  /** The web server reports how many tabs are connected. */
  setWebClientCount(count: number): void {
    this.webClients = count
  }

  /** Stops timers and flushes pending writes. */
  /** Stops everything; safe to call twice (a restart in tests, a window closed during quit). */
  async close(): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    if (this.statusTimer !== null) clearInterval(this.statusTimer)
    this.statusTimer = null
    this.labTrace.close()
    this.faults.clear()
    await this.virtualClients.close()
    await this.explorer?.close()
    await this.bridges?.close()
    await this.broker?.close()
    this.broker = null
    await this.settings.flush()
  }
}

/** Each open listener with the number of clients it carries. */
function listenerLoads(running: RunningBroker): EmbeddedBrokerStatus['listeners'] {
  const clients = new Map<string, number>()
  for (const conn of running.broker.connections.values()) clients.set(conn.info.listener, (clients.get(conn.info.listener) ?? 0) + 1)
  return running.listeners.map((l) => ({
    kind: l.config.protocol === 'websockets' ? 'websocket' as const : l.config.tls !== null ? 'tls' as const : 'mqtt' as const,
    url: l.url,
    clients: clients.get(l.name) ?? 0,
  }))
}
