// An AppCore for integration tests: a temp data folder, the embedded broker on a free port without
// persistence, and its clean-up registered. Waits until the explorer's connection to the broker is up.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { AppCore, type AppCoreOptions } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/support/logger'
import { makeTempDir } from './temp-dir'

export async function openTestCore(cleanups: Array<() => unknown>, extra: Partial<AppCoreOptions> = {}): Promise<{ core: AppCore; dataDir: string; port: number }> {
  const dir = makeTempDir()
  cleanups.push(() => dir.remove())
  writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ schemaVersion: 1, broker: { port: 0, exposure: 'local', persistence: 'none' } }))
  const core = await AppCore.open({ mode: 'web', dataDir: dir.path, version: 't', log: silentLogger, broker: { portOverride: null }, ...extra })
  cleanups.push(() => core.close())
  await expect.poll(() => core.explorer!.list()[0]?.status.state).toBe('connected')
  return { core, dataDir: dir.path, port: core.broker!.listeners[0]!.port }
}
