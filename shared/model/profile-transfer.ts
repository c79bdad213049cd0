// Connection profiles as a file to carry to another machine: the export document, and the check of one
// being imported. Secrets (passwords, TLS keys) are in it only when the user asks for them.
import { validateProfile, type ConnectionProfile } from './connection-profile'

export const EXPORT_FORMAT = 'topicscope-connections'
export const EXPORT_VERSION = 1
/** An import larger than this is refused before it is parsed. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

export interface ProfilesExport {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  exportedAt: string
  /** True when passwords and TLS keys are in the profiles; false when they were left out (null). */
  includesSecrets: boolean
  profiles: ConnectionProfile[]
}

export interface ImportResult {
  imported: number
  /** Profiles of the file that were not imported, by name, with the reason. */
  skipped: Array<{ name: string; reason: string }>
}

/** The profiles of an export document, each checked; throws (a sentence) when the file is not one at all. */
export function readProfilesExport(json: string): { profiles: ConnectionProfile[]; skipped: ImportResult['skipped'] } {
  let doc: unknown
  try {
    doc = JSON.parse(json)
  } catch (err) {
    throw new Error(`The file is not JSON: ${(err as Error).message}`)
  }
  const d = doc as Partial<ProfilesExport> | null
  if (typeof d !== 'object' || d === null || d.format !== EXPORT_FORMAT) throw new Error('The file is not a Topicscope connections export.')
  if (d.version !== EXPORT_VERSION) throw new Error(`The file is a version ${String(d.version)} export; this Topicscope reads version ${EXPORT_VERSION}.`)
  if (!Array.isArray(d.profiles)) throw new Error('The file has no list of connections.')
  const profiles: ConnectionProfile[] = []
  const skipped: ImportResult['skipped'] = []
  for (const raw of d.profiles as unknown[]) {
    const name = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : '(no name)'
    const problem = typeof raw === 'object' && raw !== null ? safeValidate(raw as ConnectionProfile) : 'not a connection'
    if (problem !== null) skipped.push({ name, reason: problem })
    else profiles.push(raw as ConnectionProfile)
  }
  return { profiles, skipped }
}

function safeValidate(p: ConnectionProfile): string | null {
  try {
    return validateProfile(p)
  } catch (err) {
    return `incomplete (${(err as Error).message})`
  }
}
