// `topicscope broker`: its flags (mosquitto's -p/-c/-v plus TLS and WebSocket shortcuts) as a typed command,
// and the BrokerConfig they add up to with a mosquitto.conf. No I/O of its own: files come through readFile.
import { basename, dirname, resolve } from 'node:path'
import { DEFAULT_MQTT_PORT, DEFAULT_MQTTS_PORT, DEFAULT_WS_PATH, defaultBrokerConfig, type BrokerConfig, type ListenerConfig } from '../core/broker/config/broker-config'
import { parseMosquittoConf } from '../core/broker/config/mosquitto-conf'
import { osReason } from '../core/broker/config/mosquitto-conf-checks'
import { PERSISTENCE_MODES, type Durability, type PersistenceMode } from '../../shared/model/persistence'
import { defaultDataDir, isUsageError, parseFlags, parsePort, usage, type CliUsageError } from './cli-args'

/** The default and flag-added listeners bind here unless --host says otherwise: this machine only. */
export const DEFAULT_BROKER_HOST = '127.0.0.1'

/**
 * Exit status when the config file has errors (they are printed with their line numbers). 1, like any
 * failure to start, rather than 2: the command line itself was fine.
 */
export const BROKER_CONFIG_ERROR_EXIT_CODE = 1

/** `topicscope broker` as parsed: raw options and the config file path; resolveBrokerConfig turns it into a BrokerConfig. */
export interface BrokerCommand {
  command: 'broker'
  /** -p: port of the default listener (null: 1883). Ignored, with a warning, when the config file defines listeners (mosquitto 2). */
  port: number | null
  /** --host: address of the default listener and of those --tls-self-signed and --ws-port add (null: 127.0.0.1). */
  host: string | null
  /** -c: absolute path of a mosquitto.conf, or null. */
  configFile: string | null
  /** -v: one log line per packet. */
  verbose: boolean
  /** --tls-self-signed: add a TLS listener with the cached development certificate. */
  tlsSelfSigned: boolean
  /** --tls-port: port of that TLS listener. */
  tlsPort: number
  /** --ws-port: add an MQTT-over-WebSocket listener on this port (path /mqtt); null: none. */
  wsPort: number | null
  /** --persistence: null = the config file's `persistence` line, else acknowledged. */
  persistence: PersistenceMode | null
  /** --durability: null = process (survives a crash of the broker, not a power loss). */
  durability: Durability | null
  /** --strict-persistence: refuse to start on a corrupt database instead of moving it aside. */
  strictPersistence: boolean
  dataDir: string
}

