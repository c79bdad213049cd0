// The settings file: round trip, atomic replacement, corrupt or newer files moved aside with a warning.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsFile, SETTINGS_SCHEMA_VERSION, type SettingsWarning } from '../../../../electron/core/settings/settings-file'
import { DEFAULT_SETTINGS } from '../../../../shared/model/settings'
import { makeTempDir } from '../../../support/temp-dir'

describe('SettingsFile', () => {
  let dir: ReturnType<typeof makeTempDir>
  let path: string
  let warnings: SettingsWarning[]
  const load = () => SettingsFile.load(path, (w) => warnings.push(w), () => Date.UTC(2026, 10, 29, 12, 0, 0))

  beforeEach(() => {
    dir = makeTempDir()
    path = join(dir.path, 'settings.json')
    warnings = []
  })
  afterEach(() => dir.remove())

  it('starts from defaults without a warning when there is no file', async () => {
    const file = await load()
    expect(file.get()).toEqual(DEFAULT_SETTINGS)
    expect(warnings).toEqual([])
    expect(existsSync(path)).toBe(false)
  })

  it('saves a change with its schema version and reads it back', async () => {
    await (await load()).update({ appearance: { theme: 'dark' } })
    const stored = JSON.parse(readFileSync(path, 'utf8'))
    expect(stored).toMatchObject({ schemaVersion: SETTINGS_SCHEMA_VERSION, appearance: { theme: 'dark', language: 'system' } })
    expect((await load()).get().appearance.theme).toBe('dark')
  })

  it('leaves no temporary file behind after a save', async () => {
    const file = await load()
    await file.update({ appearance: { language: 'fr' } })
    await file.setWindowState({ x: 10, y: 20, width: 900, height: 700, maximized: true })
    expect(readdirSync(dir.path)).toEqual(['settings.json'])
    expect((await load()).getWindowState()).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true })
  })

  it.each([
    ['invalid JSON', '{"schemaVersion": 1, "appear', /not valid JSON/],
    ['a JSON array', '[1, 2]', /not a JSON object/],
    ['no schema version', '{"appearance": {}}', /no valid schemaVersion/],
    ['a newer schema', '{"schemaVersion": 99}', /newer Topicscope \(schema 99/],
  ])('moves a file with %s aside, uses defaults and warns', async (_name, content, reason) => {
    writeFileSync(path, content)
    const file = await load()
    expect(file.get()).toEqual(DEFAULT_SETTINGS)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ code: 'settings-corrupt', params: { path, reason: expect.stringMatching(reason) } })
    const moved = warnings[0]!.params.movedTo!
    expect(moved).toBe(`${path}.corrupt-2026-11-29T12-00-00-000Z`)
    expect(readFileSync(moved, 'utf8')).toBe(content)
    expect(existsSync(path)).toBe(false)
  })

  it('keeps good fields and defaults bad ones in an otherwise valid file', async () => {
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, appearance: { theme: 'dark', language: 'klingon' }, window: { width: 10 } }))
    const file = await load()
    expect(file.get().appearance).toEqual({ theme: 'dark', language: 'system' })
    expect(file.getWindowState().width).toBeGreaterThanOrEqual(720)
    expect(warnings).toEqual([])
  })

  it('warns and keeps the change in memory when the folder is read-only', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits: make the target a directory instead, which no write can replace.
      mkdirSync(path)
    } else {
      chmodSync(dir.path, 0o500)
    }
    const file = await SettingsFile.load(path, (w) => warnings.push(w))
    const settings = await file.update({ appearance: { theme: 'light' } })
    expect(settings.appearance.theme).toBe('light')
    expect(warnings.map((w) => w.code)).toContain('settings-unwritable')
    chmodSync(dir.path, 0o700)
  })
})
