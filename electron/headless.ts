#!/usr/bin/env node
// Plain-Node entry (no 'electron'): the `topicscope` command. Parses flags, runs a command, prints
// errors as sentences with an exit code (2 for usage, 1 for a failure at run time).
import { parseCli } from './cli/parse-cli'
import { mainHelp, serveHelp } from './cli/help-text'
import { runServe } from './cli/run-serve'
import { AppFailure } from './core/support/app-failure'
import { readAppVersion } from './core/support/app-version'
import { consoleLogger } from './core/support/logger'

async function main(argv: string[]): Promise<number> {
  const version = readAppVersion(__dirname)
  const cmd = parseCli(argv)
  const print = (line: string) => process.stdout.write(line + '\n')
  switch (cmd.command) {
    case 'help':
      print(cmd.topic === 'serve' ? serveHelp() : mainHelp(version))
      return 0
    case 'version':
      print(version)
      return 0
    case 'usage-error':
      process.stderr.write(`topicscope: ${cmd.message}\nRun 'topicscope --help' for usage.\n`)
      return 2
    case 'serve': {
      const log = consoleLogger()
      try {
        const running = await runServe(cmd, { version, log, print })
        await waitForStopSignal()
        print('Stopping…')
        await running.stop()
        return 0
      } catch (err) {
        if (err instanceof AppFailure) {
          process.stderr.write(`topicscope: ${err.message}\n`)
          return 1
        }
        log.error('Topicscope failed to start', err)
        return 1
      }
    }
  }
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
