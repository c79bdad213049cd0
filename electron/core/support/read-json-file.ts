// Reads one of the app's small JSON files (saved connections, publish templates). A missing file is
// null; a file that cannot be parsed, or that `check` refuses, is moved aside to
// `<name>.corrupt-<timestamp>` with a warning and is null too, so the app starts with empty lists
// instead of failing, and the user keeps the bad file to look at.
import { existsSync, readFileSync, renameSync } from 'node:fs'

/** The parsed document, or null (missing, or moved aside with `onWarning` told why). `check` throws to refuse it. */
export function readJsonFile<T>(path: string, check: (doc: unknown) => T, onWarning: (message: string) => void): T | null {
  if (!existsSync(path)) return null
  try {
    return check(JSON.parse(readFileSync(path, 'utf8')))
  } catch (err) {
    const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    try {
      renameSync(path, movedTo)
    } catch {
      // leave it; the warning still says what happened
    }
    onWarning(`${path} was unreadable (${(err as Error).message}); it was moved to ${movedTo}.`)
    return null
  }
}

/** A `check` for documents that carry `schemaVersion`: anything else is refused. */
export function withSchemaVersion<T extends object>(version: number) {
  return (doc: unknown): T => {
    if (typeof doc !== 'object' || doc === null || (doc as { schemaVersion?: unknown }).schemaVersion !== version) throw new Error('unknown schema version')
    return doc as T
  }
}
