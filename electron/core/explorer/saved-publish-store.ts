// The recent publishes and the named templates of the publish form, in publishes.json in the data folder
// (written atomically). A file that cannot be read is moved aside with a warning, and the lists start empty.
import { join } from 'node:path'
import { MAX_RECENT_PUBLISHES, MAX_TEMPLATES, parseSavedPublish, type PublishTemplate, type SavedPublish, type SavedPublishes, type SavePublishRequest } from '../../../shared/model/saved-publish'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'
import { readJsonFile, withSchemaVersion } from '../support/read-json-file'
import { WriteQueue } from '../support/write-queue'

export const SAVED_PUBLISHES_FILE = 'publishes.json'
const SCHEMA_VERSION = 1

export class SavedPublishStore {
  private readonly writes = new WriteQueue()

  private constructor(private readonly path: string, private recent: SavedPublish[], private templates: PublishTemplate[]) {}

  static load(dataDir: string, onWarning: (message: string) => void): SavedPublishStore {
    const path = join(dataDir, SAVED_PUBLISHES_FILE)
    const doc = readJsonFile(path, (raw) => {
      const d = withSchemaVersion<{ recent?: unknown; templates?: unknown }>(SCHEMA_VERSION)(raw)
      if (!Array.isArray(d.recent) || !Array.isArray(d.templates)) throw new Error('no recent or templates list')
      return d as { recent: unknown[]; templates: Array<{ name?: unknown; entry?: unknown }> }
    }, onWarning)
    if (doc === null) return new SavedPublishStore(path, [], [])
    const recent = doc.recent.map(parseSavedPublish).filter((e): e is SavedPublish => e !== null).slice(0, MAX_RECENT_PUBLISHES)
    const templates = doc.templates
      .map((t) => ({ name: typeof t?.name === 'string' ? t.name : '', entry: parseSavedPublish(t?.entry) }))
      .filter((t): t is PublishTemplate => t.name !== '' && t.entry !== null)
    return new SavedPublishStore(path, recent, templates)
  }

  list(): SavedPublishes {
    return { recent: [...this.recent], templates: [...this.templates] }
  }

  /** A recent publish goes first (an identical one moves up); a template replaces the one of the same name. */
  async save(req: SavePublishRequest): Promise<SavedPublishes> {
    if (req.kind === 'recent') {
      const same = JSON.stringify(req.entry)
      this.recent = [req.entry, ...this.recent.filter((e) => JSON.stringify(e) !== same)].slice(0, MAX_RECENT_PUBLISHES)
    } else {
      const others = this.templates.filter((t) => t.name !== req.name)
      if (others.length >= MAX_TEMPLATES) throw new AppFailure('bad-request', `At most ${MAX_TEMPLATES} templates: delete one first.`)
      this.templates = [...others, { name: req.name, entry: req.entry }].sort((a, b) => a.name.localeCompare(b.name))
    }
    await this.persist()
    return this.list()
  }

  async deleteTemplate(name: string): Promise<SavedPublishes> {
    this.templates = this.templates.filter((t) => t.name !== name)
    await this.persist()
    return this.list()
  }

  private persist(): Promise<void> {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, recent: this.recent, templates: this.templates }, null, 2) + '\n'
    return this.writes.run(() => writeFileAtomic(this.path, text)).catch((err: Error) => {
      throw new AppFailure('internal', `Cannot save the publish templates in ${this.path}: ${err.message}`)
    })
  }
}
