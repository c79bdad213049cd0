// Helpers shared by the `topicscope` subcommand parsers: node:util parseArgs with readable errors, ports,
// the data folder. No I/O.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** What a bad command line gets: printed with a pointer to --help, exit code 2. */
export interface CliUsageError {
  command: 'usage-error'
  message: string
  /** The help that answers it (a subcommand's own); topicscope --help when absent. */
  helpCommand?: string
}

/** parseArgs values: strings for string options, true for boolean ones. */
export type FlagValues = Record<string, string | boolean | undefined>

/** The data folder when --data-dir is not given. */
export function defaultDataDir(): string {
  return join(homedir(), '.topicscope')
}

/** Wraps a sentence as a usage error. */
export function usage(message: string): CliUsageError {
  return { command: 'usage-error', message }
}

/** Strict parseArgs (no positionals); a usage error with a readable sentence when it fails. */
export function parseFlags(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): FlagValues | CliUsageError {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values as FlagValues
  } catch (err) {
    return usage(humanizeParseError((err as Error).message))
  }
}

/** 0 means "any free port" (tests use it); anything else must be a real TCP port. */
export function parsePort(flag: string, text: string): number | CliUsageError {
  if (!/^\d+$/.test(text)) return usage(`${flag} must be a number from 0 to 65535, not '${text}'.`)
  const port = Number(text)
  return port <= 65535 ? port : usage(`${flag} must be a number from 0 to 65535, not ${port}.`)
}

/** Tells a usage error from a parsed value. */
export function isUsageError(value: unknown): value is CliUsageError {
  return typeof value === 'object' && value !== null && (value as { command?: unknown }).command === 'usage-error'
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
