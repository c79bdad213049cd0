// How far the user got in each QoS lab lesson, kept in lab-progress.json in the data folder so it
// survives a restart; a lesson can be reset. A corrupt file is moved aside with a warning.
import { join } from 'node:path'
import { writeFileAtomic } from '../support/atomic-write'
import { readJsonFile, withSchemaVersion } from '../support/read-json-file'
import type { LessonProgress } from '../../../shared/model/lab-lessons'
import { WriteQueue } from '../support/write-queue'

const PROGRESS_FILE = 'lab-progress.json'
const SCHEMA_VERSION = 1

export class LessonProgressStore {
  private progress: LessonProgress = {}
  private readonly writes = new WriteQueue()
  readonly path: string

  constructor(dataDir: string, onWarning: (message: string) => void) {
    this.path = join(dataDir, PROGRESS_FILE)
    const doc = readJsonFile(this.path, withSchemaVersion<{ lessons?: unknown }>(SCHEMA_VERSION), onWarning)
    const lessons = doc?.lessons
    if (typeof lessons !== 'object' || lessons === null) return
    for (const [id, value] of Object.entries(lessons as Record<string, unknown>)) {
      const v = value as { step?: unknown; completed?: unknown }
      if (typeof v?.step === 'number' && Number.isInteger(v.step) && v.step >= 0 && typeof v.completed === 'boolean') this.progress[id] = { step: v.step, completed: v.completed }
    }
  }

  get(): LessonProgress {
    return { ...this.progress }
  }

  async set(lessonId: string, step: number, completed: boolean): Promise<LessonProgress> {
    // Progress only moves forward: going back to read an earlier step keeps what was done.
    const before = this.progress[lessonId]
    this.progress[lessonId] = { step: Math.max(step, before?.step ?? 0), completed: completed || (before?.completed ?? false) }
    await this.save()
    return this.get()
  }

  async reset(lessonId: string): Promise<LessonProgress> {
    delete this.progress[lessonId]
    await this.save()
    return this.get()
  }

  private save(): Promise<void> {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, lessons: this.progress }, null, 2) + '\n'
    return this.writes.run(() => writeFileAtomic(this.path, text))
  }
}
