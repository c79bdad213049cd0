// Starts a whole broker from a BrokerConfig: reads the password and ACL files, builds the auth policy,
// opens every listener (all or none), and runs $SYS and the -v packet log. Used by `topicscope broker`,
// `topicscope serve` and the desktop app.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { warmUpCodec } from '../codec/mqtt-codec'
import { AppFailure } from '../support/app-failure'
import type { Logger } from '../support/logger'
import { parseAclFile, type Acl } from './auth/acl-file'
import { createFileAuthPolicy } from './auth/file-auth-policy'
import { parsePasswordFile, type PasswordHash } from './auth/password-file'
import { Broker } from './broker'
import type { BrokerConfig, ListenerConfig } from './config/broker-config'
import type { BrokerPolicy } from './hooks'
import { startListener, type RunningListener } from './listeners/start-listener'
import { packetLogObserver } from './packet-log'
import { StorePersister } from './persistence/persister'
import type { SessionStore, StoredState } from './persistence/session-store'
import { SqliteSessionStore } from './persistence/sqlite-session-store'
import { startSysTopics } from './sys-topics'

export interface StartBrokerOptions {
  config: BrokerConfig
  version: string
  log: Logger
  /** Where -v lines go (default: the log's info). */
  packetLog?: (line: string) => void
  readFile?: (path: string) => string
  /** Where broker.sqlite lives when the config names no persistence_location. */
  dataDir?: string
  /** Told when a commit fails (disk full, read-only): the UI shows it; the log already has it. */
  onPersistenceFailure?: (err: Error) => void
}

/** A problem at start that did not stop the broker; `message` is the English sentence for logs. */
export interface StartWarning {
  /** store-moved-aside: the database was unreadable; batch-log-damaged: the batch log beside it was, past its readable part. */
  code: 'store-moved-aside' | 'batch-log-damaged'
  params: { movedTo: string; reason: string }
  message: string
}

export interface RunningBroker {
  broker: Broker
  listeners: RunningListener[]
  /** Problems found at start that did not stop it (a corrupt database moved aside), ready to show. */
  warnings: StartWarning[]
  /**
   * Makes the open listeners match `configs`: an unchanged one stays open with its clients; a changed or
   * removed one disconnects its clients and closes; a new one opens. The broker, its sessions and every
   * other client stay. @returns why each listener that could not open did not (a busy port).
   */
  setListeners(configs: ListenerConfig[]): Promise<string[]>
  close(): Promise<void>
}

/** Starts everything or nothing; rejects with an AppFailure whose message names what failed. */
export async function startBroker(opts: StartBrokerOptions): Promise<RunningBroker> {
  const { config, log } = opts
  const readFile = opts.readFile ?? ((path: string) => readFileSync(path, 'utf8'))
  warmUpCodec()
  const warnings: StartWarning[] = []
  const persistence = openPersistence(config, opts, warnings)
  const broker = new Broker({ limits: config.limits, policy: buildPolicy(config, readFile, log), log, persister: persistence?.persister })
  if (persistence !== null) broker.restore(persistence.state)
  const stopPruning = persistence === null ? () => undefined : startPruning(broker)
  const stopLog = config.verbose ? broker.observe(packetLogObserver(opts.packetLog ?? ((line) => log.info(line)))) : () => undefined
  const listeners: RunningListener[] = []
  try {
    for (const listener of config.listeners) listeners.push(await startListener(broker, listener))
  } catch (err) {
    broker.close()
    stopPruning()
    persistence?.store.close()
    await Promise.all(listeners.map((l) => l.close()))
    throw err
  }
  const stopSys = startSysTopics(broker, opts.version)
  return {
    broker,
    listeners,
    warnings,
    setListeners: (configs) => replaceListeners(broker, listeners, configs),
    close: async () => {
      stopSys()
      stopLog()
      broker.close()
      await Promise.all(listeners.map((l) => l.close()))
      stopPruning()
      // Sessions went offline as the connections closed: write that before the store closes.
      broker.persister.flush()
      persistence?.store.close()
    },
  }
}

/** setListeners: closes what changed, opens what is new, and keeps `listeners` in step (in place). */
async function replaceListeners(broker: Broker, listeners: RunningListener[], configs: ListenerConfig[]): Promise<string[]> {
  const key = (c: ListenerConfig) => JSON.stringify(c)
  const wanted = new Set(configs.map(key))
  const kept = listeners.filter((l) => wanted.has(key(l.config)))
  const gone = listeners.filter((l) => !kept.includes(l))
  for (const l of gone) broker.disconnectListener(l.name)
  await Promise.all(gone.map((l) => l.close()))
  const open = new Set(kept.map((l) => key(l.config)))
  const failures: string[] = []
  const next = [...kept]
  for (const config of configs) {
    if (open.has(key(config))) continue
    try {
      next.push(await startListener(broker, config))
    } catch (err) {
      failures.push((err as Error).message)
    }
  }
  // In the order asked for, so the status lists the TCP listener first.
  next.sort((a, b) => configs.findIndex((c) => key(c) === key(a.config)) - configs.findIndex((c) => key(c) === key(b.config)))
  listeners.splice(0, listeners.length, ...next)
  return failures
}

