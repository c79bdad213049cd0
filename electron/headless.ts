#!/usr/bin/env node
// Plain-Node entry (no 'electron'): the `topicscope` command. Parses flags, runs a command, prints
// errors as sentences with an exit code (2 for usage, 1 for a failure at run time).
import { parseCli } from './cli/parse-cli'
import { brokerHelp, mainHelp, serveHelp } from './cli/help-text'
import { runBroker } from './cli/run-broker'
import { runServe } from './cli/run-serve'
import { AppFailure } from './core/support/app-failure'
import { readAppVersion } from './core/support/app-version'
import { consoleLogger, type Logger } from './core/support/logger'

async function main(argv: string[]): Promise<number> {
  const version = readAppVersion(__dirname)
  const cmd = parseCli(argv)
  const print = (line: string) => process.stdout.write(line + '\n')
  const log = consoleLogger()
  switch (cmd.command) {
    case 'help':
      print(cmd.topic === 'serve' ? serveHelp() : cmd.topic === 'broker' ? brokerHelp() : mainHelp(version))
      return 0
    case 'version':
      print(version)
      return 0
    case 'usage-error':
      process.stderr.write(`topicscope: ${cmd.message}\nRun '${cmd.helpCommand ?? 'topicscope --help'}' for usage.\n`)
      return 2
    case 'broker':
      return runUntilStopped(() => runBroker(cmd, { version, log, print }), log, print)
    case 'serve':
      return runUntilStopped(() => runServe(cmd, { version, log, print }), log, print)
  }
}

/** Starts a long-running command, waits for Ctrl+C or SIGTERM, stops it cleanly; start failures become exit 1. */
async function runUntilStopped(start: () => Promise<{ close?(): Promise<void>; stop?(): Promise<void> }>, log: Logger, print: (line: string) => void): Promise<number> {
  let running
  try {
    running = await start()
  } catch (err) {
    if (err instanceof AppFailure) {
      for (const line of err.message.split('\n')) process.stderr.write(`topicscope: ${line}\n`)
      return (err as AppFailure & { exitCode?: number }).exitCode ?? 1
    }
    log.error('Topicscope failed to start', err)
    return 1
  }
  await waitForStopSignal()
  print('Stopping…')
  await (running.stop ?? running.close)?.call(running)
  return 0
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`topicscope: unexpected error: ${String(err)}\n`)
  process.exit(1)
})
