// `topicscope broker`: resolves flags and the config file into a BrokerConfig, starts the broker, and
// prints where it listens (with the development certificate's fingerprint for --tls-self-signed).
import { readFileSync } from 'node:fs'
import { loadOrCreateDevCertificate } from '../core/broker/config/dev-certificate-store'
import { startBroker, type RunningBroker } from '../core/broker/broker-service'
import { AppFailure } from '../core/support/app-failure'
import type { Logger } from '../core/support/logger'
import { BROKER_CONFIG_ERROR_EXIT_CODE, resolveBrokerConfig, type BrokerCommand } from './broker-cli'

const OPEN_HOSTS = new Set(['0.0.0.0', '::'])

/** Starts the broker; a config problem rejects with an AppFailure listing every error with its line. */
export async function runBroker(cmd: BrokerCommand, opts: { version: string; log: Logger; print(line: string): void }): Promise<RunningBroker> {
  const dev = cmd.tlsSelfSigned ? await loadOrCreateDevCertificate({ dataDir: cmd.dataDir }) : null
  const resolved = resolveBrokerConfig(cmd, { readFile: (path) => readFileSync(path, 'utf8'), devCertificate: dev })
  for (const warning of resolved.warnings) opts.log.warn(warning)
  if (resolved.errors.length > 0) {
    throw Object.assign(new AppFailure('bad-request', resolved.errors.join('\n')), { exitCode: BROKER_CONFIG_ERROR_EXIT_CODE })
  }
  const running = await startBroker({ config: resolved.config, version: opts.version, log: opts.log, packetLog: opts.print, dataDir: cmd.dataDir })
  for (const warning of running.warnings) opts.log.warn(warning.message)
  opts.print(`Topicscope ${opts.version}: MQTT broker ready`)
  opts.print(`  Persistence ${describePersistence(resolved.config.persistence)}`)
  for (const listener of running.listeners) {
    opts.print(`  Listening on ${listener.url}`)
    if (OPEN_HOSTS.has(listener.config.host)) opts.log.warn(`${listener.url} accepts connections from your whole network.`)
  }
  if (dev !== null) opts.print(`  TLS development certificate ${dev.certPath}\n  SHA-256 fingerprint ${dev.fingerprintSha256}`)
  opts.print('  Stop with Ctrl+C')
  return running
}

function describePersistence(p: { mode: string; durability: string }): string {
  if (p.mode === 'none') return 'none: everything lives in memory'
  return `${p.mode} (${p.durability === 'power' ? 'survives a power loss' : 'survives a crash of the broker'})`
}
