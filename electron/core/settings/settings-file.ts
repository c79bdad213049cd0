// The settings file (JSON with a schema version) in the data folder: atomic writes, migrations,
// and a corrupt file moved aside and replaced by defaults with a warning, never a crash.
import { readFile, rename } from 'node:fs/promises'
import { applySettingsPatch, settingsFromStored } from '../../../shared/model/settings-parse'
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/model/settings'
import type { AppWarning } from '../../../shared/model/app-status'
import { writeFileAtomic } from '../support/atomic-write'
import { windowStateFromStored, DEFAULT_WINDOW_STATE, type WindowState } from './window-state'
import { WriteQueue } from '../support/write-queue'

/** Bump when the stored shape changes, and add a step to MIGRATIONS. */
export const SETTINGS_SCHEMA_VERSION = 1

/** MIGRATIONS[n] turns a version-n document into version n+1. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {}

interface StoredDoc {
  schemaVersion: number
  appearance: Settings['appearance']
  broker: Settings['broker']
  window: WindowState
}

export type SettingsWarning = Omit<AppWarning, 'id' | 'at'>

/** Loads, holds and saves the settings of one data folder. */
export class SettingsFile {
  private settings: Settings
  private window: WindowState
  private readonly writes = new WriteQueue()

  private constructor(readonly path: string, doc: { settings: Settings; window: WindowState },
                      private readonly onWarning: (w: SettingsWarning) => void) {
    this.settings = doc.settings
    this.window = doc.window
  }

  /** Reads `path`. Problems become warnings (through `onWarning`) and defaults, never exceptions. */
  static async load(path: string, onWarning: (w: SettingsWarning) => void, now: () => number = Date.now): Promise<SettingsFile> {
    const fresh = { settings: DEFAULT_SETTINGS, window: { ...DEFAULT_WINDOW_STATE } }
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        const reason = (err as Error).message
        onWarning({ code: 'settings-unreadable', params: { path, reason }, message: `Cannot read the settings file ${path} (${reason}); using defaults and leaving it untouched.` })
      }
      return new SettingsFile(path, fresh, onWarning)
    }
    const parsed = parseDocument(text)
    if (typeof parsed === 'string') {
      const movedTo = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`
      let moved = movedTo
      try {
        await rename(path, movedTo)
      } catch (err) {
        moved = `(could not move it: ${(err as Error).message})`
      }
      onWarning({ code: 'settings-corrupt', params: { path, movedTo: moved, reason: parsed },
        message: `The settings file ${path} was unusable (${parsed}). It was moved to ${moved} and defaults are in use.` })
      return new SettingsFile(path, fresh, onWarning)
    }
    return new SettingsFile(path, parsed, onWarning)
  }

  /** The current settings. */
  get(): Settings {
    return this.settings
  }

  /** Applies a validated patch and saves. A failed save keeps the change in memory and warns. */
  async update(patch: SettingsPatch): Promise<Settings> {
    this.settings = applySettingsPatch(this.settings, patch)
    await this.save()
    return this.settings
  }

  /** The remembered window position and size. */
  getWindowState(): WindowState {
    return this.window
  }

  /** Remembers the window position and size. */
  async setWindowState(state: WindowState): Promise<void> {
    this.window = windowStateFromStored(state)
    await this.save()
  }

  /** Resolves once every write started so far has finished. */
  flush(): Promise<void> {
    return this.writes.idle()
  }

  /** Saves the current state; writes are serialised so the last one wins on disk too. */
  private save(): Promise<void> {
    const doc: StoredDoc = { schemaVersion: SETTINGS_SCHEMA_VERSION, appearance: this.settings.appearance, broker: this.settings.broker, window: this.window }
    const text = JSON.stringify(doc, null, 2) + '\n'
    return this.writes.run(() => writeFileAtomic(this.path, text)).catch((err: Error) => {
      this.onWarning({ code: 'settings-unwritable', params: { path: this.path, reason: err.message },
        message: `Cannot save the settings file ${this.path} (${err.message}); changes last until Topicscope stops.` })
    })
  }
}

/** Parses and migrates a stored document; returns why it is unusable otherwise. */
function parseDocument(text: string): { settings: Settings; window: WindowState } | string {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object'
  let record = doc as Record<string, unknown>
  let version = record.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return 'no valid schemaVersion'
  if (version > SETTINGS_SCHEMA_VERSION) return `written by a newer Topicscope (schema ${version}, this one reads up to ${SETTINGS_SCHEMA_VERSION})`
  while (version < SETTINGS_SCHEMA_VERSION) {
    const step = MIGRATIONS[version]
    if (step === undefined) return `no migration from schema ${version}`
    record = step(record)
    version++
  }
  return { settings: settingsFromStored(record, DEFAULT_SETTINGS), window: windowStateFromStored(record.window) }
}
