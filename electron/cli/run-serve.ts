// `topicscope serve`: AppCore plus the web server, with the addresses printed for the user.
import { join } from 'node:path'
import { networkInterfaces } from 'node:os'
import { AppCore } from '../core/app-core'
import type { Logger } from '../core/support/logger'
import { dispatchInvoke } from '../ipc/dispatch'
import { createInvokeHandlers } from '../ipc/handlers'
import { startWebServer } from '../web/server'
import { generateToken } from '../web/web-token'
import type { ServeCommand } from './parse-cli'

export interface RunningServe {
  url: string
  core: AppCore
  stop(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** Starts everything; rejects with an AppFailure whose message is fit to print. */
export async function runServe(cmd: ServeCommand, opts: { version: string; log: Logger; print(line: string): void; rendererDir?: string }): Promise<RunningServe> {
  // Bench only (docs/benchmarks.md): the page's figures with tree batching turned off.
  const flush = process.env.TOPICSCOPE_TREE_FLUSH_MS
  const treeFlushMs = flush !== undefined && /^\d+$/.test(flush) ? Number(flush) : undefined
  const core = await AppCore.open({ mode: 'web', dataDir: cmd.dataDir, version: opts.version, log: opts.log, broker: { portOverride: cmd.mqttPort }, treeFlushMs })
  const handlers = createInvokeHandlers(core)
  const token = cmd.token ?? generateToken()
  let web
  try {
    web = await startWebServer({
      host: cmd.host,
      port: cmd.port,
      token,
      rendererDir: opts.rendererDir ?? join(__dirname, '..', '..', 'renderer'),
      log: opts.log,
      dispatch: (channel, req) => dispatchInvoke(handlers, channel, req, opts.log),
      onClientCount: (n) => core.setWebClientCount(n),
    })
  } catch (err) {
    await core.close()
    throw err
  }
  const detach = core.attachPushTarget(web.push)
  const exposed = !LOOPBACK.has(cmd.host)
  opts.print(`Topicscope ${opts.version}: web UI ready`)
  opts.print(`  Open ${web.url}`)
  for (const listener of core.broker?.listeners ?? []) opts.print(`  MQTT broker ${listener.url}`)
  const broker = core.status().broker
  if (broker?.state === 'failed') {
    opts.print(`  MQTT broker not running: ${broker.error}`)
    opts.print('    Run again with --mqtt-port N, or pick another port in the Broker view.')
  }
  if (exposed) {
    for (const address of lanAddresses()) opts.print(`  or   http://${address}:${web.port}/?token=${encodeURIComponent(token)}`)
    core.addWarning({ code: 'web-exposed', params: { host: cmd.host },
      message: `The web UI listens on ${cmd.host}: anyone on your network who has the token can use it.` })
  }
  opts.print(`  Data folder ${cmd.dataDir}`)
  opts.print('  Stop with Ctrl+C')
  return {
    url: web.url,
    core,
    stop: async () => {
      detach()
      await web.close()
      await core.close()
    },
  }
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address)
}