/** The policy for the configured files; unreadable files stop the start with a clear message. */
function buildPolicy(config: BrokerConfig, readFile: (path: string) => string, log: Logger): BrokerPolicy {
  let passwords: Map<string, PasswordHash> | null = null
  let acl: Acl | null = null
  if (config.passwordFile !== null) {
    const parsed = parsePasswordFile(readConfigured(readFile, config.passwordFile, 'password file'), config.passwordFile)
    for (const e of parsed.errors) log.warn(e.message)
    passwords = parsed.users
  }
  if (config.aclFile !== null) {
    const parsed = parseAclFile(readConfigured(readFile, config.aclFile, 'ACL file'), config.aclFile)
    for (const e of parsed.errors) log.warn(e.message)
    acl = parsed.acl
  }
  if (!config.allowAnonymous && passwords === null && !config.listeners.some((l) => l.tls?.useIdentityAsUsername)) {
    log.warn('Anonymous access is off and there is no password file: no client can connect.')
  }
  const byPassword = createFileAuthPolicy({ allowAnonymous: config.allowAnonymous, passwords, acl })
  if (!config.listeners.some((l) => l.tls?.useIdentityAsUsername)) return byPassword
  // use_identity_as_username is per listener: only connections that came with a certificate CN use it.
  const byCertificate = createFileAuthPolicy({ allowAnonymous: config.allowAnonymous, passwords, acl, useIdentityAsUsername: true })
  return {
    ...byPassword,
    authenticate: (req) => (req.certificateCommonName !== null ? byCertificate : byPassword).authenticate!(req),
  }
}

function readConfigured(readFile: (path: string) => string, path: string, what: string): string {
  try {
    return readFile(path)
  } catch (err) {
    throw new AppFailure('not-found', `Cannot read the ${what} ${path}: ${(err as Error).message}`)
  }
}

/** Stored messages nobody refers to any more are deleted at this pace. */
const PRUNE_INTERVAL_MS = 60_000
export const STORE_FILE_NAME = 'broker.sqlite'

/** Opens the store and loads it, or returns null for memory-only mode; a corrupt file becomes a warning. */
function openPersistence(config: BrokerConfig, opts: StartBrokerOptions, warnings: StartWarning[]): { store: SessionStore; state: StoredState; persister: StorePersister } | null {
  const p = config.persistence
  if (p.mode === 'none') return null
  const folder = p.location ?? opts.dataDir
  if (folder === undefined) throw new AppFailure('bad-request', 'Persistence needs a folder: set persistence_location or --data-dir.')
  const reportFailure = (err: Error): void => {
    opts.log.error('The broker could not store messages; QoS 1/2 publishes are refused until it can', err)
    opts.onPersistenceFailure?.(err)
  }
  let opened: ReturnType<typeof SqliteSessionStore.open>
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    opened = SqliteSessionStore.open(join(folder, STORE_FILE_NAME), {
      durability: p.durability, strict: p.strict,
      onApplyFailure: (err) => reportFailure(err),
    })
  } catch (err) {
    throw new AppFailure('internal', `Cannot open the broker's database in ${folder}: ${(err as Error).message}`)
  }
  const { store, report } = opened
  if (report.movedAsideTo !== null) {
    const reason = report.reason ?? 'unknown reason'
    warnings.push({ code: 'store-moved-aside', params: { movedTo: report.movedAsideTo, reason },
      message: `The broker's database was unreadable (${reason}); it was moved to ${report.movedAsideTo} and the broker started empty.` })
  }
  if (report.batchLogDamage !== null) {
    const { reason, movedTo } = report.batchLogDamage
    warnings.push({ code: 'batch-log-damaged', params: { movedTo, reason },
      message: `The broker's batch log was damaged (${reason}); what could be read was kept, and the file was moved to ${movedTo}.` })
  }
  const state = store.load(Date.now())
  const persister = new StorePersister(store, {
    mode: p.mode, lastMessageId: state.lastMessageId, lastDeliveryId: state.lastDeliveryId,
    onFailure: (err) => reportFailure(err),
  })
  return { store, state, persister }
}

function startPruning(broker: Broker): () => void {
  const timer = setInterval(() => {
    try {
      broker.persister.prune(broker.now())
    } catch (err) {
      broker.log.warn(`Pruning the broker's database failed: ${(err as Error).message}`)
    }
  }, PRUNE_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
