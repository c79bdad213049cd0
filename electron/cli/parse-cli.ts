// Parses `topicscope` command lines into a typed command, or a sentence saying what is wrong.
import { resolve } from 'node:path'
import { checkToken } from '../web/web-token'
import { parseBroker, type BrokerCommand } from './broker-cli'
import { defaultDataDir, isUsageError, parseFlags, parsePort, usage, type CliUsageError } from './cli-args'

export { defaultDataDir, type CliUsageError } from './cli-args'
export type { BrokerCommand } from './broker-cli'

export const DEFAULT_WEB_PORT = 8080
export const DEFAULT_WEB_HOST = '127.0.0.1'
/** The broker that `serve` runs beside the web UI. */

export interface ServeCommand {
  command: 'serve'
  port: number
  host: string
  /** null: make a random one. */
  token: string | null
  dataDir: string
  /** Port of the broker's MQTT listener; 0 picks a free one. */
  /** null: the port in the settings (1883 unless changed in the UI). */
  mqttPort: number | null
}

export type HelpTopic = 'main' | 'serve' | 'broker'

export type CliCommand = ServeCommand | BrokerCommand | { command: 'help'; topic: HelpTopic } | { command: 'version' }

/** Parses argv (without node and the script path). */
export function parseCli(argv: readonly string[]): CliCommand | CliUsageError {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: 'main' }
  if (first === '--version' || first === '-V') return { command: 'version' }
  // A usage error of a subcommand points at that subcommand's own help.
  if (first === 'serve') return withHelpTopic(parseServe(rest), 'serve')
  if (first === 'broker') return withHelpTopic(parseBroker(rest), 'broker')
  if (first.startsWith('-')) return usage(`Unknown option '${first}'.`)
  return usage(`Unknown command '${first}'. Commands: serve, broker.`)
}

function withHelpTopic<T extends { command: string }>(parsed: T | CliUsageError, topic: 'serve' | 'broker'): T | CliUsageError {
  return parsed.command === 'usage-error' ? { ...(parsed as CliUsageError), helpCommand: `topicscope ${topic} --help` } : parsed
}

function parseServe(argv: string[]): ServeCommand | CliUsageError | { command: 'help'; topic: 'serve' } {
  const values = parseFlags(argv, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    'mqtt-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (isUsageError(values)) return values
  if (values.help === true) return { command: 'help', topic: 'serve' }
  const port = values.port === undefined ? DEFAULT_WEB_PORT : parsePort('--port', values.port as string)
  if (isUsageError(port)) return port
  const mqttPort = values['mqtt-port'] === undefined ? null : parsePort('--mqtt-port', values['mqtt-port'] as string)
  if (isUsageError(mqttPort)) return mqttPort
  const host = (values.host as string | undefined) ?? DEFAULT_WEB_HOST
  if (host.trim() === '') return usage('--host needs an address, for example 127.0.0.1 or 0.0.0.0.')
  const token = (values.token as string | undefined) ?? null
  if (token !== null) {
    const problem = checkToken(token)
    if (problem !== null) return usage(`--token: ${problem}`)
  }
  const dataDir = values['data-dir'] === undefined ? defaultDataDir() : resolve(values['data-dir'] as string)
  return { command: 'serve', port, host, token, dataDir, mqttPort }
}
