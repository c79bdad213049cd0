// Saved connection profiles: the profiles in connections.json, their secrets (passwords, TLS keys) apart
// in connection-secrets.json (mode 0600), sealed by the OS keychain in the desktop app (safeStorage).
// The page never receives a secret back, only whether one is stored.
import { EXPORT_FORMAT, EXPORT_VERSION, readProfilesExport, type ImportResult, type ProfilesExport } from '../../../shared/model/profile-transfer'
import { join } from 'node:path'
import { EMBEDDED_BROKER_PROFILE_ID, validateProfile, type ConnectionProfile } from '../../../shared/model/connection-profile'
import type { SavedProfile, SaveProfileRequest } from '../../../shared/model/explorer'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'
import { readJsonFile, withSchemaVersion } from '../support/read-json-file'
import { WriteQueue } from '../support/write-queue'

/** How secrets are sealed at rest. The desktop app uses Electron's safeStorage; `serve` a 0600 file. */
export interface SecretCodec {
  readonly kind: 'os-keychain' | 'file-0600'
  seal(plain: string): string
  open(sealed: string): string
}

/** Secrets kept as they are, in a file only the user can read (web mode: no OS keychain from a server). */
export const FILE_0600_CODEC: SecretCodec = { kind: 'file-0600', seal: (s) => s, open: (s) => s }

export const PROFILES_FILE = 'connections.json'
export const SECRETS_FILE = 'connection-secrets.json'
const SCHEMA_VERSION = 1

interface Secrets {
  password?: string
  tlsKey?: string
}

export class ProfileStore {
  private readonly profiles = new Map<string, ConnectionProfile>()
  private readonly secrets = new Map<string, Secrets>()
  private readonly writes = new WriteQueue()

  private constructor(private readonly dataDir: string, private readonly codec: SecretCodec) {}

  /** Reads both files; an unreadable one is moved aside (`.corrupt-<time>`) and reported through `onWarning`. */
  static load(dataDir: string, codec: SecretCodec, onWarning: (message: string) => void): ProfileStore {
    const store = new ProfileStore(dataDir, codec)
    const profiles = readJsonFile(join(dataDir, PROFILES_FILE), withSchemaVersion<{ profiles?: ConnectionProfile[] }>(SCHEMA_VERSION), onWarning)
    for (const p of profiles?.profiles ?? []) if (typeof p?.id === 'string') store.profiles.set(p.id, p)
    const secrets = readJsonFile(join(dataDir, SECRETS_FILE), withSchemaVersion<{ secrets?: Record<string, Secrets> }>(SCHEMA_VERSION), onWarning)
    for (const [id, s] of Object.entries(secrets?.secrets ?? {})) store.secrets.set(id, s)
    return store
  }

  /** Where secrets are kept, for the settings page. */
  get secretStorage(): SecretCodec['kind'] {
    return this.codec.kind
  }

  list(): SavedProfile[] {
    return [...this.profiles.values()].map((p) => this.summary(p))
  }

  /** The profile with its secrets, for connecting. */
  get(id: string): ConnectionProfile {
    const p = this.profiles.get(id)
    if (p === undefined) throw new AppFailure('not-found', `No saved connection ${id}.`)
    const s = this.secrets.get(id) ?? {}
    return {
      ...p,
      password: s.password === undefined ? null : this.codec.open(s.password),
      tls: { ...p.tls, key: s.tlsKey === undefined ? null : this.codec.open(s.tlsKey) },
    }
  }

  /** Validates and saves; a null password or key keeps the stored one. */
  async save(req: SaveProfileRequest): Promise<SavedProfile> {
    const profile = req.profile
    if (profile.id === EMBEDDED_BROKER_PROFILE_ID) throw new AppFailure('bad-request', 'The embedded broker connection cannot be changed here.')
    const previous = this.secrets.get(profile.id) ?? {}
    const secrets: Secrets = { ...previous }
    if (req.clearPassword === true) delete secrets.password
    if (profile.password !== null && profile.password !== '') secrets.password = this.codec.seal(profile.password)
    if (profile.tls.key !== null) secrets.tlsKey = this.codec.seal(profile.tls.key)
    const withSecrets: ConnectionProfile = { ...profile, password: secrets.password === undefined ? null : 'stored', tls: profile.tls }
    const problem = validateProfile(withSecrets)
    if (problem !== null) throw new AppFailure('bad-request', problem)
    this.profiles.set(profile.id, { ...profile, password: null, tls: { ...profile.tls, key: null } })
    this.secrets.set(profile.id, secrets)
    await this.persist()
    return this.summary(this.profiles.get(profile.id)!)
  }

  /** Every saved profile (the embedded broker's is not one), with its secrets only when asked. */
  exportProfiles(includeSecrets: boolean, now: Date = new Date()): ProfilesExport {
    const profiles = [...this.profiles.keys()].map((id) => {
      const full = this.get(id)
      return includeSecrets ? full : { ...full, password: null, tls: { ...full.tls, key: null } }
    })
    return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), includesSecrets: includeSecrets, profiles }
  }

  /**
   * Adds the profiles of an export as new ones (fresh ids, so nothing saved is overwritten); a name already
   * in use gets " (imported)". Invalid entries are skipped and named in the result.
   */
  async importProfiles(json: string, newId: () => string): Promise<ImportResult> {
    let read: ReturnType<typeof readProfilesExport>
    try {
      read = readProfilesExport(json)
    } catch (err) {
      throw new AppFailure('bad-request', (err as Error).message)
    }
    const names = new Set([...this.profiles.values()].map((p) => p.name))
    for (const p of read.profiles) {
      const name = names.has(p.name) ? `${p.name} (imported)` : p.name
      names.add(name)
      await this.save({ profile: { ...p, id: newId(), name } })
    }
    return { imported: read.profiles.length, skipped: read.skipped }
  }

  async delete(id: string): Promise<void> {
    if (!this.profiles.delete(id)) throw new AppFailure('not-found', `No saved connection ${id}.`)
    this.secrets.delete(id)
    await this.persist()
  }

  private summary(p: ConnectionProfile): SavedProfile {
    const s = this.secrets.get(p.id) ?? {}
    return { profile: { ...p, password: null, tls: { ...p.tls, key: null } }, hasPassword: s.password !== undefined, hasTlsKey: s.tlsKey !== undefined }
  }

  private persist(): Promise<void> {
    const profiles = JSON.stringify({ schemaVersion: SCHEMA_VERSION, profiles: [...this.profiles.values()] }, null, 2) + '\n'
    const secrets = JSON.stringify({ schemaVersion: SCHEMA_VERSION, secrets: Object.fromEntries(this.secrets) }, null, 2) + '\n'
    return this.writes.run(async () => {
      await writeFileAtomic(join(this.dataDir, PROFILES_FILE), profiles)
      await writeFileAtomic(join(this.dataDir, SECRETS_FILE), secrets, 0o600)
    }).catch((err: Error) => {
      throw new AppFailure('internal', `Cannot save the connections in ${this.dataDir}: ${err.message}`)
    })
  }
}
