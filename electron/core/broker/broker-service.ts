// Starts a whole broker from a BrokerConfig: reads the password and ACL files, builds the auth policy,
// opens every listener (all or none), and runs $SYS and the -v packet log. Used by `topicscope broker`,
// `topicscope serve` and the desktop app.
import { readFileSync } from 'node:fs'
import { warmUpCodec } from '../codec/mqtt-codec'
import { AppFailure } from '../support/app-failure'
import type { Logger } from '../support/logger'
import { parseAclFile, type Acl } from './auth/acl-file'
import { createFileAuthPolicy } from './auth/file-auth-policy'
import { parsePasswordFile, type PasswordHash } from './auth/password-file'
import { Broker } from './broker'
import type { BrokerConfig } from './config/broker-config'
import type { BrokerPolicy } from './hooks'
import { startListener, type RunningListener } from './listeners/start-listener'
import { packetLogObserver } from './packet-log'
import { startSysTopics } from './sys-topics'

export interface StartBrokerOptions {
  config: BrokerConfig
  version: string
  log: Logger
  /** Where -v lines go (default: the log's info). */
  packetLog?: (line: string) => void
  readFile?: (path: string) => string
}

export interface RunningBroker {
  broker: Broker
  listeners: RunningListener[]
  close(): Promise<void>
}

/** Starts everything or nothing; rejects with an AppFailure whose message names what failed. */
export async function startBroker(opts: StartBrokerOptions): Promise<RunningBroker> {
  const { config, log } = opts
  const readFile = opts.readFile ?? ((path: string) => readFileSync(path, 'utf8'))
  warmUpCodec()
  const broker = new Broker({ limits: config.limits, policy: buildPolicy(config, readFile, log), log })
  const stopLog = config.verbose ? broker.observe(packetLogObserver(opts.packetLog ?? ((line) => log.info(line)))) : () => undefined
  const listeners: RunningListener[] = []
  try {
    for (const listener of config.listeners) listeners.push(await startListener(broker, listener))
  } catch (err) {
    broker.close()
    await Promise.all(listeners.map((l) => l.close()))
    throw err
  }
  const stopSys = startSysTopics(broker, opts.version)
  return {
    broker,
    listeners,
    close: async () => {
      stopSys()
      stopLog()
      broker.close()
      await Promise.all(listeners.map((l) => l.close()))
    },
  }
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
