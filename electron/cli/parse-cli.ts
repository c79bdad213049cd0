// Parses `topicscope` command lines into a typed command, or a sentence saying what is wrong.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { checkToken } from '../web/web-token'

export const DEFAULT_WEB_PORT = 8080
export const DEFAULT_WEB_HOST = '127.0.0.1'

export interface ServeCommand {
  command: 'serve'
  port: number
  host: string
  /** null: make a random one. */
  token: string | null
  dataDir: string
}

export type CliCommand = ServeCommand | { command: 'help'; topic: 'main' | 'serve' } | { command: 'version' }

/** What a bad command line gets: printed with a pointer to --help, exit code 2. */
export interface CliUsageError {
  command: 'usage-error'
  message: string
}

/** The data folder when --data-dir is not given. */
export function defaultDataDir(): string {
  return join(homedir(), '.topicscope')
}

/** Parses argv (without node and the script path). */
export function parseCli(argv: readonly string[]): CliCommand | CliUsageError {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: 'main' }
  if (first === '--version' || first === '-V') return { command: 'version' }
  if (first === 'serve') return parseServe(rest)
  if (first.startsWith('-')) return usage(`Unknown option '${first}'.`)
  return usage(`Unknown command '${first}'. Commands: serve.`)
}

function parseServe(argv: string[]): ServeCommand | CliUsageError | { command: 'help'; topic: 'serve' } {
  let values: Record<string, string | boolean | undefined>
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    return usage(humanizeParseError((err as Error).message))
  }
  if (values.help === true) return { command: 'help', topic: 'serve' }
  const port = values.port === undefined ? DEFAULT_WEB_PORT : parsePort(values.port as string)
  if (typeof port === 'string') return usage(port)
  const host = (values.host as string | undefined) ?? DEFAULT_WEB_HOST
  if (host.trim() === '') return usage('--host needs an address, for example 127.0.0.1 or 0.0.0.0.')
  const token = (values.token as string | undefined) ?? null
  if (token !== null) {
    const problem = checkToken(token)
    if (problem !== null) return usage(`--token: ${problem}`)
  }
  const dataDir = values['data-dir'] === undefined ? defaultDataDir() : resolve(values['data-dir'] as string)
  return { command: 'serve', port, host, token, dataDir }
}

/** 0 means "any free port" (tests use it); anything else must be a real TCP port. */
function parsePort(text: string): number | string {
  if (!/^\d+$/.test(text)) return `--port must be a number from 0 to 65535, not '${text}'.`
  const port = Number(text)
  return port <= 65535 ? port : `--port must be a number from 0 to 65535, not ${port}.`
}

function usage(message: string): CliUsageError {
  return { command: 'usage-error', message }
}

/** Node's parseArgs messages mention internals; keep only what the user typed. */
function humanizeParseError(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message)
  if (unknown) return `Unknown option '${unknown[1]}'.`
  const missing = /Option '([^']+)' argument missing/.exec(message)
  if (missing) return `Option '${missing[1]?.replace(/^-\w, /, '')}' needs a value.`
  if (/Unexpected argument/.test(message)) return message.replace(/\. This command does not take positional arguments/, '')
  return message
}
