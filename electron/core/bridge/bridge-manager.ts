// The embedded broker's bridges: kept in bridges.json in the data folder (mode 0600: it holds the remote
// passwords), each enabled one running as a BridgeRuntime. Saving a bridge restarts only that bridge;
// removing one also discards its session on the embedded broker, with whatever waited in it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseBridgeSave, type BridgeConfig, type BridgeSave, type BridgeView } from '../../../shared/model/bridge'
import type { Broker } from '../broker/broker'
import { clientAction } from '../console/client-detail'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'
import type { Logger } from '../support/logger'
import { readJsonFile, withSchemaVersion } from '../support/read-json-file'
import { BridgeRuntime, bridgeLocalClientId, type LocalEndpoint } from './bridge-runtime'
import { WriteQueue } from '../support/write-queue'

const BRIDGES_FILE = 'bridges.json'
const SCHEMA_VERSION = 1
const MAX_BRIDGES = 20

export interface BridgeManagerOptions {
  dataDir: string
  log: Logger
  /** The running embedded broker, or null. */
  broker(): Broker | null
  /** Its TCP listener and the trusted credentials, or null when it does not run. */
  local(): LocalEndpoint | null
  onWarning(message: string): void
  backoff?: { minMs: number; maxMs: number }
}

export class BridgeManager {
  readonly path: string
  private configs: BridgeConfig[] = []
  private readonly running = new Map<string, BridgeRuntime>()
  private readonly writes = new WriteQueue()

  constructor(private readonly opts: BridgeManagerOptions) {
    this.path = join(opts.dataDir, BRIDGES_FILE)
    const doc = readJsonFile(this.path, withSchemaVersion<{ bridges?: unknown }>(SCHEMA_VERSION), opts.onWarning)
    for (const raw of Array.isArray(doc?.bridges) ? doc.bridges : []) {
      const parsed = parseBridgeSave(raw)
      if (typeof parsed === 'string') opts.onWarning(`${this.path}: a bridge was skipped (${parsed})`)
      else this.configs.push({ ...parsed, password: parsed.password ?? null })
    }
  }

  /** Starts every enabled bridge (once the embedded broker runs). */
  startAll(): void {
    for (const config of this.configs) if (config.enabled) this.run(config)
  }

  list(): BridgeView[] {
    return this.configs.map((config) => {
      const { password, ...rest } = config
      const status = this.running.get(config.id)?.status() ?? {
        state: 'stopped' as const, lastError: null, since: 0, retryAt: null, queued: 0, queuedMax: 0, sent: 0, received: 0, reconnects: 0, dropped: 0,
      }
      return { config: { ...rest, hasPassword: password !== null }, status }
    })
  }

  /** Adds or replaces a bridge and restarts it alone; the others keep running. */
  async save(save: BridgeSave): Promise<BridgeView[]> {
    const existing = this.configs.find((c) => c.id === save.id)
    if (existing === undefined && this.configs.length >= MAX_BRIDGES) throw new AppFailure('bad-request', `At most ${MAX_BRIDGES} bridges.`)
    const { password, ...rest } = save
    const config: BridgeConfig = { ...rest, password: password === undefined ? existing?.password ?? null : password }
    // Kept only once written: a failed write leaves the bridges as they were, saved and running.
    const next = existing === undefined ? [...this.configs, config] : this.configs.map((c) => (c.id === config.id ? config : c))
    await this.persist(next)
    this.configs = next
    await this.halt(config.id)
    if (config.enabled) this.run(config)
    return this.list()
  }

  /** Removes a bridge, stops it, and discards its session on the embedded broker. */
  async remove(id: string): Promise<BridgeView[]> {
    if (!this.configs.some((c) => c.id === id)) throw new AppFailure('not-found', `No bridge '${id}'.`)
    const next = this.configs.filter((c) => c.id !== id)
    await this.persist(next)
    this.configs = next
    await this.halt(id)
    const broker = this.opts.broker()
    const clientId = bridgeLocalClientId(id)
    if (broker !== null && (broker.sessions.has(clientId) || broker.connections.has(clientId))) clientAction(broker, clientId, 'discard-session')
    return this.list()
  }

  /** The embedded broker restarted or moved: each bridge reconnects to it. */
  localEndpointChanged(): void {
    for (const bridge of this.running.values()) bridge.localEndpointChanged()
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.halt(id)))
    await this.writes.idle()
  }

  private run(config: BridgeConfig): void {
    const bridge = new BridgeRuntime({
      config, local: this.opts.local, log: this.opts.log, backoff: this.opts.backoff,
      session: (clientId) => this.opts.broker()?.sessions.get(clientId),
      queuedMax: () => this.opts.broker()?.limits.maxQueuedMessages ?? 0,
      readFile: (path) => readFileSync(path, 'utf8'),
    })
    this.running.set(config.id, bridge)
    bridge.start()
  }

  private async halt(id: string): Promise<void> {
    const bridge = this.running.get(id)
    this.running.delete(id)
    await bridge?.stop()
  }

  private persist(configs: BridgeConfig[]): Promise<void> {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, bridges: configs }, null, 2) + '\n'
    // A failed write is the caller's error, not every later one's.
    return this.writes.run(() => writeFileAtomic(this.path, text, 0o600))
  }
}
