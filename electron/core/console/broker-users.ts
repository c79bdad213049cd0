// The embedded broker's users, managed from the console: user names with mosquitto-compatible password
// hashes ($7$ PBKDF2-SHA512) in broker-users.passwd in the data folder (0600: it holds the hashes), so the
// file also works with mosquitto. A change gives the running broker a new auth policy at once: connected
// clients are not dropped. Whether clients that send no user name are accepted is the anonymous-access setting.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrokerUsersList, UsersImportResult } from '../../../shared/model/broker-users'
import type { Acl } from '../broker/auth/acl-file'
import { createFileAuthPolicy } from '../broker/auth/file-auth-policy'
import { checkUsername, derivePasswordHash, encodePasswordHash, formatPasswordFile, parsePasswordFile, type PasswordHash } from '../broker/auth/password-file'
import type { BrokerPolicy } from '../broker/hooks'
import { AppFailure } from '../support/app-failure'
import { writeFileAtomic } from '../support/atomic-write'

const USERS_FILE = 'broker-users.passwd'

export class BrokerUsers {
  /** user name → hash, in the order they were added (as the password file's parser reads them). */
  private readonly hashes = new Map<string, PasswordHash>()
  readonly path: string

  constructor(dataDir: string, onWarning: (message: string) => void) {
    this.path = join(dataDir, USERS_FILE)
    if (!existsSync(this.path)) return
    try {
      const parsed = parsePasswordFile(readFileSync(this.path, 'utf8'), this.path)
      for (const e of parsed.errors) onWarning(e.message)
      for (const [name, hash] of parsed.users) this.hashes.set(name, hash)
    } catch (err) {
      onWarning(`${this.path} could not be read (${(err as Error).message}); the broker has no users until it can.`)
    }
  }

  list(): BrokerUsersList {
    return { users: [...this.hashes.keys()].sort((a, b) => a.localeCompare(b)), file: this.path }
  }

  /** Adds a user, or sets a new password for one. */
  async set(username: string, password: string): Promise<void> {
    const problem = checkUsername(username)
    if (problem !== null) throw new AppFailure('bad-request', problem)
    if (password === '') throw new AppFailure('bad-request', 'A password cannot be empty.')
    this.hashes.set(username, derivePasswordHash(password))
    await this.save()
  }

  async remove(username: string): Promise<void> {
    if (!this.hashes.delete(username)) throw new AppFailure('not-found', `There is no user '${username}'.`)
    await this.save()
  }

  /** Adds the users of a mosquitto password file (a user already here takes the file's hash). */
  async importFile(text: string): Promise<UsersImportResult> {
    const parsed = parsePasswordFile(text, 'the imported file')
    for (const [name, hash] of parsed.users) this.hashes.set(name, hash)
    if (parsed.users.size > 0) await this.save()
    return { imported: parsed.users.size, skipped: parsed.errors.map((e) => e.message) }
  }

  /**
   * The auth policy for these users and `acl`. Without users a user name is taken on trust; clients
   * without one need `allowAnonymous`, as in mosquitto.
   */
  policy(acl: Acl | null = null, allowAnonymous = true): BrokerPolicy {
    return createFileAuthPolicy({ allowAnonymous, passwords: this.hashes.size === 0 ? null : new Map(this.hashes), acl })
  }

  private save(): Promise<void> {
    const encoded = new Map([...this.hashes].map(([name, hash]) => [name, encodePasswordHash(hash)]))
    return writeFileAtomic(this.path, formatPasswordFile(encoded), 0o600)
  }
}