/** Parses the arguments after `broker`. */
export function parseBroker(argv: readonly string[]): BrokerCommand | CliUsageError | { command: 'help'; topic: 'broker' } {
  const values = parseFlags(argv, {
    port: { type: 'string', short: 'p' },
    config: { type: 'string', short: 'c' },
    verbose: { type: 'boolean', short: 'v' },
    host: { type: 'string' },
    'tls-self-signed': { type: 'boolean' },
    'tls-port': { type: 'string' },
    'ws-port': { type: 'string' },
    persistence: { type: 'string' },
    durability: { type: 'string' },
    'strict-persistence': { type: 'boolean' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (isUsageError(values)) return values
  if (values.help === true) return { command: 'help', topic: 'broker' }
  const port = optionalPort('--port', values.port)
  const tlsPort = optionalPort('--tls-port', values['tls-port'])
  const wsPort = optionalPort('--ws-port', values['ws-port'])
  for (const p of [port, tlsPort, wsPort]) if (isUsageError(p)) return p
  const tlsSelfSigned = values['tls-self-signed'] === true
  if (tlsPort !== null && !tlsSelfSigned) return usage('--tls-port needs --tls-self-signed (for your own certificate, use certfile and keyfile in a config file).')
  const host = (values.host as string | undefined) ?? null
  if (host !== null && host.trim() === '') return usage('--host needs an address, for example 127.0.0.1 or 0.0.0.0.')
  const persistence = values.persistence as string | undefined
  if (persistence !== undefined && !PERSISTENCE_MODES.includes(persistence as PersistenceMode)) {
    return usage(`--persistence must be one of ${PERSISTENCE_MODES.join(', ')}, not '${persistence}'.`)
  }
  const durability = values.durability as string | undefined
  if (durability !== undefined && durability !== 'process' && durability !== 'power') {
    return usage(`--durability must be process or power, not '${durability}'.`)
  }
  const config = values.config as string | undefined
  if (config !== undefined && config.trim() === '') return usage('--config needs the path of a mosquitto.conf file.')
  return {
    command: 'broker',
    port: port as number | null,
    host,
    configFile: config === undefined ? null : resolve(config),
    verbose: values.verbose === true,
    tlsSelfSigned,
    tlsPort: (tlsPort as number | null) ?? DEFAULT_MQTTS_PORT,
    wsPort: wsPort as number | null,
    persistence: (persistence as PersistenceMode | undefined) ?? null,
    durability: (durability as Durability | undefined) ?? null,
    strictPersistence: values['strict-persistence'] === true,
    dataDir: values['data-dir'] === undefined ? defaultDataDir() : resolve(values['data-dir'] as string),
  }
}

function optionalPort(flag: string, value: string | boolean | undefined): number | null | CliUsageError {
  return value === undefined ? null : parsePort(flag, value as string)
}

/** The I/O resolveBrokerConfig needs, injected. */
export interface BrokerConfigSources {
  /** Reads a UTF-8 file or throws a Node error (the config file, and the TLS and password files it names). */
  readFile(path: string): string
  /** The development certificate when cmd.tlsSelfSigned (from loadOrCreateDevCertificate), else null. */
  devCertificate: { cert: string; key: string } | null
}

/** What the command line and config file add up to; start nothing when `errors` is not empty. */
export interface ResolvedBrokerConfig {
  config: BrokerConfig
  /** Sentences ready to print, config file errors with their line numbers. */
  errors: string[]
  warnings: string[]
}

/**
 * Applies mosquitto 2's rules: without listeners in the config file (or without a file), one default listener
 * on 127.0.0.1 (or --host) at -p or 1883, anonymous clients allowed; with listeners in the file, -p and --host
 * are ignored. --tls-self-signed and --ws-port always add their listener.
 */
export function resolveBrokerConfig(cmd: BrokerCommand, sources: BrokerConfigSources): ResolvedBrokerConfig {
  const errors: string[] = []
  const warnings: string[] = []
  let config = defaultBrokerConfig()
  let definesListeners = false
  let setsPersistence = false
  if (cmd.configFile !== null) {
    let text: string | null = null
    try {
      text = sources.readFile(cmd.configFile)
    } catch (err) {
      errors.push(`Cannot read the config file '${cmd.configFile}': ${osReason(err)}.`)
    }
    if (text !== null) {
      const parsed = parseMosquittoConf(text, { fileName: basename(cmd.configFile), baseDir: dirname(cmd.configFile), readFile: sources.readFile })
      errors.push(...parsed.errors.map((e) => e.message))
      warnings.push(...parsed.warnings.map((e) => e.message))
      config = parsed.config
      definesListeners = parsed.definesListeners
      setsPersistence = parsed.setsPersistence
    }
  }
  const host = cmd.host ?? DEFAULT_BROKER_HOST
  if (!definesListeners) {
    config.listeners = [listener(cmd.port ?? DEFAULT_MQTT_PORT, host, 'mqtt')]
  } else {
    const file = basename(cmd.configFile ?? '')
    if (cmd.port !== null) warnings.push(`-p ${cmd.port} is ignored: ${file} defines its own listeners (as in mosquitto 2). Add 'listener ${cmd.port}' to it instead.`)
    if (cmd.host !== null) warnings.push(`--host only applies to the listeners that flags add: ${file} defines its own, with their own addresses.`)
  }
  if (cmd.tlsSelfSigned) {
    if (sources.devCertificate === null) throw new Error('resolveBrokerConfig: --tls-self-signed needs sources.devCertificate')
    const tls = { ...sources.devCertificate, ca: null, requireCertificate: false, useIdentityAsUsername: false }
    config.listeners.push({ ...listener(cmd.tlsPort, host, 'mqtt'), tls })
  }
  if (cmd.wsPort !== null) config.listeners.push(listener(cmd.wsPort, host, 'websockets'))
  config.verbose = cmd.verbose
  // Flags win over the file; without either, messages are kept until acknowledged (the safe default).
  config.persistence.mode = cmd.persistence ?? (setsPersistence ? config.persistence.mode : 'acknowledged')
  config.persistence.durability = cmd.durability ?? config.persistence.durability
  config.persistence.strict = cmd.strictPersistence
  errors.push(...portClashes(config.listeners))
  return { config, errors, warnings }
}

function listener(port: number, host: string, protocol: ListenerConfig['protocol']): ListenerConfig {
  return { port, host, protocol, tls: null, wsPath: DEFAULT_WS_PATH }
}

/** Two listeners on one port fail with EADDRINUSE at start; say which ones now. Port 0 (a free port) never clashes. */
function portClashes(listeners: readonly ListenerConfig[]): string[] {
  const wildcard = (h: string) => h === '0.0.0.0' || h === '::'
  const clashes: string[] = []
  listeners.forEach((a, i) => {
    const b = listeners.slice(0, i).find((b) => a.port !== 0 && b.port === a.port && (a.host === b.host || wildcard(a.host) || wildcard(b.host)))
    if (b !== undefined) clashes.push(`Two listeners would use port ${a.port} (${describe(b)} and ${describe(a)}): change -p, --tls-port, --ws-port or the config file.`)
  })
  return clashes
}

function describe(l: ListenerConfig): string {
  const kind = l.protocol === 'websockets' ? (l.tls === null ? 'WebSocket' : 'secure WebSocket') : l.tls === null ? 'MQTT' : 'MQTT over TLS'
  return `${kind} on ${l.host}`
}
